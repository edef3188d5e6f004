"""Across attempts: the quiz grade by grading method, practising missed facts, memory updates."""

from __future__ import annotations

from typing import Any

import fsrs
import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.card import Card, ReviewLog
from quizapp.services import attempts
from quizapp.services.attempts import AttemptError

MC = {"question_types": ["multiple_choice"]}


def right(question: dict[str, Any]) -> str:
    return question["answer"]["correct"][0]


def wrong(question: dict[str, Any]) -> str:
    return next(
        o["id"] for o in question["options"] if o["id"] not in question["answer"]["correct"]
    )


def questions(attempt_id: int) -> list[dict[str, Any]]:
    return [aq.question for aq in db.session.get(Attempt, attempt_id).questions]


def take(user_id: int, quiz_id: int, correct: int, **start: Any) -> int:
    """Start an attempt, answer the first `correct` questions right and the rest wrong, finish."""
    attempt_id = attempts.start_attempt(user_id, quiz_id, **start)
    for position, question in enumerate(questions(attempt_id), start=1):
        answer = right(question) if position <= correct else wrong(question)
        attempts.save_response(user_id, attempt_id, position, answer, 0)
    attempts.finish_attempt(user_id, attempt_id)
    return attempt_id


@pytest.fixture
def student(make_user):
    return make_user(role="student")


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", 100.0), ("average", 175 / 3), ("first", 25.0), ("last", 50.0)],
)
def test_quiz_grade_follows_the_grading_method(app, make_quiz, student, method, expected):
    quiz = make_quiz(question_count=4, grading_method=method, **MC)
    with app.app_context():
        assert attempts.quiz_grade(student.id, quiz.id) is None
        first = take(student.id, quiz.id, correct=1)
        take(student.id, quiz.id, correct=4)
        take(student.id, quiz.id, correct=2)
        practice = attempts.practise_missed(student.id, first)
        for position, question in enumerate(questions(practice), start=1):
            attempts.save_response(student.id, practice, position, right(question), 0)
        attempts.finish_attempt(student.id, practice)  # 100%, but practice never counts
        attempts.start_attempt(student.id, quiz.id)  # open: not graded yet
        assert db.session.get(Attempt, practice).percent == 100.0
        assert attempts.quiz_grade(student.id, quiz.id) == pytest.approx(expected)


def test_quiz_grade_counts_overdue_attempts_and_only_the_learners_own(
    app, make_quiz, student, make_user
):
    quiz = make_quiz(question_count=4, grading_method="average", **MC)
    other = make_user()
    with app.app_context():
        take(student.id, quiz.id, correct=4)
        late = take(student.id, quiz.id, correct=2)
        db.session.execute(update(Attempt).where(Attempt.id == late).values(state="overdue"))
        db.session.commit()
        take(other.id, quiz.id, correct=0)
        assert attempts.quiz_grade(student.id, quiz.id) == pytest.approx(75.0)
        assert attempts.quiz_grade(other.id, quiz.id) == 0.0


def test_practise_missed_uses_only_missed_facts_and_no_allowed_attempt(app, make_quiz, student):
    quiz = make_quiz(question_count=8, attempts_allowed=1)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id)
        qs = questions(attempt_id)
        # Answer the multiple-choice ones right; leave everything else unanswered (missed).
        for position, question in enumerate(qs, start=1):
            if question["type"] == "multiple_choice":
                attempts.save_response(student.id, attempt_id, position, right(question), 0)
        with pytest.raises(AttemptError, match="Finish this attempt first"):
            attempts.practise_missed(student.id, attempt_id)
        attempts.finish_attempt(student.id, attempt_id)
        missed = attempts.missed_fact_keys(student.id, attempt_id)
        expected = {f for q in qs if q["type"] != "multiple_choice" for f in q["fact_ids"]}
        assert set(missed) == expected and missed

        practice_id = attempts.practise_missed(student.id, attempt_id)
        practice = db.session.get(Attempt, practice_id)
        assert (practice.purpose, practice.number, practice.state) == ("practice", 2, "in_progress")
        practice_qs = questions(practice_id)
        assert practice_qs
        assert all(set(q["fact_ids"]) <= set(missed) for q in practice_qs)
        tested = [f for q in practice_qs for f in q["fact_ids"]]
        assert len(tested) == len(set(tested))  # no fact asked twice
        # Practising again resumes the open practice attempt.
        assert attempts.practise_missed(student.id, attempt_id) == practice_id
        attempts.finish_attempt(student.id, practice_id)
        # The one allowed graded attempt is used; practice did not count against it.
        with pytest.raises(AttemptError, match="used all 1 attempt allowed"):
            attempts.start_attempt(student.id, quiz.id)
        assert attempts.practise_missed(student.id, attempt_id) != practice_id


