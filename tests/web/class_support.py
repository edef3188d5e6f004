"""Making classes for tests through the real class services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask

from quizapp.extensions import db
from quizapp.models.classroom import Classroom
from quizapp.services import classes, quizzes


def make_class(app: Flask, teacher: Any, students: tuple[Any, ...] = (), name: str = "9B") -> int:
    """Create a class of `teacher` with these students in it; return its id."""
    with app.app_context():
        class_id = classes.create_class(teacher, name)
        for student in students:
            classes.add_member(teacher, class_id, student.username)
    return class_id


def join_code(app: Flask, class_id: int) -> str:
    """Return the class's current join code as stored."""
    with app.app_context():
        code = db.session.get(Classroom, class_id).join_code
        db.session.rollback()
    return code


def assign(
    app: Flask, teacher: Any, class_id: int, quiz_id: int, due_at: dt.datetime | None = None
) -> None:
    """Assign a quiz to a class, with an optional due date."""
    with app.app_context():
        quizzes.assign_quiz(teacher, class_id, quiz_id, due_at)
