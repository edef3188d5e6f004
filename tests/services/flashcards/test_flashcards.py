"""Flashcard sessions: FSRS scheduling, one memory per fact, new cards per day, time zones."""

from __future__ import annotations

import datetime as dt

import fsrs
import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.bank import BankFact
from quizapp.models.card import Card, ReviewLog
from quizapp.models.user import User
from quizapp.services import attempts, flashcards, timezones
from quizapp.services.flashcards import FlashcardNotFound, StaleRating
from quizapp.services.timezones import TimezoneError

T0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def _facts(bank_id: int) -> list[BankFact]:
    return list(
        db.session.scalars(
            select(BankFact).where(BankFact.bank_id == bank_id).order_by(BankFact.id)
        )
    )


def _card(user_id: int, fact_id: int) -> Card:
    return db.session.scalars(
        select(Card).where(Card.user_id == user_id, Card.bank_fact_id == fact_id)
    ).one()


def _with_zone(app, user, zone: str) -> User:
    with app.app_context():
        timezones.set_timezone(user.id, zone)
        row = db.session.get(User, user.id)
        db.session.expunge(row)
    return row


def test_ratings_move_the_card_exactly_as_fsrs_does(app, make_user, make_bank):
    user = make_user()
    bank = make_bank()
    reference = fsrs.Scheduler(enable_fuzzing=False)
    expected = fsrs.Card(card_id=1, due=T0)
    # Each review at the moment the previous one made the card due, except two early and late ones.
    ratings = [3, 3, 1, 2, 3, 3, 4, 1, 3, 2]
    shifts = (
        [dt.timedelta(0)] * 5
        + [dt.timedelta(hours=-5), dt.timedelta(days=3)]
        + [dt.timedelta(0)] * 3
    )
    with app.app_context():
        fact_id = _facts(bank.id)[0].id
        now = T0
        for rating, shift in zip(ratings, shifts, strict=True):
            now = max(now, expected.due + shift)
            expected, _ = reference.review_card(expected, fsrs.Rating(rating), now)
            seen = flashcards.review_token(
                db.session.scalar(select(Card).where(Card.user_id == user.id))
            )
            result = flashcards.rate_card(user.id, fact_id, rating, now, seen=seen)
            db.session.expire_all()
            card = _card(user.id, fact_id)
            assert result.due_at == expected.due == card.due_at
            assert card.state == int(expected.state)
            assert card.step == expected.step
            assert card.stability == pytest.approx(expected.stability, rel=1e-9)
            assert card.difficulty == pytest.approx(expected.difficulty, rel=1e-9)
        logs = db.session.scalars(select(ReviewLog).order_by(ReviewLog.id)).all()
        assert [log.rating for log in logs] == ratings
        assert {log.source for log in logs} == {"flashcard"}
        # Ten reviews in, even a Hard keeps the card away for days, not minutes.
        assert card.due_at - now >= dt.timedelta(days=2)


def test_a_quiz_answer_updates_the_same_card(app, make_user, make_quiz, make_bank):
    user = make_user()
    bank = make_bank()
    quiz = make_quiz(bank=bank, question_types=["multiple_choice"], question_count=1)
    with app.app_context():
        fact = _facts(bank.id)[0]
        flashcards.rate_card(user.id, fact.id, 3, T0)
        before = _card(user.id, fact.id)
        card_id, due_before = before.id, before.due_at

        later = T0 + dt.timedelta(hours=1)
        attempt_id = attempts.start_attempt(user.id, quiz.id, fact_keys=[fact.fact_key], now=later)
        aq = db.session.get(Attempt, attempt_id).questions[0]
        assert aq.bank_fact_id == fact.id
        correct = aq.question["answer"]["correct"][0]
        attempts.save_response(user.id, attempt_id, 1, correct, 0, now=later)
        attempts.finish_attempt(user.id, attempt_id, now=later)

        db.session.expire_all()
        cards = db.session.scalars(select(Card).where(Card.user_id == user.id)).all()
        assert [c.id for c in cards] == [card_id]  # the same card, no second memory of the fact
        logs = db.session.scalars(
            select(ReviewLog).where(ReviewLog.card_id == card_id).order_by(ReviewLog.id)
        ).all()
        assert [(log.source, log.rating) for log in logs] == [("flashcard", 3), ("quiz", 3)]
        assert logs[1].reviewed_at == later
        assert cards[0].last_review_at == later
        assert cards[0].due_at > due_before

        study = flashcards.session(db.session.get(User, user.id), bank.id, now=cards[0].due_at)
        assert study.item is not None and study.item.bank_fact_id == fact.id
        assert study.item.last_source == "quiz"


