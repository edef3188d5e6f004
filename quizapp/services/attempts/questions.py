"""The questions of an attempt: build them from a bank, freeze them as served, grade answers.

Helpers for services.attempts; they change the session but never commit.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from flask import current_app
from sqlalchemy import select

from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.bank import Grade, Question
from quizapp.engine.questions import grade as grade_question
from quizapp.engine.quiz import build_quiz
from quizapp.extensions import db
from quizapp.models.attempt import AttemptQuestion
from quizapp.models.bank import BankFact
from quizapp.models.quiz import Quiz

#: A longer answer (as JSON) is refused: no question type needs more, and rows stay small.
MAX_ANSWER_CHARS = 10_000
#: Rounds of building for questions restricted to given facts (see `build_questions`).
RESTRICTED_ROUNDS = 4


def answer_problem(answer: Any) -> str | None:
    """Return why an answer cannot be stored, or None when it can."""
    try:
        size = len(json.dumps(answer))
    except (TypeError, ValueError):
        return "This answer cannot be saved: it is not text or a list."
    if size > MAX_ANSWER_CHARS:
        return "This answer is too long to save."
    return None


def grade_answer(question: dict[str, Any], answer: Any) -> Grade:
    """Grade an answer to a frozen question with the engine (never raises)."""
    frozen = Question.from_dict(question)
    try:
        return grade_question(frozen, answer)
    except Exception:
        # One question the engine chokes on must not stop a whole attempt from being finished.
        current_app.logger.exception("grading failed for a %s question", frozen.type)
        return Grade(0.0, frozen.points, "ungraded", "This answer could not be graded.")


def build_questions(
    bank: EngineBank, quiz: Quiz, seed: int, fact_keys: Sequence[str] | None = None
) -> list[Question]:
    """Build a quiz's questions; with `fact_keys`, only questions testing none but those facts.

    Raises ValueError when the quiz names fact kinds or question types the engine lacks.
    """
    options: dict[str, Any] = {
        "types": quiz.question_types or None,
        "kinds": quiz.fact_kinds or None,
    }
    if fact_keys is None:
        return build_quiz(bank, count=quiz.question_count, seed=seed, **options)
    # Matching and ordering questions draw in neighbouring facts: keep only questions whose facts
    # are all still wanted (so none is tested twice), and retry the rest with the next seed.
    left = dict.fromkeys(k for k in fact_keys if k in bank.facts)
    count = min(quiz.question_count, len(left))
    chosen: list[Question] = []
    for round_number in range(RESTRICTED_ROUNDS):
        if not left or len(chosen) >= count:
            break
        built = build_quiz(
            bank,
            count=count - len(chosen),
            seed=seed + round_number,
            fact_ids=list(left),
            **options,
        )
        for question in built:
            if len(chosen) < count and all(f in left for f in question.fact_ids):
                chosen.append(question)
                for fact_id in question.fact_ids:
                    left.pop(fact_id, None)
    return chosen


def freeze_questions(bank_id: int, questions: list[Question]) -> list[AttemptQuestion]:
    """Return attempt questions holding each question exactly as served, numbered from 1."""
    keys = {q.fact_ids[0] for q in questions if q.fact_ids}
    facts = {
        f.fact_key: f
        for f in db.session.scalars(
            select(BankFact).where(BankFact.bank_id == bank_id, BankFact.fact_key.in_(keys))
        )
    }
    frozen = []
    for position, question in enumerate(questions, start=1):
        fact = facts.get(question.fact_ids[0]) if question.fact_ids else None
        frozen.append(
            AttemptQuestion(
                position=position,
                question=question.to_dict(),
                qtype=question.type,
                bank_fact_id=fact.id if fact else None,
                kind=fact.kind if fact else "relation",
                max_points=question.points,
            )
        )
    return frozen
