"""Flashcards: spaced-repetition memory per learner and fact, and the log of every review."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.bank import BankFact
from quizapp.models.types import UTCDateTime, utcnow

REVIEW_SOURCES = ("flashcard", "quiz")


class Card(db.Model):
    """FSRS state of one fact in one learner's memory (fed by flashcards and quiz answers)."""

    __tablename__ = "card"
    __table_args__ = (
        UniqueConstraint("user_id", "bank_fact_id"),
        CheckConstraint("state BETWEEN 1 AND 3", name="state"),
        Index("ix_card_user_due", "user_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    bank_fact_id: Mapped[int] = mapped_column(ForeignKey("bank_fact.id", ondelete="CASCADE"))
    #: fsrs.State: 1 learning, 2 review, 3 relearning.
    state: Mapped[int] = mapped_column(default=1)
    step: Mapped[int | None]
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_review_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    fact: Mapped[BankFact] = relationship()


class ReviewLog(db.Model):
    """One rating of a card: append-only, from a flashcard session or a graded quiz answer."""

    __tablename__ = "review_log"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 4", name="rating"),
        CheckConstraint(f"source IN {REVIEW_SOURCES!r}", name="source"),
        Index("ix_review_log_card_at", "card_id", "reviewed_at"),
        # A quiz answer feeds memory once, however often grading runs (NULLs are distinct).
        UniqueConstraint("response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"))
    #: 1 Again, 2 Hard, 3 Good, 4 Easy (fsrs.Rating).
    rating: Mapped[int]
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    source: Mapped[str] = mapped_column(String(16), default="flashcard")
    #: The quiz response that produced this review, when source is 'quiz'.
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id", ondelete="SET NULL"))
    duration_ms: Mapped[int | None]

    card: Mapped[Card] = relationship()
