"""A learner's history, chart series, mastery, missed facts, dashboard summary and practice."""

from __future__ import annotations

import datetime as dt

import pytest
from history_rows import START, Q, facts, insert_attempts
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion
from quizapp.models.bank import BankFact
from quizapp.services import attempts, results
from quizapp.services.attempts import AttemptNotFound

NOW = START + dt.timedelta(days=30)


def _scores(rows):
    return [round(r.percent) if r.percent is not None else None for r in rows]


def test_history_is_newest_first_with_quiz_score_and_time(app, make_user, make_quiz):
    student, other = make_user(), make_user()
    quiz = make_quiz(title="Handovers")
    insert_attempts(app, quiz.id, student.id, [[Q(None, points=p)] for p in (1, 0)])
    insert_attempts(app, quiz.id, other.id, [[Q(None)]])
    with app.app_context():
        page = results.history_page(student.id)
    assert [r.number for r in page.rows] == [2, 1]
    assert _scores(page.rows) == [0, 100]
    assert {r.quiz_title for r in page.rows} == {"Handovers"}
    assert page.rows[0].duration == dt.timedelta(minutes=5)
    assert page.older is None and page.newer is None and page.is_first


def test_history_pages_by_cursor_both_ways_and_ignores_foreign_cursors(app, make_user, make_quiz):
    student, other = make_user(), make_user()
    quiz = make_quiz()
    insert_attempts(app, quiz.id, student.id, [[Q(None)] for _ in range(45)])
    (foreign,) = insert_attempts(app, quiz.id, other.id, [[Q(None)]])
    with app.app_context():
        first = results.history_page(student.id)
        second = results.history_page(student.id, before=first.older)
        third = results.history_page(student.id, before=second.older)
        back = results.history_page(student.id, after=third.newer)
        snooping = results.history_page(student.id, before=foreign)
    assert [r.number for r in first.rows] == list(range(45, 25, -1))
    assert [r.number for r in second.rows] == list(range(25, 5, -1))
    assert [r.number for r in third.rows] == [5, 4, 3, 2, 1]
    assert third.older is None
    assert [r.number for r in back.rows] == [r.number for r in second.rows]
    assert back.newer is not None  # page one is still above
    assert snooping.rows == []


def test_score_series_is_last_graded_attempts_oldest_first(app, make_user, make_quiz):
    student = make_user()
    quiz = make_quiz()
    ten = [Q(None, points=1.0)] * 10
    specs = [[Q(None, points=1.0)] * n + [Q(None, points=0.0)] * (10 - n) for n in range(1, 11)]
    insert_attempts(app, quiz.id, student.id, specs)
    insert_attempts(app, quiz.id, student.id, [ten], start=NOW, purpose="practice", number_from=11)
    insert_attempts(app, quiz.id, student.id, [ten], start=NOW, state="in_progress", number_from=12)
    with app.app_context():
        series = results.score_series(student.id, limit=4)
    assert _scores(series) == [70, 80, 90, 100]


def test_mastery_by_kind_and_bank_over_the_window(app, make_user, make_bank, make_quiz):
    student = make_user()
    bank = make_bank()
    quiz = make_quiz(bank=bank)
    (d1, _, _), (b1, _, _) = facts(app, bank.id, 2)
    recent = NOW - dt.timedelta(days=10)
    insert_attempts(
        app,
        quiz.id,
        student.id,
        [
            [Q(d1, "date", 1.0), Q(d1, "date", 0.0), Q(b1, "base", 0.5), Q(b1, "base", None)],
            [Q(d1, "date", 1.0), Q(b1, "quote", 1.0)],
        ],
        start=recent,
    )
    # Outside the 90-day window: must not count.
    insert_attempts(
        app,
        quiz.id,
        student.id,
        [[Q(d1, "date", 0.0)] * 5],
        start=NOW - dt.timedelta(days=120),
        number_from=3,
    )
    with app.app_context():
        by_kind, by_bank = results.mastery(student.id, now=NOW)
    kinds = {m.key: (m.asked, m.correct, m.percent) for m in by_kind}
    # date: 1 + 0 + 1 of 3; base: 0.5 + unanswered of 2; quote: 1 of 1.
    assert kinds == {
        "date": (3, 2, pytest.approx(200 / 3)),
        "base": (2, 0, 25.0),
        "quote": (1, 1, 100.0),
    }
    assert [m.key for m in by_kind] == ["date", "base", "quote"]  # the engine's order of kinds
    (only_bank,) = by_bank
    assert only_bank.label == bank.title
    assert (only_bank.asked, only_bank.correct) == (6, 3)
    assert only_bank.percent == pytest.approx(100 * 3.5 / 6)


def test_mastery_window_keeps_only_the_latest_attempts(app, make_user, make_quiz):
    student = make_user()
    quiz = make_quiz()
    base = NOW - dt.timedelta(days=5)
    older = [[Q(None, "date", 0.0)]] * 5
    latest = [[Q(None, "date", 1.0)]] * results.WINDOW_ATTEMPTS
    insert_attempts(app, quiz.id, student.id, older, start=base, step=dt.timedelta(minutes=1))
    insert_attempts(
        app,
        quiz.id,
        student.id,
        latest,
        start=base + dt.timedelta(hours=1),
        step=dt.timedelta(minutes=1),
        number_from=6,
    )
    with app.app_context():
        (date,), _ = results.mastery(student.id, now=NOW)
    assert (date.asked, date.percent) == (results.WINDOW_ATTEMPTS, 100.0)