def test_nothing_to_practise_after_a_perfect_attempt(app, make_quiz, student):
    quiz = make_quiz(question_count=3, **MC)
    with app.app_context():
        attempt_id = take(student.id, quiz.id, correct=3)
        assert attempts.missed_fact_keys(student.id, attempt_id) == []
        with pytest.raises(AttemptError, match="Nothing to practise"):
            attempts.practise_missed(student.id, attempt_id)


def test_practice_is_refused_while_a_graded_attempt_is_open(app, make_quiz, student):
    quiz = make_quiz(question_count=3, **MC)
    with app.app_context():
        done = take(student.id, quiz.id, correct=0)
        attempts.start_attempt(student.id, quiz.id)
        with pytest.raises(AttemptError, match="Finish your open attempt"):
            attempts.practise_missed(student.id, done)


def test_practice_on_missed_facts_goes_on_after_the_quiz_closes(app, make_quiz, student):
    import datetime as dt

    opens = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    quiz = make_quiz(question_count=3, opens_at=opens, closes_at=opens + dt.timedelta(days=1), **MC)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id, now=opens)
        attempts.finish_attempt(student.id, attempt_id, now=opens)
        after = opens + dt.timedelta(days=3)
        practice = attempts.practise_missed(student.id, attempt_id, now=after)
        assert db.session.get(Attempt, practice).purpose == "practice"


# -- memory ------------------------------------------------------------------------------------


def test_finishing_feeds_memory_once_per_answer(app, make_quiz, student):
    quiz = make_quiz(question_count=4, **MC)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id)
        qs = questions(attempt_id)
        attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 0)
        attempts.save_response(student.id, attempt_id, 2, wrong(qs[1]), 0)
        attempts.save_response(student.id, attempt_id, 3, right(qs[2]), 0)
        attempts.finish_attempt(student.id, attempt_id)
        attempts.finish_attempt(student.id, attempt_id)  # no second set of logs

        attempt = db.session.get(Attempt, attempt_id)
        by_fact = {aq.bank_fact_id: aq for aq in attempt.questions}
        logs = db.session.scalars(select(ReviewLog)).all()
        assert len(logs) == 3 and {log.source for log in logs} == {"quiz"}
        ratings = {log.card.bank_fact_id: log.rating for log in logs}
        answered = [aq for aq in attempt.questions if aq.response is not None]
        assert ratings == {
            aq.bank_fact_id: (
                fsrs.Rating.Good if aq.response.outcome == "correct" else fsrs.Rating.Again
            )
            for aq in answered
        }
        assert {log.response_id for log in logs} == {aq.response.id for aq in answered}
        cards = db.session.scalars(select(Card).where(Card.user_id == student.id)).all()
        assert len(cards) == 3 and all(c.last_review_at is not None for c in cards)
        unanswered = attempt.questions[3].bank_fact_id
        assert unanswered not in {c.bank_fact_id for c in cards} and unanswered in by_fact
        # The wrong answer is due again sooner than the right ones.
        due = {c.bank_fact_id: c.due_at for c in cards}
        wrong_fact = attempt.questions[1].bank_fact_id
        assert all(due[wrong_fact] < due[aq.bank_fact_id] for aq in (answered[0], answered[2]))


def test_a_second_attempt_updates_the_same_cards(app, make_quiz, student):
    quiz = make_quiz(question_count=3, **MC)
    with app.app_context():
        first = take(student.id, quiz.id, correct=3)
        facts = [aq.bank_fact_id for aq in db.session.get(Attempt, first).questions]
        # Practise exactly those facts again and get them wrong this time.
        keys = [q["fact_ids"][0] for q in questions(first)]
        take(student.id, quiz.id, correct=0, purpose="practice", fact_keys=keys)
        assert db.session.scalar(select(func.count()).select_from(Card)) == 3
        assert db.session.scalar(select(func.count()).select_from(ReviewLog)) == 6
        assert set(db.session.scalars(select(Card.bank_fact_id))) == set(facts)
        history = db.session.execute(
            select(Card.bank_fact_id, ReviewLog.rating)
            .join(ReviewLog.card)
            .order_by(Card.bank_fact_id, ReviewLog.id)
        ).all()
        good, again = int(fsrs.Rating.Good), int(fsrs.Rating.Again)
        assert history == [(fact, rating) for fact in sorted(facts) for rating in (good, again)]
