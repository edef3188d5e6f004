"""A learner's progress: attempt history, scores over time, mastery, weakest facts, a summary.

Every query starts from the index on attempt (user_id, started_at), so its cost does not grow
with the length of the history: a page of history is a keyset LIMIT, the chart reads the last
CHART_POINTS finished attempts, and mastery and missed facts read a recent window (the learner's
last WINDOW_ATTEMPTS finished attempts started within WINDOW_DAYS days), aggregated in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, case, func, select, tuple_

from quizapp.engine.bank import FACT_KINDS
from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion, Response
from quizapp.models.bank import Bank, BankFact
from quizapp.models.quiz import Quiz
from quizapp.models.types import utcnow
from quizapp.services.attempts import operations as attempts
from quizapp.services.attempts.operations import AttemptError, AttemptNotFound

PAGE_SIZE = 20
CHART_POINTS = 20
WINDOW_DAYS = 90
WINDOW_ATTEMPTS = 50
MISSED_FACTS = 10
#: States of an attempt that has a grade.
GRADED_STATES = ("finished", "overdue")
#: A week's average must move by more than this many points to count as a trend.
TREND_THRESHOLD = 2.0


@dataclass(frozen=True)
class AttemptRow:
    """One attempt as listed in a history or gradebook."""

    id: int
    quiz_id: int
    quiz_title: str
    number: int
    state: str
    purpose: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    score: float | None
    max_score: float

    @property
    def percent(self) -> float | None:
        """Return the score as a percentage, or None while ungraded."""
        if self.score is None or not self.max_score or self.state not in GRADED_STATES:
            return None
        return 100.0 * self.score / self.max_score

    @property
    def duration(self) -> dt.timedelta | None:
        """Return how long the attempt took, or None while it is open."""
        return self.finished_at - self.started_at if self.finished_at else None


@dataclass(frozen=True)
class HistoryPage:
    """A page of attempts, newest first, with cursors for the newer and older pages."""

    rows: list[AttemptRow]
    newer: int | None
    older: int | None
    is_first: bool


@dataclass(frozen=True)
class Mastery:
    """How well a group of questions (one fact kind, or one bank) went in the window."""

    key: str
    label: str
    asked: int
    correct: int
    points: float
    max_points: float

    @property
    def percent(self) -> float:
        """Return the points scored as a percentage of the points available."""
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True)
class MissedFact:
    """A fact the learner missed in the window, with how often."""

    bank_fact_id: int
    label: str
    kind: str
    bank_title: str
    missed: int
    asked: int
    #: Whether its bank is published, so that a practice attempt can be started on it.
    practisable: bool = True


@dataclass(frozen=True)
class Summary:
    """The dashboard's numbers: the last seven days against the seven before."""

    this_week: int
    average: float | None
    previous_average: float | None

    @property
    def trend(self) -> str | None:
        """Return "up", "down" or "steady", or None without two weeks to compare."""
        if self.average is None or self.previous_average is None:
            return None
        change = self.average - self.previous_average
        if abs(change) <= TREND_THRESHOLD:
            return "steady"
        return "up" if change > 0 else "down"


_ROW_COLUMNS = (
    Attempt.id,
    Attempt.quiz_id,
    Quiz.title,
    Attempt.number,
    Attempt.state,
    Attempt.purpose,
    Attempt.started_at,
    Attempt.finished_at,
    Attempt.score,
    Attempt.max_score,
)


def _rows(query: Select[tuple[object, ...]]) -> list[AttemptRow]:
    return [AttemptRow(*row) for row in db.session.execute(query)]


