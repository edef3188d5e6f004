"""Quizzes: set them up, who may see and take them, assignments and per-student overrides."""

from __future__ import annotations

from quizapp.services.quizzes.assignments import (
    assign_quiz,
    assignable_quizzes,
    quiz_assignments,
    student_assignments,
    unassign_quiz,
)
from quizapp.services.quizzes.lists import (
    close_overdue_for,
    managed_quiz,
    managed_quiz_rows,
    open_attempts,
    quiz_row,
    quiz_rows,
    recent_attempts,
    usable_banks,
)
from quizapp.services.quizzes.overrides import (
    OverrideError,
    OverrideInput,
    clear_override,
    quiz_overrides,
    rules_for,
    set_override,
)
from quizapp.services.quizzes.settings import (
    QuizError,
    QuizSettings,
    capacity,
    create_quiz,
    managed_quizzes,
    takeable_quizzes,
    update_quiz,
)

__all__ = [
    "OverrideError",
    "OverrideInput",
    "QuizError",
    "QuizSettings",
    "assign_quiz",
    "assignable_quizzes",
    "capacity",
    "clear_override",
    "close_overdue_for",
    "create_quiz",
    "managed_quiz",
    "managed_quiz_rows",
    "managed_quizzes",
    "open_attempts",
    "quiz_assignments",
    "quiz_overrides",
    "quiz_row",
    "quiz_rows",
    "recent_attempts",
    "rules_for",
    "set_override",
    "student_assignments",
    "takeable_quizzes",
    "unassign_quiz",
    "update_quiz",
    "usable_banks",
]