def test_new_cards_are_limited_per_local_day(app, make_user, make_bank, monkeypatch):
    monkeypatch.setitem(app.config, "FLASHCARDS_NEW_PER_DAY", 3)
    auckland = _with_zone(app, make_user(), "Pacific/Auckland")
    utc_user = make_user()
    bank = make_bank()
    # 10:30 UTC on 1 January is 23:30 in Auckland (UTC+13 in summer): half an hour before midnight.
    evening = dt.datetime(2026, 1, 1, 10, 30, tzinfo=dt.UTC)
    with app.app_context():
        total = len(_facts(bank.id))
        start = flashcards.session(auckland, bank.id, now=evening)
        assert (start.counts.new, start.counts.unseen) == (3, total)
        for _ in range(3):
            item = flashcards.session(auckland, bank.id, now=evening).item
            assert item is not None and item.is_new
            flashcards.rate_card(auckland.id, item.bank_fact_id, 3, evening, seen=item.token)

        used_up = flashcards.session(auckland, bank.id, now=evening)
        assert used_up.counts.new == 0
        assert used_up.counts.unseen == total - 3
        assert used_up.counts.done_today == 3
        # Only the three cards in learning (due again in 10 minutes) are left, shown early.
        assert used_up.item is not None and not used_up.item.is_new

        # Past local midnight: a new day with three new cards, though UTC is still on 1 January.
        after_midnight = evening + dt.timedelta(hours=1)
        assert flashcards.session(auckland, bank.id, now=after_midnight).counts.new == 3

        for _ in range(3):
            item = flashcards.session(utc_user, bank.id, now=evening).item
            flashcards.rate_card(utc_user.id, item.bank_fact_id, 4, evening)
        assert flashcards.session(utc_user, bank.id, now=after_midnight).counts.new == 0


def test_due_today_follows_the_learners_time_zone(app, make_user, make_bank):
    bank = make_bank()
    auckland = _with_zone(app, make_user(), "Pacific/Auckland")
    los_angeles = _with_zone(app, make_user(), "America/Los_Angeles")
    due_at = dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.UTC)
    with app.app_context():
        fact_id = _facts(bank.id)[0].id
        for user in (auckland, los_angeles):
            flashcards.rate_card(user.id, fact_id, 4, due_at - dt.timedelta(days=5))
            _card(user.id, fact_id).due_at = due_at
        db.session.commit()

        # 20:00 UTC on 31 December: 09:00 on 1 January in Auckland, noon on 31 December in LA.
        instant = dt.datetime(2025, 12, 31, 20, 0, tzinfo=dt.UTC)
        nz = flashcards.counts_by_bank(auckland, [bank.id], instant)[bank.id]
        la = flashcards.counts_by_bank(los_angeles, [bank.id], instant)[bank.id]
        assert (nz.due_today, nz.due_now) == (1, 0)
        assert (la.due_today, la.due_now) == (0, 0)
        assert [row.title for row in flashcards.due_today(auckland, instant)] == [bank.title]
        assert flashcards.due_today(los_angeles, instant) == []

        # By 09:00 UTC on 1 January it is 1 January in Los Angeles too.
        morning = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
        assert flashcards.counts_by_bank(los_angeles, [bank.id], morning)[bank.id].due_today == 1
        # Once due, the card is the next one shown.
        item = flashcards.session(los_angeles, bank.id, now=due_at).item
        assert item is not None and item.bank_fact_id == fact_id and not item.is_new