def history_page(
    user_id: int, *, before: int | None = None, after: int | None = None, per_page: int = PAGE_SIZE
) -> HistoryPage:
    """Return a page of the learner's attempts, newest first, around a cursor attempt id."""
    key = tuple_(Attempt.started_at, Attempt.id)
    query = (
        select(*_ROW_COLUMNS)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user_id, Attempt.purpose != "preview")
        .limit(per_page + 1)
    )
    cursor = after if after is not None else before
    if cursor is not None:
        # The cursor's own key, looked up by the learner too, so another's id finds nothing.
        at = (
            select(Attempt.started_at)
            .where(Attempt.id == cursor, Attempt.user_id == user_id)
            .scalar_subquery()
        )
        query = query.where(
            key > tuple_(at, cursor) if after is not None else key < tuple_(at, cursor)
        )
    if after is not None:
        rows = _rows(query.order_by(Attempt.started_at, Attempt.id))
        more_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        newer = rows[0].id if more_newer and rows else None
        return HistoryPage(rows, newer, rows[-1].id if rows else None, is_first=False)
    rows = _rows(query.order_by(Attempt.started_at.desc(), Attempt.id.desc()))
    older = rows[per_page - 1].id if len(rows) > per_page else None
    rows = rows[:per_page]
    newer = rows[0].id if before is not None and rows else None
    return HistoryPage(rows, newer, older, is_first=before is None)


def score_series(user_id: int, limit: int = CHART_POINTS) -> list[AttemptRow]:
    """Return the learner's last graded attempts with a score, oldest first, for the chart."""
    query = (
        select(*_ROW_COLUMNS)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(
            Attempt.user_id == user_id,
            Attempt.state.in_(GRADED_STATES),
            Attempt.purpose == "graded",
        )
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        .limit(limit)
    )
    return _rows(query)[::-1]


def _window(user_id: int, now: dt.datetime) -> Select[tuple[int]]:
    """Select the ids of the attempts mastery and missed facts are computed over."""
    return (
        select(Attempt.id)
        .where(
            Attempt.user_id == user_id,
            Attempt.started_at >= now - dt.timedelta(days=WINDOW_DAYS),
            Attempt.state.in_(GRADED_STATES),
            Attempt.purpose != "preview",
        )
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        .limit(WINDOW_ATTEMPTS)
    )


def mastery(user_id: int, *, now: dt.datetime | None = None) -> tuple[list[Mastery], list[Mastery]]:
    """Return mastery by fact kind and by bank over the recent window (unanswered = missed)."""
    window = _window(user_id, now or utcnow()).subquery()
    correct = case((Response.outcome == "correct", 1), else_=0)
    query = (
        select(
            AttemptQuestion.kind,
            Bank.id,
            Bank.title,
            func.count(),
            func.sum(correct),
            func.sum(func.coalesce(Response.points, 0.0)),
            func.sum(AttemptQuestion.max_points),
        )
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(Bank, Bank.id == Quiz.bank_id)
        .outerjoin(Response, Response.attempt_question_id == AttemptQuestion.id)
        .where(AttemptQuestion.attempt_id.in_(select(window.c.id)))
        .group_by(AttemptQuestion.kind, Bank.id, Bank.title)
    )
    kinds: dict[str, list[float]] = {}
    banks: dict[str, list[float]] = {}
    titles: dict[str, str] = {}
    for kind, bank_id, title, asked, right, points, max_points in db.session.execute(query):
        for bucket, key in ((kinds, kind), (banks, str(bank_id))):
            sums = bucket.setdefault(key, [0, 0, 0.0, 0.0])
            for i, value in enumerate((asked, right or 0, points or 0.0, max_points or 0.0)):
                sums[i] += value
        titles[str(bank_id)] = title
    order: dict[str, int] = {kind: i for i, kind in enumerate(FACT_KINDS)}
    by_kind = [
        Mastery(kind, kind.capitalize(), int(s[0]), int(s[1]), s[2], s[3])
        for kind, s in sorted(kinds.items(), key=lambda item: order.get(item[0], len(order)))
    ]
    by_bank = sorted(
        (Mastery(key, titles[key], int(s[0]), int(s[1]), s[2], s[3]) for key, s in banks.items()),
        key=lambda m: m.label.casefold(),
    )
    return by_kind, by_bank


