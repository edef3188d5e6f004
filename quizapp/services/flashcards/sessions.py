"""Flashcard sessions: what is due and new today in the learner's time zone, and rating a card.

Scheduling is FSRS in UTC (services.memory); only the *day* (what counts as "due today" and how
many new cards were introduced today) follows the learner's time zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import fsrs
from flask import current_app
from sqlalchemy import Subquery, and_, case, distinct, func, or_, select

from quizapp.engine.cards import FlashCard, card_for, card_for_question
from quizapp.extensions import db
from quizapp.models.bank import FACT_KINDS, Bank, BankFact, BankVersion
from quizapp.models.card import Card, ReviewLog
from quizapp.models.types import utcnow
from quizapp.models.user import User
from quizapp.services.access import can_manage_bank
from quizapp.services.banks.versions import current_version, engine_bank
from quizapp.services.flashcards import memory
from quizapp.services.flashcards.errors import FlashcardError, FlashcardNotFound, StaleRating
from quizapp.services.flashcards.study_access import check_study
from quizapp.services.timezones import day_bounds, zone_for

DEFAULT_NEW_PER_DAY = 20
#: When nothing else is left, a card in learning due within this time is shown early (as Anki does).
LEARN_AHEAD = dt.timedelta(minutes=20)
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
#: The review token of a card never reviewed (not a secret: it guards against double ratings).
NEW_CARD_MARK = "new"


@dataclass(frozen=True)
class Counts:
    """Today's numbers of one bank (or of its chosen kinds) for one learner."""

    due_today: int = 0
    due_now: int = 0
    new: int = 0
    unseen: int = 0
    done_today: int = 0
    new_limit: int = DEFAULT_NEW_PER_DAY

    @property
    def later_today(self) -> int:
        """Return how many cards fall due later today (learning steps, reviews this evening)."""
        return self.due_today - self.due_now

    @property
    def total(self) -> int:
        """Return today's whole workload: done plus still to do."""
        return self.done_today + self.due_today + self.new


@dataclass(frozen=True)
class BankCounts:
    """A bank the learner can study, with today's counts."""

    bank_id: int
    slug: str
    title: str
    status: str
    counts: Counts


@dataclass(frozen=True)
class ReviewItem:
    """The card to show next, rendered from the bank's current version."""

    bank_fact_id: int
    kind: str
    card: FlashCard
    is_new: bool
    token: str
    last_source: str | None
    last_review_at: dt.datetime | None
    #: rating -> the interval that rating would schedule.
    intervals: dict[int, dt.timedelta] = field(default_factory=dict)


@dataclass(frozen=True)
class Session:
    """A flashcard session of one bank: counts, the next card and when the next one is due."""

    bank: Bank
    kinds: tuple[str, ...]
    available_kinds: tuple[str, ...]
    zone: zoneinfo.ZoneInfo
    counts: Counts
    item: ReviewItem | None
    next_due_at: dt.datetime | None


@dataclass(frozen=True)
class RateResult:
    """What a rating did to the card."""

    due_at: dt.datetime
    state: int


# -- what the learner may study ----------------------------------------------------------------


def can_study_bank(user: User, bank: Bank) -> bool:
    """Published banks are for everyone; drafts and archived banks for those who manage them."""
    return bank.status == "published" or bool(can_manage_bank(user, bank))


def studyable_banks(user: User) -> list[Bank]:
    """Return the banks the learner can study (assessment-only ones for managers), by title."""
    query = select(Bank).order_by(Bank.title, Bank.id)
    open_bank = (Bank.status == "published") & (Bank.study_mode == "study")
    if user.role == "instructor":
        query = query.where(or_(open_bank, Bank.owner_id == user.id))
    elif user.role != "admin":
        query = query.where(open_bank)
    return list(db.session.scalars(query))


def bank_for(user: User, bank_id: int) -> Bank:
    """Return a bank the learner can study, or raise FlashcardNotFound."""
    bank = db.session.get(Bank, bank_id)
    if bank is None or not can_study_bank(user, bank):
        raise FlashcardNotFound("No such bank.")
    check_study(user, bank)  # assessment-only banks, and banks of an exam under way
    return bank


def clean_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    """Return the known fact kinds among `kinds`, in the canonical order."""
    wanted = set(kinds or ())
    return tuple(k for k in FACT_KINDS if k in wanted)


# -- counts ------------------------------------------------------------------------------------


def new_per_day() -> int:
    """Return how many new cards a learner meets per bank and day."""
    return max(0, int(current_app.config.get("FLASHCARDS_NEW_PER_DAY", DEFAULT_NEW_PER_DAY)))


