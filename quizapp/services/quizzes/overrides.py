"""Per-student overrides (as Moodle's user overrides): extra time, extra attempts and a
personal window at one quiz, set by the quiz's instructor for a student they teach.

`rules_for` is what the server enforces when an attempt starts and what the learner is shown:
the quiz's own settings, the due date of the learner's classes, and their override on top.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.models.classroom import QuizOverride
from quizapp.models.quiz import Quiz
from quizapp.models.user import User
from quizapp.services.access import Actor, can_manage_quiz
from quizapp.services.classes.operations import ClassError, ClassNotFound, teaches_student
from quizapp.services.quizzes.assignments import due_dates

#: An override may give at most this many times the quiz's limit on top of it.
MAX_FACTOR = 10


@dataclass(frozen=True)
class Rules:
    """What one learner may do at one quiz, overrides included."""

    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    time_limit_minutes: int | None
    attempts_allowed: int | None
    due_at: dt.datetime | None = None
    #: The quiz's own limit, when an override changed it (to show "30 minutes instead of 20").
    base_time_limit: int | None = None
    base_attempts: int | None = None

    def is_open(self, now: dt.datetime) -> bool:
        """Return True if a graded attempt may start at `now`."""
        return self.status(now) == "open"

    def status(self, now: dt.datetime) -> str:
        """Return 'open', 'not_yet' or 'closed' at `now`."""
        if self.opens_at is not None and now < self.opens_at:
            return "not_yet"
        if self.closes_at is not None and now >= self.closes_at:
            return "closed"
        return "open"


@dataclass(frozen=True)
class OverrideInput:
    """An instructor's override as plain data; None leaves that part as the quiz has it."""

    extra_minutes: int | None = None
    extra_percent: int | None = None
    extra_attempts: int = 0
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None


@dataclass(frozen=True)
class OverrideRow:
    """An override as the quiz's override list shows it."""

    user_id: int
    username: str
    display_name: str
    override: QuizOverride


def _apply(quiz: Quiz, override: QuizOverride | None, due: dt.datetime | None) -> Rules:
    closes = quiz.closes_at
    if due is not None:
        closes = due if closes is None else min(closes, due)
    limit, attempts = quiz.time_limit_minutes, quiz.attempts_allowed
    opens = quiz.opens_at
    if override is None:
        return Rules(opens, closes, limit, attempts, due)
    if override.opens_at is not None:
        opens = override.opens_at
    if override.closes_at is not None:
        closes = override.closes_at
    if limit is not None:
        extra = override.extra_minutes or 0
        if override.extra_percent:
            extra = max(extra, math.ceil(limit * override.extra_percent / 100))
        limit += extra
    if attempts is not None:
        attempts += override.extra_attempts
    return Rules(
        opens, closes, limit, attempts, due, quiz.time_limit_minutes, quiz.attempts_allowed
    )


def rules_for(user_id: int, quiz: Quiz) -> Rules:
    """Return the rules one learner takes one quiz by."""
    return rules_for_many(user_id, [quiz])[quiz.id]


def rules_for_many(user_id: int, quizzes: Sequence[Quiz]) -> dict[int, Rules]:
    """Return the rules of each quiz for one learner (two queries whatever the number)."""
    ids = [q.id for q in quizzes]
    overrides = (
        {
            o.quiz_id: o
            for o in db.session.scalars(
                select(QuizOverride).where(
                    QuizOverride.user_id == user_id, QuizOverride.quiz_id.in_(ids)
                )
            )
        }
        if ids
        else {}
    )
    dues = due_dates(user_id, ids)
    return {q.id: _apply(q, overrides.get(q.id), dues.get(q.id)) for q in quizzes}


def override_problems(quiz: Quiz, given: OverrideInput) -> list[tuple[str, str]]:
    """Return (field, message) for every part of an override outside sane bounds."""
    out: list[tuple[str, str]] = []
    limit = quiz.time_limit_minutes
    for name, value, most, unit in (
        ("extra_minutes", given.extra_minutes, (limit or 0) * MAX_FACTOR, "minutes"),
        ("extra_percent", given.extra_percent, 100 * MAX_FACTOR, "percent"),
    ):
        if value is None:
            continue
        if value < 0:
            out.append((name, "Extra time cannot be negative."))
        elif limit is None and value:
            out.append((name, "This quiz has no time limit, so there is no time to add."))
        elif value > most:
            out.append((name, f"At most {most} {unit}: ten times the quiz's {limit}-minute limit."))
    allowed = quiz.attempts_allowed
    if given.extra_attempts < 0:
        out.append(("extra_attempts", "Extra attempts cannot be negative."))
    elif given.extra_attempts and allowed is None:
        out.append(("extra_attempts", "This quiz allows unlimited attempts already."))
    elif allowed is not None and given.extra_attempts > allowed * MAX_FACTOR:
        out.append(
            (
                "extra_attempts",
                f"At most {allowed * MAX_FACTOR} extra attempts: ten times the limit.",
            )
        )
    if any(t is not None and t.tzinfo is None for t in (given.opens_at, given.closes_at)):
        out.append(("opens_at", "Give the times with their time zone."))
    elif given.opens_at and given.closes_at and given.closes_at <= given.opens_at:
        out.append(("closes_at", "The window must close after it opens."))
    return out


class OverrideError(ClassError):
    """An override refused: `problems` lists (field, message) pairs, every one at once."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(m for _, m in problems), problems[0][0] if problems else None)
        self.problems = problems


def _quiz_and_student(actor: Actor, quiz_id: int, username: str) -> tuple[Quiz, User]:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not can_manage_quiz(actor, quiz):
        raise ClassNotFound("No such quiz.")
    from quizapp.services.accounts import find_user

    student = find_user(username)
    if student is None or not teaches_student(actor, student.id):
        db.session.rollback()
        raise OverrideError([("username", "None of your classes has a student of that name.")])
    return quiz, student


def set_override(actor: Actor, quiz_id: int, username: str, given: OverrideInput) -> int:
    """Create or replace a student's override at a quiz one manages; return the student's id."""
    quiz, student = _quiz_and_student(actor, quiz_id, username)
    if problems := override_problems(quiz, given):
        db.session.rollback()
        raise OverrideError(problems)
    row = db.session.scalar(
        select(QuizOverride).where(
            QuizOverride.quiz_id == quiz_id, QuizOverride.user_id == student.id
        )
    )
    if row is None:
        row = QuizOverride(quiz_id=quiz_id, user_id=student.id)
        db.session.add(row)
    row.extra_minutes, row.extra_percent = given.extra_minutes, given.extra_percent
    row.extra_attempts = given.extra_attempts
    row.opens_at, row.closes_at = given.opens_at, given.closes_at
    student_id = student.id
    db.session.commit()
    return student_id


def clear_override(actor: Actor, quiz_id: int, user_id: int) -> None:
    """Remove a student's override: the quiz's own settings apply again."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not can_manage_quiz(actor, quiz):
        raise ClassNotFound("No such quiz.")
    db.session.execute(
        delete(QuizOverride).where(QuizOverride.quiz_id == quiz_id, QuizOverride.user_id == user_id)
    )
    db.session.commit()


def quiz_overrides(quiz_id: int) -> list[OverrideRow]:
    """Return a quiz's overrides, by username."""
    rows = db.session.execute(
        select(User.id, User.username, User.display_name, QuizOverride)
        .join(QuizOverride, QuizOverride.user_id == User.id)
        .where(QuizOverride.quiz_id == quiz_id)
        .order_by(User.username)
    )
    return [OverrideRow(*row) for row in rows]
