"""Attempt histories written straight into the tables, for tests that need many or exact ones.

The attempt services are the way real attempts are made (and tests of them use them); these
helpers only insert rows with known outcomes in a few statements, so a test can build 1,000
attempts, or a small fixture whose statistics are worked out by hand, quickly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from sqlalchemy import insert, select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion, Response
from quizapp.models.bank import BankFact, BankVersion
from quizapp.models.quiz import Quiz

START = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Q:
    """One question of an inserted attempt; points None means it was left unanswered."""

    fact: int | None
    kind: str = "date"
    points: float | None = 1.0
    qtype: str = "short_answer"
    max_points: float = 1.0
    question: dict[str, Any] = field(default_factory=dict)
    answer: Any = "x"


def facts(app: Flask, bank_id: int, count: int = 10) -> list[tuple[int, str, str]]:
    """Return (id, kind, label) of the bank's first facts, in id order."""
    with app.app_context():
        rows = db.session.execute(
            select(BankFact.id, BankFact.kind, BankFact.label)
            .where(BankFact.bank_id == bank_id)
            .order_by(BankFact.id)
            .limit(count)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def _outcome(q: Q) -> str:
    if not q.points:
        return "incorrect"
    return "correct" if q.points >= q.max_points else "partial"


def insert_attempts(
    app: Flask,
    quiz_id: int,
    user_id: int,
    specs: list[list[Q]],
    *,
    start: dt.datetime = START,
    step: dt.timedelta = dt.timedelta(hours=1),
    state: str = "finished",
    purpose: str = "graded",
    number_from: int = 1,
) -> list[int]:
    """Insert one attempt per spec (its questions), oldest first; return the attempt ids."""
    with app.app_context():
        bank_id = db.session.scalar(select(Quiz.bank_id).where(Quiz.id == quiz_id))
        version_id = db.session.scalar(
            select(BankVersion.id)
            .where(BankVersion.bank_id == bank_id)
            .order_by(BankVersion.number.desc())
            .limit(1)
        )
        done = state in ("finished", "overdue")
        attempt_rows = [
            {
                "quiz_id": quiz_id,
                "user_id": user_id,
                "bank_version_id": version_id,
                "number": number_from + i,
                "state": state,
                "purpose": purpose,
                "seed": i,
                "started_at": start + step * i,
                "finished_at": start + step * i + dt.timedelta(minutes=5) if done else None,
                "score": sum(q.points or 0.0 for q in spec) if done else None,
                "max_score": sum(q.max_points for q in spec),
            }
            for i, spec in enumerate(specs)
        ]
        ids = list(
            db.session.scalars(
                insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
                attempt_rows,
            )
        )
        aq_rows = [
            {
                "attempt_id": attempt_id,
                "position": position,
                "question": {
                    "type": q.qtype,
                    "stem": f"Question {position}",
                    "fact_ids": [],
                    **q.question,
                },
                "qtype": q.qtype,
                "bank_fact_id": q.fact,
                "kind": q.kind,
                "max_points": q.max_points,
            }
            for attempt_id, spec in zip(ids, specs, strict=True)
            for position, q in enumerate(spec, start=1)
        ]
        questions = [q for spec in specs for q in spec]
        aq_ids = list(
            db.session.scalars(
                insert(AttemptQuestion).returning(AttemptQuestion.id, sort_by_parameter_order=True),
                aq_rows,
            )
        )
        responses = [
            {
                "attempt_question_id": aq_id,
                "answer": q.answer,
                "seq": 1,
                "saved_at": START,
                "points": q.points if done else None,
                "outcome": _outcome(q) if done else None,
            }
            for aq_id, q in zip(aq_ids, questions, strict=True)
            if q.points is not None
        ]
        if responses:
            db.session.execute(insert(Response), responses)
        db.session.commit()
        return ids