def overview(user: User, now: dt.datetime | None = None) -> list[BankCounts]:
    """Return every bank the learner can study with today's counts (a fixed number of queries)."""
    now = now or utcnow()
    banks = studyable_banks(user)
    counts = counts_by_bank(user, [b.id for b in banks], now)
    return [BankCounts(b.id, b.slug, b.title, b.status, counts[b.id]) for b in banks]


def due_today(user: User, now: dt.datetime | None = None) -> list[BankCounts]:
    """Return the banks with cards due today, for the dashboard."""
    return [row for row in overview(user, now) if row.counts.due_today]


def counts_by_bank(
    user: User,
    bank_ids: Sequence[int],
    now: dt.datetime,
    kinds: Sequence[str] = (),
) -> dict[int, Counts]:
    """Return today's counts for each bank, optionally only for facts of `kinds`."""
    if not bank_ids:
        return {}
    start, end = day_bounds(zone_for(user.timezone), now)
    facts = _current_facts(bank_ids, kinds)
    fact_total = dict(
        db.session.execute(select(facts.c.bank_id, func.count()).group_by(facts.c.bank_id)).all()
    )
    reviewed = {
        bank_id: (seen, due, due_now)
        for bank_id, seen, due, due_now in db.session.execute(
            select(
                facts.c.bank_id,
                func.count(),
                func.coalesce(func.sum(case((Card.due_at < end, 1), else_=0)), 0),
                func.coalesce(func.sum(case((Card.due_at <= now, 1), else_=0)), 0),
            )
            .join(Card, Card.bank_fact_id == facts.c.id)
            .where(Card.user_id == user.id, Card.last_review_at.is_not(None))
            .group_by(facts.c.bank_id)
        )
    }
    # The limit counts every card first reviewed today, whatever the kind or source: a quiz
    # that introduced ten facts has added ten cards to tomorrow's reviews as well.
    first = (
        select(Card.id, BankFact.bank_id)
        .join(BankFact, BankFact.id == Card.bank_fact_id)
        .join(ReviewLog, ReviewLog.card_id == Card.id)
        .where(Card.user_id == user.id, BankFact.bank_id.in_(bank_ids))
        .group_by(Card.id, BankFact.bank_id)
        .having(func.min(ReviewLog.reviewed_at) >= start, func.min(ReviewLog.reviewed_at) < end)
        .subquery()
    )
    introduced = dict(
        db.session.execute(select(first.c.bank_id, func.count()).group_by(first.c.bank_id)).all()
    )
    done = dict(
        db.session.execute(
            select(facts.c.bank_id, func.count(distinct(ReviewLog.card_id)))
            .join(Card, Card.bank_fact_id == facts.c.id)
            .join(ReviewLog, ReviewLog.card_id == Card.id)
            .where(
                Card.user_id == user.id,
                ReviewLog.source == "flashcard",
                ReviewLog.reviewed_at >= start,
                ReviewLog.reviewed_at < end,
            )
            .group_by(facts.c.bank_id)
        ).all()
    )
    limit = new_per_day()
    result = {}
    for bank_id in bank_ids:
        seen, due, due_now = reviewed.get(bank_id, (0, 0, 0))
        unseen = fact_total.get(bank_id, 0) - seen
        allowed = max(0, limit - introduced.get(bank_id, 0))
        result[bank_id] = Counts(
            due_today=int(due),
            due_now=int(due_now),
            new=min(unseen, allowed),
            unseen=unseen,
            done_today=done.get(bank_id, 0),
            new_limit=limit,
        )
    return result


# -- a session ---------------------------------------------------------------------------------