def test_missed_facts_most_missed_first_with_labels(app, make_user, make_bank, make_quiz):
    student = make_user()
    bank = make_bank()
    quiz = make_quiz(bank=bank)
    (a, _, label_a), (b, _, label_b), (c, _, _) = facts(app, bank.id, 3)
    insert_attempts(
        app,
        quiz.id,
        student.id,
        [
            [Q(a, points=0.0), Q(b, points=0.0), Q(c, points=1.0)],
            [Q(a, points=None), Q(b, points=1.0), Q(c, points=1.0)],
            [Q(a, points=0.5), Q(b, points=1.0)],
        ],
        start=NOW - dt.timedelta(days=1),
    )
    with app.app_context():
        missed = results.missed_facts(student.id, now=NOW)
    assert [(m.bank_fact_id, m.label, m.missed, m.asked) for m in missed] == [
        (a, label_a, 3, 3),  # wrong, unanswered and partly right all count as missed
        (b, label_b, 1, 3),
    ]
    assert missed[0].bank_title == bank.title


def test_dashboard_summary_this_week_against_last(app, make_user, make_quiz):
    student = make_user()
    quiz = make_quiz()
    last_week = NOW - dt.timedelta(days=10)
    this_week = NOW - dt.timedelta(days=3)
    insert_attempts(app, quiz.id, student.id, [[Q(None, points=0.5)]] * 2, start=last_week)
    insert_attempts(
        app,
        quiz.id,
        student.id,
        [[Q(None, points=1.0)], [Q(None, points=0.6)], [Q(None, points=0.8)]],
        start=this_week,
        number_from=3,
    )
    insert_attempts(
        app, quiz.id, student.id, [[Q(None)]], start=this_week, state="in_progress", number_from=6
    )
    with app.app_context():
        summary = results.dashboard_summary(student.id, now=NOW)
        empty = results.dashboard_summary(student.id, now=NOW + dt.timedelta(days=60))
    assert summary.this_week == 3
    assert summary.average == pytest.approx(80.0)
    assert summary.previous_average == pytest.approx(50.0)
    assert summary.trend == "up"
    assert (empty.this_week, empty.average, empty.trend) == (0, None, None)


def test_practise_fact_starts_practice_attempt_on_that_fact(app, make_user, practice_quiz):
    student = make_user()
    with app.app_context():
        fact = db.session.scalars(
            select(BankFact).where(
                BankFact.bank_id == practice_quiz.bank_id, BankFact.kind == "date"
            )
        ).first()
        started = results.practise_fact(student.id, fact.id)
        again = results.practise_fact(student.id, fact.id)
        attempt = db.session.get(Attempt, started.attempt_id)
        tested = {fact_id for q in attempt.questions for fact_id in q.question["fact_ids"]}
        assert (attempt.quiz_id, attempt.purpose, attempt.user_id) == (
            practice_quiz.id,
            "practice",
            student.id,
        )
        assert tested == {fact.fact_key}
    assert not started.resumed
    assert again.resumed and again.attempt_id == started.attempt_id


def test_practise_fact_of_a_draft_bank_or_unknown_fact_is_not_found(app, make_user, make_bank):
    student = make_user()
    draft = make_bank(status="draft")
    with app.app_context():
        fact_id = db.session.scalar(select(BankFact.id).where(BankFact.bank_id == draft.id))
        with pytest.raises(AttemptNotFound):
            results.practise_fact(student.id, fact_id)
        with pytest.raises(AttemptNotFound):
            results.practise_fact(student.id, 999_999)


def _answer_correctly(app, user_id, attempt_id, right: int):
    """Answer the first `right` questions with the key's option and the rest wrongly."""
    with app.app_context():
        questions = db.session.scalars(
            select(AttemptQuestion)
            .where(AttemptQuestion.attempt_id == attempt_id)
            .order_by(AttemptQuestion.position)
        ).all()
        keys = [
            (q.position, q.question["answer"]["correct"][0], q.question["options"])
            for q in questions
        ]
    for position, key, options in keys:
        wrong = next(o["id"] for o in options if o["id"] != key)
        with app.app_context():
            attempts.save_response(
                user_id, attempt_id, position, key if position <= right else wrong, 0
            )


def test_real_attempts_appear_in_history_and_chart(app, make_user, make_quiz):
    student = make_user()
    quiz = make_quiz(title="Choices", question_types=["multiple_choice"], question_count=4)
    for right in (1, 3):
        with app.app_context():
            attempt_id = attempts.start_attempt(student.id, quiz.id)
        _answer_correctly(app, student.id, attempt_id, right)
        with app.app_context():
            attempts.finish_attempt(student.id, attempt_id)
    with app.app_context():
        page = results.history_page(student.id)
        series = results.score_series(student.id)
        by_kind, _ = results.mastery(student.id)
    assert _scores(page.rows) == [75, 25]
    assert _scores(series) == [25, 75]
    assert sum(m.asked for m in by_kind) == 8
    assert sum(m.correct for m in by_kind) == 4


def test_missed_facts_of_an_unpublished_bank_cannot_be_practised(
    app, make_user, make_bank, make_quiz
):
    student = make_user()
    bank = make_bank(status="archived")
    quiz = make_quiz(bank=bank)
    (fact, _, _), *_ = facts(app, bank.id, 1)
    insert_attempts(app, quiz.id, student.id, [[Q(fact, points=0.0)]], start=NOW)
    with app.app_context():
        (missed,) = results.missed_facts(student.id, now=NOW)
    assert missed.bank_fact_id == fact and not missed.practisable
