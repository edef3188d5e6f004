"""Classes: a group of students taught by instructors, the quizzes assigned to it, and the
per-student exceptions (overrides) an instructor grants on a quiz.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.quiz import Quiz
from quizapp.models.types import UTCDateTime, utcnow
from quizapp.models.user import User

MEMBER_ROLES = ("student", "instructor")


class Classroom(db.Model):
    """A class: its owner and co-instructors teach it, its students take what is assigned."""

    __tablename__ = "classroom"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The normalised join code (upper case, no dashes); NULL while joining by code is off.
    join_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    owner: Mapped[User] = relationship()


class ClassMember(db.Model):
    """A student of a class, or one of its co-instructors."""

    __tablename__ = "class_member"
    __table_args__ = (
        CheckConstraint(f"role IN {MEMBER_ROLES!r}", name="role"),
        Index("ix_class_member_user", "user_id"),
    )

    class_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), default="student")
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class ClassQuiz(db.Model):
    """A quiz opened to a class, with that class's optional due date."""

    __tablename__ = "class_quiz"
    __table_args__ = (Index("ix_class_quiz_quiz", "quiz_id"),)

    class_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), primary_key=True
    )
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("quiz.id", ondelete="CASCADE"), primary_key=True
    )
    #: After it no new graded attempt starts for this class (an attempt under way keeps its clock).
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    quiz: Mapped[Quiz] = relationship()


class QuizOverride(db.Model):
    """One student's exceptions at one quiz: more time, more attempts, their own window."""

    __tablename__ = "quiz_override"
    __table_args__ = (
        UniqueConstraint("quiz_id", "user_id"),
        CheckConstraint("extra_minutes IS NULL OR extra_minutes >= 0", name="extra_minutes"),
        CheckConstraint("extra_percent IS NULL OR extra_percent >= 0", name="extra_percent"),
        CheckConstraint("extra_attempts >= 0", name="extra_attempts"),
        CheckConstraint(
            "opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at", name="window"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    extra_minutes: Mapped[int | None]
    extra_percent: Mapped[int | None]
    extra_attempts: Mapped[int] = mapped_column(default=0)
    #: When set, replace the quiz's (and the class's due date) for this student.
    opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
