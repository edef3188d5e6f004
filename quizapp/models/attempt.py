"""Attempts: the questions frozen as served, and one response per question."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.quiz import Quiz
from quizapp.models.types import UTCDateTime, utcnow

ATTEMPT_STATES = ("in_progress", "finished", "overdue", "abandoned")
#: graded: counts for the grade; practice: "practise what I missed"; preview: an instructor trying
#: the quiz as a student would (never in the gradebook, statistics, progress or memory).
ATTEMPT_PURPOSES = ("graded", "practice", "preview")
OUTCOMES = ("correct", "partial", "incorrect", "ungraded")


class Attempt(db.Model):
    """One learner's go at a quiz.

    States: in_progress -> finished (submitted, graded) | overdue (deadline passed, graded from
    what was saved in time) | abandoned (closed without a grade). At most one in_progress attempt
    per learner and quiz, enforced by a partial unique index.
    """

    __tablename__ = "attempt"
    __table_args__ = (
        CheckConstraint(f"state IN {ATTEMPT_STATES!r}", name="state"),
        CheckConstraint(f"purpose IN {ATTEMPT_PURPOSES!r}", name="purpose"),
        CheckConstraint("number >= 1", name="number_positive"),
        UniqueConstraint("quiz_id", "user_id", "number"),
        Index(
            "uq_attempt_one_in_progress",
            "quiz_id",
            "user_id",
            unique=True,
            sqlite_where=text("state = 'in_progress'"),
            postgresql_where=text("state = 'in_progress'"),
        ),
        Index("ix_attempt_user_started", "user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    bank_version_id: Mapped[int] = mapped_column(ForeignKey("bank_version.id"))
    #: 1, 2, 3 ... per learner and quiz, in start order.
    number: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), default="in_progress")
    #: graded attempts count towards the quiz grade; practice ones ("practise what I missed") don't.
    purpose: Mapped[str] = mapped_column(String(16), default="graded")
    #: The seed the questions were generated with, so generation can be reproduced.
    seed: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The server's deadline; NULL when untimed.
    deadline_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float, default=0.0)

    quiz: Mapped[Quiz] = relationship()
    questions: Mapped[list[AttemptQuestion]] = relationship(
        back_populates="attempt", order_by="AttemptQuestion.position", cascade="all, delete-orphan"
    )

    @property
    def percent(self) -> float | None:
        """Return the score as a percentage, or None while ungraded."""
        if self.score is None or not self.max_score:
            return None
        return 100.0 * self.score / self.max_score


class AttemptQuestion(db.Model):
    """A question exactly as it was served in an attempt (bank edits never change it)."""

    __tablename__ = "attempt_question"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        Index("ix_attempt_question_fact", "bank_fact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    #: 1-based order in the attempt.
    position: Mapped[int]
    #: engine `Question.to_dict()`: stem, options, answer key, fact ids, sources.
    question: Mapped[dict[str, Any]] = mapped_column(JSON)
    qtype: Mapped[str] = mapped_column(String(32))
    #: The main fact tested (for mastery, item statistics and "practise what I missed").
    bank_fact_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_fact.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16))
    max_points: Mapped[float] = mapped_column(Float, default=1.0)
    #: The learner marked the question to come back to before finishing.
    flagged: Mapped[bool] = mapped_column(default=False, server_default=false())

    attempt: Mapped[Attempt] = relationship(back_populates="questions")
    response: Mapped[Response | None] = relationship(
        back_populates="attempt_question", uselist=False, cascade="all, delete-orphan"
    )


class Response(db.Model):
    """The learner's answer to one attempt question; `seq` counts saves to refuse stale ones."""

    __tablename__ = "response"
    __table_args__ = (
        CheckConstraint("seq >= 1", name="seq_positive"),
        CheckConstraint(f"outcome IS NULL OR outcome IN {OUTCOMES!r}", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: UNIQUE: one response row per attempt question, so an answer can't be recorded twice.
    attempt_question_id: Mapped[int] = mapped_column(
        ForeignKey("attempt_question.id", ondelete="CASCADE"), unique=True
    )
    answer: Mapped[Any] = mapped_column(JSON)
    #: 1 after the first save; each save must name the seq it saw (compare-and-swap).
    seq: Mapped[int] = mapped_column(default=1)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Saved after deadline + grace: kept, but not graded.
    late: Mapped[bool] = mapped_column(default=False)
    points: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[str | None] = mapped_column(String(16))
    feedback: Mapped[str] = mapped_column(Text, default="")

    attempt_question: Mapped[AttemptQuestion] = relationship(back_populates="response")
