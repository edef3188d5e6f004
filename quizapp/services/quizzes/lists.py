"""What the quiz lists show: the quizzes a learner may take with their own attempts and grade,
the quizzes an instructor manages, and the banks a quiz may be built on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from quizapp.engine.scoring import final_grade
from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.bank import Bank
from quizapp.models.quiz import Quiz
from quizapp.models.types import utcnow
from quizapp.services.access import Actor, can_manage_bank, can_manage_quiz, can_take_quiz
from quizapp.services.attempts import operations as attempts
from quizapp.services.attempts.operations import AttemptNotFound
from quizapp.services.quizzes.assignments import can_see_quiz, visible_condition
from quizapp.services.quizzes.overrides import Rules, rules_for, rules_for_many
from quizapp.services.quizzes.settings import managed_quizzes, takeable_quizzes


@dataclass(frozen=True)
class AttemptSummary:
    """One of the learner's attempts at a quiz, for lists."""

    id: int
    number: int
    purpose: str
    state: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    percent: float | None
    deadline_at: dt.datetime | None


@dataclass
class QuizRow:
    """A quiz the learner may take, with their own attempts and grade."""

    quiz: Quiz
    attempts: list[AttemptSummary] = field(default_factory=list)
    now: dt.datetime = field(default_factory=utcnow)
    #: The learner's own rules: the quiz's settings with due dates and overrides applied.
    rules: Rules | None = None

    def __post_init__(self) -> None:
        if self.rules is None:
            q = self.quiz
            self.rules = Rules(q.opens_at, q.closes_at, q.time_limit_minutes, q.attempts_allowed)

    @property
    def my(self) -> Rules:
        """Return the learner's rules (never None after construction)."""
        assert self.rules is not None
        return self.rules

    @property
    def open_attempt(self) -> AttemptSummary | None:
        """Return the attempt in progress, if any."""
        return next((a for a in self.attempts if a.state == "in_progress"), None)

    @property
    def graded_count(self) -> int:
        """Return how many graded (not practice) attempts the learner has started."""
        return sum(a.purpose == "graded" for a in self.attempts)

    @property
    def attempts_left(self) -> int | None:
        """Return how many graded attempts remain, or None when unlimited."""
        if self.my.attempts_allowed is None:
            return None
        return max(0, self.my.attempts_allowed - self.graded_count)

    @property
    def grade(self) -> float | None:
        """Return the quiz grade (percent) by the quiz's grading method, or None."""
        percents = [
            a.percent
            for a in self.attempts
            if a.purpose == "graded" and a.state != "in_progress" and a.percent is not None
        ]
        return final_grade(percents, self.quiz.grading_method)

    @property
    def status(self) -> str:
        """Return 'open', 'not_yet' or 'closed' for now."""
        return self.my.status(self.now)

    @property
    def can_start(self) -> bool:
        """Tell whether a new attempt may be started now (or an open one resumed)."""
        if self.open_attempt is not None:
            return True
        return self.status == "open" and self.attempts_left != 0


# -- writes: the on-access sweep ---------------------------------------------------------------


def close_overdue_for(user_id: int, *, now: dt.datetime | None = None) -> int:
    """Close and grade this learner's attempts whose deadline and grace have passed."""
    now = now or utcnow()
    overdue = db.session.scalars(
        select(Attempt.id).where(
            Attempt.user_id == user_id,
            Attempt.state == "in_progress",
            Attempt.deadline_at.is_not(None),
            Attempt.deadline_at < now - attempts.grace(),
        )
    ).all()
    db.session.rollback()  # end the read transaction; each finish is its own
    for attempt_id in overdue:
        attempts.finish_attempt(user_id, attempt_id, now=now)
    return len(overdue)


# -- quiz lists --------------------------------------------------------------------------------


def quiz_rows(user: Actor, *, now: dt.datetime | None = None) -> list[QuizRow]:
    """Return every quiz the user may take, with their attempts, practice quizzes first."""
    now = now or utcnow()
    query = takeable_quizzes(now).where(visible_condition(user))
    quizzes = db.session.scalars(query.options(contains_eager(Quiz.bank))).all()
    rules = rules_for_many(user.id, quizzes)
    rows = {q.id: QuizRow(q, now=now, rules=rules[q.id]) for q in quizzes}
    for summary, quiz_id in _summaries(user.id, list(rows)):
        rows[quiz_id].attempts.append(summary)
    return list(rows.values())


def quiz_row(user: Actor, quiz_id: int, *, now: dt.datetime | None = None) -> QuizRow:
    """Return one quiz the user may take, with their attempts; raise AttemptNotFound if none."""
    now = now or utcnow()
    quiz = db.session.scalar(
        select(Quiz).options(selectinload(Quiz.bank)).where(Quiz.id == quiz_id)
    )
    if quiz is None or not can_take_quiz(user, quiz) or not can_see_quiz(user, quiz):
        raise AttemptNotFound("No such quiz.")
    row = QuizRow(quiz, now=now, rules=rules_for(user.id, quiz))
    row.attempts = [summary for summary, _ in _summaries(user.id, [quiz_id])]
    return row


def open_attempts(user_id: int, limit: int = 5) -> list[tuple[AttemptSummary, str]]:
    """Return the learner's attempts in progress with their quiz titles, newest first."""
    rows = db.session.execute(
        select(Attempt, Quiz.title)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user_id, Attempt.state == "in_progress")
        .order_by(Attempt.started_at.desc())
        .limit(limit)
    ).all()
    return [(_summary(attempt), title) for attempt, title in rows]


def recent_attempts(user_id: int, limit: int = 3) -> list[tuple[AttemptSummary, str]]:
    """Return the learner's latest closed attempts with their quiz titles."""
    rows = db.session.execute(
        select(Attempt, Quiz.title)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user_id, Attempt.state != "in_progress")
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
        .limit(limit)
    ).all()
    return [(_summary(attempt), title) for attempt, title in rows]


def _summary(attempt: Attempt) -> AttemptSummary:
    return AttemptSummary(
        attempt.id,
        attempt.number,
        attempt.purpose,
        attempt.state,
        attempt.started_at,
        attempt.finished_at,
        attempt.percent,
        attempt.deadline_at,
    )


def _summaries(user_id: int, quiz_ids: list[int]) -> list[tuple[AttemptSummary, int]]:
    if not quiz_ids:
        return []
    found = db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == user_id, Attempt.quiz_id.in_(quiz_ids))
        .order_by(Attempt.number)
    ).all()
    return [(_summary(a), a.quiz_id) for a in found]


# -- quiz set-up --------------------------------------------------------------------------------


def usable_banks(user: Actor) -> list[Bank]:
    """Return the banks the user may build a quiz on: published ones and their own drafts."""
    banks = db.session.scalars(
        select(Bank).where(Bank.status != "archived").order_by(Bank.title, Bank.id)
    ).all()
    return [b for b in banks if b.status == "published" or can_manage_bank(user, b)]


def managed_quiz(user: Actor, quiz_id: int) -> Quiz:
    """Return a quiz the user manages; raise AttemptNotFound otherwise."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not can_manage_quiz(user, quiz):
        raise AttemptNotFound("No such quiz.")
    return quiz


def managed_quiz_rows(user: Actor) -> list[Quiz]:
    """Return the quizzes the user manages, with their banks loaded."""
    return list(db.session.scalars(managed_quizzes(user).options(contains_eager(Quiz.bank))).all())
