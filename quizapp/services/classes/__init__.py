"""Classes: run a class, its students and co-instructors, join codes, and rosters."""

from __future__ import annotations

from quizapp.services.classes.operations import (
    JOIN_ALPHABET,
    JOIN_LENGTH,
    ClassError,
    ClassNotFound,
    add_member,
    classes_studied,
    classes_taught,
    create_class,
    delete_class,
    format_code,
    join_by_code,
    leave_class,
    remove_member,
    set_join_code,
    student_class,
    student_ids,
    taught_class,
    update_class,
)
from quizapp.services.classes.roster import RosterError, RosterProblem, import_roster

__all__ = [
    "JOIN_ALPHABET",
    "JOIN_LENGTH",
    "ClassError",
    "ClassNotFound",
    "RosterError",
    "RosterProblem",
    "add_member",
    "classes_studied",
    "classes_taught",
    "create_class",
    "delete_class",
    "format_code",
    "import_roster",
    "join_by_code",
    "leave_class",
    "remove_member",
    "set_join_code",
    "student_class",
    "student_ids",
    "taught_class",
    "update_class",
]
