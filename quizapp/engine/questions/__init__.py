"""The registry of question types: one module per type, each registering itself on import.

`REGISTRY` maps a type's name to its handler, in a fixed order (the import order below), so that
quiz building is deterministic. `grade(question, response)` dispatches on `question.type`.
"""

from __future__ import annotations

from quizapp.engine.bank.model import Grade, Question
from quizapp.engine.questions.base import REGISTRY, QuestionType
from quizapp.engine.questions.display import describe_answer, describe_response, review_record
from quizapp.engine.questions.phrasing import ask

# Imported for their registration side effect; the order here is the registry's order.
from quizapp.engine.questions.types import multiple_choice  # noqa: F401  isort: skip
from quizapp.engine.questions.types import true_false  # noqa: F401  isort: skip
from quizapp.engine.questions.types import numeric  # noqa: F401  isort: skip
from quizapp.engine.questions.types import date_entry  # noqa: F401  isort: skip
from quizapp.engine.questions.types import ordering  # noqa: F401  isort: skip
from quizapp.engine.questions.types import matching  # noqa: F401  isort: skip
from quizapp.engine.questions.types import who_said  # noqa: F401  isort: skip
from quizapp.engine.questions.types import short_answer  # noqa: F401  isort: skip
from quizapp.engine.questions.types import fixed  # noqa: F401  isort: skip

__all__ = [
    "REGISTRY",
    "QuestionType",
    "ask",
    "describe_answer",
    "describe_response",
    "grade",
    "review_record",
]


def grade(question: Question, response: object) -> Grade:
    """Grade a response with the question's own type; an unknown type grades as ungraded."""
    handler = REGISTRY.get(question.type)
    if handler is None:
        return Grade(0.0, question.points, "ungraded", f"Unknown question type {question.type!r}.")
    return handler.grade(question, response)
