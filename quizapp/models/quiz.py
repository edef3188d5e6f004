"""Quizzes: how questions are drawn from a bank and how attempts are timed, graded and reviewed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.bank import Bank
from quizapp.models.types import UTCDateTime, utcnow

GRADING_METHODS = ("highest", "average", "first", "last")
FEEDBACK_MODES = ("immediate", "deferred")
#: When a finished attempt's review shows the correct answers.
REVIEW_POLICIES = ("after_finish", "after_close", "never")
LAYOUTS = ("one_per_page", "all_on_one_page")


class Quiz(db.Model):
    """A quiz set up on a bank by its owner; every bank also gets an untimed practice quiz."""

    __tablename__ = "quiz"
    __table_args__ = (
        CheckConstraint("question_count BETWEEN 1 AND 200", name="question_count"),
        CheckConstraint(
            "time_limit_minutes IS NULL OR time_limit_minutes BETWEEN 1 AND 1440",
            name="time_limit",
        ),
        CheckConstraint("attempts_allowed IS NULL OR attempts_allowed >= 1", name="attempts"),
        CheckConstraint(f"grading_method IN {GRADING_METHODS!r}", name="grading_method"),
        CheckConstraint(f"feedback IN {FEEDBACK_MODES!r}", name="feedback"),
        CheckConstraint(f"review_policy IN {REVIEW_POLICIES!r}", name="review_policy"),
        CheckConstraint(f"layout IN {LAYOUTS!r}", name="layout"),
        CheckConstraint(
            "opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at", name="window"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    #: NULL for the practice quiz made automatically for a shipped bank.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Fact kinds and question types to draw from; an empty list means all of them.
    fact_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    question_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    question_count: Mapped[int] = mapped_column(default=10)
    #: NULL: untimed.
    time_limit_minutes: Mapped[int | None]
    #: NULL: unlimited.
    attempts_allowed: Mapped[int | None]
    grading_method: Mapped[str] = mapped_column(String(16), default="highest")
    shuffle: Mapped[bool] = mapped_column(Boolean, default=True)
    feedback: Mapped[str] = mapped_column(String(16), default="deferred")
    review_policy: Mapped[str] = mapped_column(String(16), default="after_finish")
    layout: Mapped[str] = mapped_column(String(16), default="one_per_page")
    opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    #: The ready-made untimed quiz of a bank, regenerated with each import.
    is_practice: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Open to everyone signed in; otherwise only to the classes it is assigned to (a draft
    #: while there are none). Practice quizzes are open to everyone whatever this says.
    open_to_all: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Withdrawn from every student (assignments and attempts are kept).
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    bank: Mapped[Bank] = relationship()

    def is_open(self, now: dt.datetime) -> bool:
        """Return True if attempts may be started at `now`."""
        return (self.opens_at is None or now >= self.opens_at) and (
            self.closes_at is None or now < self.closes_at
        )