def test_a_second_rating_of_the_same_view_is_refused(app, make_user, make_bank):
    user = make_user()
    bank = make_bank()
    with app.app_context():
        item = flashcards.session(db.session.get(User, user.id), bank.id, now=T0).item
        flashcards.rate_card(user.id, item.bank_fact_id, 1, T0, seen=item.token)
        with pytest.raises(StaleRating):
            flashcards.rate_card(user.id, item.bank_fact_id, 4, T0, seen=item.token)
        assert db.session.scalar(select(ReviewLog.rating)) == 1
        assert len(db.session.scalars(select(ReviewLog)).all()) == 1


def test_other_learners_cards_are_not_shown(app, make_user, make_bank):
    alice, bob = make_user(), make_user()
    bank = make_bank()
    with app.app_context():
        first = _facts(bank.id)[0].id
        flashcards.rate_card(alice.id, first, 1, T0)
        bob_row = db.session.get(User, bob.id)
        study = flashcards.session(bob_row, bank.id, now=T0 + dt.timedelta(hours=1))
        assert study.counts.due_today == 0 and study.counts.done_today == 0
        assert study.item is not None and study.item.is_new  # Bob meets the fact afresh
        assert db.session.scalar(select(Card.user_id)) == alice.id


def test_draft_banks_are_hidden_from_students(app, make_user, make_bank):
    owner = make_user(role="instructor")
    student = make_user()
    draft = make_bank(owner=owner, status="draft")
    with app.app_context():
        fact_id = _facts(draft.id)[0].id
        student_row = db.session.get(User, student.id)
        with pytest.raises(FlashcardNotFound):
            flashcards.session(student_row, draft.id, now=T0)
        with pytest.raises(FlashcardNotFound):
            flashcards.rate_card(student.id, fact_id, 3, T0)
        assert flashcards.overview(student_row, T0) == []
        # Its owner studies it.
        owner_row = db.session.get(User, owner.id)
        assert flashcards.session(owner_row, draft.id, now=T0).item is not None
        assert db.session.scalar(select(Card.id)) is None


def test_kinds_narrow_the_session(app, make_user, make_bank):
    user = make_user()
    bank = make_bank()
    with app.app_context():
        row = db.session.get(User, user.id)
        study = flashcards.session(row, bank.id, ["quote", "nonsense"], now=T0)
        assert study.kinds == ("quote",)
        assert "date" in study.available_kinds
        quotes = [f for f in _facts(bank.id) if f.kind == "quote"]
        assert study.counts.unseen == len(quotes)
        assert study.item is not None and study.item.kind == "quote"


def test_time_zone_is_validated_and_browser_zone_adopted_once(app, make_user):
    user = make_user()
    with app.app_context():
        with pytest.raises(TimezoneError):
            timezones.set_timezone(user.id, "Mars/Olympus_Mons")
        assert db.session.get(User, user.id).timezone == "UTC"
        assert timezones.adopt_browser_timezone(user.id, "Europe/Paris") is True
        assert db.session.get(User, user.id).timezone == "Europe/Paris"
        # A zone the learner has (by then) is kept: the browser does not override a choice.
        assert timezones.adopt_browser_timezone(user.id, "Asia/Tokyo") is False
        assert db.session.get(User, user.id).timezone == "Europe/Paris"


def test_day_bounds_follow_daylight_saving():
    paris = timezones.zone_for("Europe/Paris")
    # 29 March 2026 is 23 hours long in Paris (clocks go forward).
    start, end = timezones.day_bounds(paris, dt.datetime(2026, 3, 29, 12, tzinfo=dt.UTC))
    assert start == dt.datetime(2026, 3, 28, 23, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(hours=23)
    assert timezones.zone_for("Not/AZone").key == "UTC"
