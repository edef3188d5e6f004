"""Attempts: start, save, flag, finish and grade them; what the quiz and review pages show."""

from __future__ import annotations

from quizapp.services.attempts.errors import (
    AttemptError,
    AttemptNotFound,
    InvalidAnswer,
    LoggedOut,
    SaveResult,
    StaleSave,
)
from quizapp.services.attempts.flags import set_flag
from quizapp.services.attempts.operations import (
    finish_attempt,
    grace,
    missed_fact_keys,
    practise_missed,
    preview_quiz,
    quiz_grade,
    save_response,
    start_attempt,
    sweep_overdue,
)
from quizapp.services.attempts.pages import AttemptPage, QuestionView, attempt_page, with_answers
from quizapp.services.attempts.questions import build_questions
from quizapp.services.attempts.review import practise_missed_allowed, review_page

__all__ = [
    "AttemptError",
    "AttemptNotFound",
    "AttemptPage",
    "InvalidAnswer",
    "LoggedOut",
    "QuestionView",
    "SaveResult",
    "StaleSave",
    "attempt_page",
    "build_questions",
    "finish_attempt",
    "grace",
    "missed_fact_keys",
    "practise_missed",
    "practise_missed_allowed",
    "preview_quiz",
    "quiz_grade",
    "review_page",
    "save_response",
    "set_flag",
    "start_attempt",
    "sweep_overdue",
    "with_answers",
]
