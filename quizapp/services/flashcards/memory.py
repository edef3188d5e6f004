"""One memory per learner and fact: FSRS scheduling fed by flashcard ratings and quiz answers.

These helpers change the session but never commit: they run inside the caller's transaction
(a flashcard review, or the grading of a finished attempt).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import fsrs
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.card import Card, ReviewLog

# Fuzzing off: the same history always gives the same schedule, which learners and tests can trust.
SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)

#: How a graded quiz answer counts as a recall.
OUTCOME_RATING = {
    "correct": fsrs.Rating.Good,
    "partial": fsrs.Rating.Hard,
    "incorrect": fsrs.Rating.Again,
}


def to_fsrs(card: Card) -> fsrs.Card:
    """Return the fsrs view of a stored card."""
    return fsrs.Card(
        card_id=card.id or 0,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due_at,
        last_review=card.last_review_at,
    )


def review(
    card: Card,
    rating: fsrs.Rating,
    now: dt.datetime,
    *,
    source: str = "flashcard",
    response_id: int | None = None,
    duration_ms: int | None = None,
) -> None:
    """Apply one rating to a card and log it."""
    updated, _ = SCHEDULER.review_card(to_fsrs(card), rating, now)
    card.state = int(updated.state)
    card.step = updated.step
    card.stability = updated.stability
    card.difficulty = updated.difficulty
    card.due_at = updated.due
    card.last_review_at = now
    db.session.add(
        ReviewLog(
            card=card,
            rating=int(rating),
            reviewed_at=now,
            source=source,
            response_id=response_id,
            duration_ms=duration_ms,
        )
    )


def cards_for(user_id: int, fact_ids: Iterable[int], now: dt.datetime) -> dict[int, Card]:
    """Return the learner's cards for these facts, locked; create the missing ones, due now."""
    wanted = sorted(set(fact_ids))
    if not wanted:
        return {}
    # INSERT .. ON CONFLICT DO NOTHING, not check-then-add: two transactions grading answers
    # about the same fact at once (two attempts, or a quiz and a flashcard) must not collide.
    dialect = db.session.get_bind().dialect.name
    make_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        make_insert(Card)
        .values([dict(user_id=user_id, bank_fact_id=f, due_at=now, created_at=now) for f in wanted])
        .on_conflict_do_nothing(index_elements=["user_id", "bank_fact_id"])
    )
    # Row locks (PostgreSQL) so a concurrent review of the same card waits instead of being lost.
    cards = db.session.scalars(
        select(Card)
        .where(Card.user_id == user_id, Card.bank_fact_id.in_(wanted))
        .order_by(Card.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {card.bank_fact_id: card for card in cards}


def record_attempt(attempt: Attempt, now: dt.datetime) -> None:
    """Count every graded answer of a finished attempt as a recall of its fact."""
    graded = [
        aq
        for aq in attempt.questions
        if aq.bank_fact_id is not None
        and aq.response is not None
        and aq.response.outcome in OUTCOME_RATING
    ]
    if not graded:
        return
    cards = cards_for(attempt.user_id, (aq.bank_fact_id for aq in graded), now)
    for aq in graded:
        assert aq.response is not None and aq.bank_fact_id is not None
        review(
            cards[aq.bank_fact_id],
            OUTCOME_RATING[aq.response.outcome or "incorrect"],
            now,
            source="quiz",
            response_id=aq.response.id,
        )