def missed_facts(
    user_id: int, *, now: dt.datetime | None = None, limit: int = MISSED_FACTS
) -> list[MissedFact]:
    """Return the facts the learner missed most in the recent window, most missed first."""
    window = _window(user_id, now or utcnow()).subquery()
    missed = func.sum(case((Response.outcome == "correct", 0), else_=1))
    query = (
        select(
            BankFact.id,
            BankFact.label,
            BankFact.kind,
            Bank.title,
            missed.label("missed"),
            func.count().label("asked"),
            Bank.status == "published",
        )
        .select_from(AttemptQuestion)
        .join(BankFact, BankFact.id == AttemptQuestion.bank_fact_id)
        .join(Bank, Bank.id == BankFact.bank_id)
        .outerjoin(Response, Response.attempt_question_id == AttemptQuestion.id)
        .where(AttemptQuestion.attempt_id.in_(select(window.c.id)))
        .group_by(BankFact.id, BankFact.label, BankFact.kind, Bank.title, Bank.status)
        .having(missed > 0)
        .order_by(missed.desc(), func.count(), BankFact.label, BankFact.id)
        .limit(limit)
    )
    return [MissedFact(*row[:-1], practisable=bool(row[-1])) for row in db.session.execute(query)]


def dashboard_summary(user_id: int, *, now: dt.datetime | None = None) -> Summary:
    """Return attempts finished in the last seven days, their average and the week before's."""
    now = now or utcnow()
    week_ago = now - dt.timedelta(days=7)
    percent = Attempt.score * 100.0 / func.nullif(Attempt.max_score, 0)
    recent = Attempt.started_at >= week_ago
    query = select(
        func.count(case((recent, 1))),
        func.avg(case((recent, percent))),
        func.avg(case((Attempt.started_at < week_ago, percent))),
    ).where(
        Attempt.user_id == user_id,
        Attempt.started_at >= now - dt.timedelta(days=14),
        Attempt.started_at <= now,
        Attempt.state.in_(GRADED_STATES),
        Attempt.purpose != "preview",
    )
    count, average, previous = db.session.execute(query).one()
    return Summary(
        int(count or 0),
        float(average) if average is not None else None,
        float(previous) if previous is not None else None,
    )


@dataclass(frozen=True)
class PracticeStart:
    """The attempt a "practise this fact" request led to, and whether it was already open."""

    attempt_id: int
    resumed: bool


def practise_fact(
    user_id: int, bank_fact_id: int, *, now: dt.datetime | None = None
) -> PracticeStart:
    """Start a practice attempt on one fact through its bank's practice quiz."""
    return practise_facts(user_id, [bank_fact_id], now=now)


def practise_facts(
    user_id: int, bank_fact_ids: list[int], *, now: dt.datetime | None = None
) -> PracticeStart:
    """Start a practice attempt on the given facts (those of the bank holding most of them)."""
    rows = db.session.execute(
        select(BankFact.fact_key, Quiz.id)
        .join(Quiz, and_(Quiz.bank_id == BankFact.bank_id, Quiz.is_practice))
        .where(BankFact.id.in_(bank_fact_ids[:200]))
        .order_by(Quiz.id, BankFact.id)
    ).all()
    if not rows:
        db.session.rollback()
        raise AttemptNotFound("There is no practice quiz for this fact.")
    by_quiz: dict[int, list[str]] = {}
    for fact_key, quiz_id in rows:
        by_quiz.setdefault(quiz_id, []).append(fact_key)
    quiz_id = max(by_quiz, key=lambda q: len(by_quiz[q]))  # ties: the first practice quiz
    open_id = db.session.scalar(
        select(Attempt.id).where(
            Attempt.user_id == user_id,
            Attempt.quiz_id == quiz_id,
            Attempt.state == "in_progress",
        )
    )
    attempt_id = attempts.start_attempt(
        user_id, quiz_id, purpose="practice", fact_keys=by_quiz[quiz_id], now=now
    )
    return PracticeStart(attempt_id, resumed=open_id == attempt_id)


__all__ = [
    "AttemptError",
    "AttemptNotFound",
    "AttemptRow",
    "HistoryPage",
    "Mastery",
    "MissedFact",
    "PracticeStart",
    "Summary",
    "dashboard_summary",
    "history_page",
    "mastery",
    "missed_facts",
    "practise_fact",
    "score_series",
]