def session(
    user: User,
    bank_id: int,
    kinds: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> Session:
    """Return the learner's flashcard session for a bank: counts and the card to show next."""
    now = now or utcnow()
    bank = bank_for(user, bank_id)
    chosen = clean_kinds(kinds)
    available = clean_kinds(
        db.session.scalars(select(BankFact.kind).where(BankFact.bank_id == bank_id).distinct())
    )
    counts = counts_by_bank(user, [bank_id], now, chosen)[bank_id]
    facts = _current_facts([bank_id], chosen)
    reviewed = (
        select(Card, facts.c.kind)
        .join(facts, facts.c.id == Card.bank_fact_id)
        .where(Card.user_id == user.id, Card.last_review_at.is_not(None))
        .order_by(Card.due_at, Card.id)
        .limit(1)
    )
    row = db.session.execute(reviewed.where(Card.due_at <= now)).first()
    item: ReviewItem | None = None
    if row is None and counts.new:
        fact = db.session.execute(
            select(facts.c.id, facts.c.kind)
            .outerjoin(Card, and_(Card.bank_fact_id == facts.c.id, Card.user_id == user.id))
            .where(or_(Card.id.is_(None), Card.last_review_at.is_(None)))
            .order_by(facts.c.id)
            .limit(1)
        ).first()
        if fact is not None:
            item = _item(bank_id, fact.id, fact.kind, None, now)
    if item is None and row is None:
        row = db.session.execute(reviewed.where(Card.due_at <= now + LEARN_AHEAD)).first()
    if item is None and row is not None:
        item = _item(bank_id, row[0].bank_fact_id, row[1], row[0], now)
    next_due = None
    if item is None:
        next_due = db.session.scalar(
            select(func.min(Card.due_at))
            .join(facts, facts.c.id == Card.bank_fact_id)
            .where(Card.user_id == user.id, Card.last_review_at.is_not(None))
        )
    return Session(bank, chosen, available, zone_for(user.timezone), counts, item, next_due)


def review_token(card: Card | None) -> str:
    """Return what a rating form must send back to prove it saw the card's current state."""
    if card is None or card.last_review_at is None:
        return NEW_CARD_MARK
    return str(card.last_review_at.astimezone(dt.UTC).isoformat())


def rate_card(
    user_id: int,
    bank_fact_id: int,
    rating: int,
    now: dt.datetime | None = None,
    *,
    seen: str | None = None,
    duration_ms: int | None = None,
) -> RateResult:
    """Rate the learner's recall of one fact (1 Again .. 4 Easy) and reschedule its card.

    `seen` is the card's review token as shown; if the card was rated since, StaleRating is
    raised and nothing changes. None skips the check.
    """
    now = now or utcnow()
    if rating not in RATINGS:
        raise FlashcardError("Rate your recall: Again, Hard, Good or Easy.")
    user = _user(user_id)
    fact = db.session.get(BankFact, bank_fact_id)
    version = current_version(fact.bank_id) if fact is not None else None
    if (
        fact is None
        or version is None
        or fact.last_version != version.number
        or not can_study_bank(user, fact.bank)
    ):
        db.session.rollback()
        raise FlashcardNotFound("No such card.")
    check_study(user, fact.bank)
    card = memory.cards_for(user_id, [fact.id], now)[fact.id]
    if seen is not None and review_token(card) != seen:
        db.session.rollback()
        raise StaleRating()
    memory.review(card, fsrs.Rating(rating), now, source="flashcard", duration_ms=duration_ms)
    result = RateResult(due_at=card.due_at, state=card.state)
    db.session.commit()
    return result


# -- internals ---------------------------------------------------------------------------------


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise FlashcardNotFound("No such user.")
    return user


def _current_facts(bank_ids: Sequence[int], kinds: Sequence[str] = ()) -> Subquery:
    """Return a subquery of the facts still in each bank's newest version."""
    newest = (
        select(BankVersion.bank_id, func.max(BankVersion.number).label("number"))
        .where(BankVersion.bank_id.in_(bank_ids))
        .group_by(BankVersion.bank_id)
        .subquery()
    )
    query = select(BankFact.id, BankFact.bank_id, BankFact.kind, BankFact.fact_key).join(
        newest,
        and_(newest.c.bank_id == BankFact.bank_id, newest.c.number == BankFact.last_version),
    )
    if kinds:
        query = query.where(BankFact.kind.in_(kinds))
    return query.subquery()


def _item(
    bank_id: int, bank_fact_id: int, kind: str, card: Card | None, now: dt.datetime
) -> ReviewItem:
    version = current_version(bank_id)
    assert version is not None  # a fact in the newest version implies a version
    key = db.session.scalar(select(BankFact.fact_key).where(BankFact.id == bank_fact_id))
    bank = engine_bank(version)
    last = None
    if card is not None:
        last = db.session.execute(
            select(ReviewLog.source, ReviewLog.reviewed_at)
            .where(ReviewLog.card_id == card.id)
            .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
            .limit(1)
        ).first()
    return ReviewItem(
        bank_fact_id=bank_fact_id,
        kind=kind,
        card=card_for(bank, bank.facts[key])
        if key in bank.facts
        else card_for_question(bank, bank.questions[key]),
        is_new=card is None,
        token=review_token(card),
        last_source=last.source if last else None,
        last_review_at=last.reviewed_at if last else None,
        intervals=_intervals(card, now),
    )


def _intervals(card: Card | None, now: dt.datetime) -> dict[int, dt.timedelta]:
    """Return what each rating would schedule, to label the buttons."""
    state = memory.to_fsrs(card) if card is not None else fsrs.Card(card_id=0, due=now)
    return {
        rating: memory.SCHEDULER.review_card(state, fsrs.Rating(rating), now)[0].due - now
        for rating in RATINGS
    }
