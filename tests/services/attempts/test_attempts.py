"""Attempts at the service level: start/resume, frozen questions, saving, finishing, deadlines."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from quizapp.engine.bank import bank_to_dict, parse_bank_data
from quizapp.extensions import db
from quizapp.models.attempt import Attempt, Response
from quizapp.models.quiz import Quiz
from quizapp.services import attempts
from quizapp.services.attempts import AttemptError, AttemptNotFound, InvalidAnswer, StaleSave
from quizapp.services.banks import import_bank

T0 = dt.datetime(2031, 5, 1, 9, 0, tzinfo=dt.UTC)
MC = {"question_types": ["multiple_choice"]}


def right(question: dict[str, Any]) -> str:
    """Return the id of a correct option of a multiple-choice question."""
    return question["answer"]["correct"][0]


def wrong(question: dict[str, Any]) -> str:
    """Return the id of a wrong option of a multiple-choice question."""
    return next(
        o["id"] for o in question["options"] if o["id"] not in question["answer"]["correct"]
    )


def frozen(app, attempt_id: int) -> list[dict[str, Any]]:
    """Return the frozen questions of an attempt, in order."""
    with app.app_context():
        return [aq.question for aq in db.session.get(Attempt, attempt_id).questions]


def response_rows(app, attempt_id: int) -> dict[int, Response]:
    """Return the stored responses of an attempt by question position (detached)."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        out = {aq.position: aq.response for aq in attempt.questions if aq.response is not None}
        db.session.expunge_all()
        return out


def attempt_row(app, attempt_id: int) -> Attempt:
    with app.app_context():
        row = db.session.get(Attempt, attempt_id)
        db.session.expunge(row)
        return row


@pytest.fixture
def student(make_user):
    return make_user(role="student")


# -- start and resume --------------------------------------------------------------------------


def test_starting_again_resumes_the_open_attempt(app, make_quiz, student):
    quiz = make_quiz(question_count=6)
    with app.app_context():
        first = attempts.start_attempt(student.id, quiz.id, now=T0)
        again = attempts.start_attempt(student.id, quiz.id, now=T0 + dt.timedelta(hours=1))
        count = db.session.scalar(select(func.count()).select_from(Attempt))
    assert again == first and count == 1
    questions = frozen(app, first)
    assert len(questions) == 6
    assert all(q["fact_ids"] and q["stem"] for q in questions)


def test_attempts_allowed_is_enforced_with_a_clear_message(app, make_quiz, student):
    quiz = make_quiz(question_count=2, attempts_allowed=2, **MC)
    with app.app_context():
        for _ in range(2):
            attempts.finish_attempt(student.id, attempts.start_attempt(student.id, quiz.id))
        with pytest.raises(AttemptError, match="used all 2 attempts"):
            attempts.start_attempt(student.id, quiz.id)
        numbers = db.session.scalars(select(Attempt.number).order_by(Attempt.number)).all()
    assert numbers == [1, 2]


def test_quiz_window_is_enforced(app, make_quiz, student):
    quiz = make_quiz(question_count=2, opens_at=T0, closes_at=T0 + dt.timedelta(days=1))
    with app.app_context():
        with pytest.raises(AttemptError, match="not open yet"):
            attempts.start_attempt(student.id, quiz.id, now=T0 - dt.timedelta(minutes=1))
        with pytest.raises(AttemptError, match="has closed"):
            attempts.start_attempt(student.id, quiz.id, now=T0 + dt.timedelta(days=1))
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
        assert attempts.start_attempt(student.id, quiz.id, now=T0 + dt.timedelta(hours=2))


def test_draft_bank_quiz_cannot_be_started(app, make_bank, make_quiz, student, make_user):
    quiz = make_quiz(bank=make_bank(owner=make_user(role="instructor"), status="draft"))
    with app.app_context(), pytest.raises(AttemptNotFound, match="No such quiz"):
        attempts.start_attempt(student.id, quiz.id)


def test_timed_attempt_gets_the_server_deadline(app, make_quiz, student):
    quiz = make_quiz(question_count=2, time_limit_minutes=20)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id, now=T0)
    assert attempt_row(app, attempt_id).deadline_at == T0 + dt.timedelta(minutes=20)


def test_frozen_questions_survive_a_new_bank_version(app, make_bank, make_quiz, student):
    key, old, new = "battle_of_kirkuk_date", "16 October 2017", "20 October 2017"
    bank = make_bank()
    quiz = make_quiz(bank=bank, question_count=1, **MC)
    with app.app_context():
        before_id = attempts.start_attempt(student.id, quiz.id, purpose="practice", fact_keys=[key])
    (before,) = frozen(app, before_id)
    shown = " ".join([before["stem"], *(o["label"] for o in before["options"])])
    assert before["fact_ids"] == [key] and old in shown

    data = bank_to_dict(_engine_bank(app, bank.id))
    fact = next(f for f in data["facts"] if f["id"] == key)
    fact["value"] = {"date": "2017-10-20"}
    fact["sentence"] = "The battle of Kirkuk was fought on 20 October 2017."
    with app.app_context():
        assert import_bank(parse_bank_data(data, filename="v2.yaml"), owner_id=None).version == 2

    assert frozen(app, before_id) == [before]  # the open attempt shows exactly what it showed
    with app.app_context():
        done = attempts.save_response(student.id, before_id, 1, right(before), 0)
        attempts.finish_attempt(student.id, before_id)
    assert done.seq == 1
    row = attempt_row(app, before_id)
    assert (row.score, row.max_score) == (1.0, 1.0)  # graded by the old, frozen key

    with app.app_context():
        after_id = attempts.start_attempt(student.id, quiz.id, purpose="practice", fact_keys=[key])
    (after,) = frozen(app, after_id)
    labels = {o["id"]: o["label"] for o in after["options"]}
    assert new in after["stem"] or new == labels[right(after)]
    assert after["sources"][0]["sentence"].endswith("20 October 2017.")


def _engine_bank(app, bank_id: int) -> Any:
    from quizapp.services.banks import current_version, engine_bank

    with app.app_context():
        engine = engine_bank(current_version(bank_id))
    return dataclasses.replace(engine)


# -- saving ------------------------------------------------------------------------------------


@pytest.fixture
def deferred(app, make_quiz, student):
    """Return (attempt id, frozen questions) of a fresh deferred-feedback attempt."""
    quiz = make_quiz(question_count=4, feedback="deferred", **MC)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id)
    return attempt_id, frozen(app, attempt_id)


def test_saves_follow_the_sequence_and_stale_ones_write_nothing(app, student, deferred):
    attempt_id, qs = deferred
    with app.app_context():
        assert attempts.save_response(student.id, attempt_id, 1, wrong(qs[0]), 0).seq == 1
        with pytest.raises(StaleSave, match="out of date"):
            attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 0)  # double click
        assert attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 1).seq == 2
        for seen in (1, 0, 7):  # an old tab, or a made-up number
            with pytest.raises(StaleSave):
                attempts.save_response(student.id, attempt_id, 1, wrong(qs[0]), seen)
        with pytest.raises(StaleSave):  # a first save must say it saw nothing
            attempts.save_response(student.id, attempt_id, 2, right(qs[1]), 1)
    saved = response_rows(app, attempt_id)
    assert list(saved) == [1]
    assert (saved[1].answer, saved[1].seq) == (right(qs[0]), 2)
    assert saved[1].outcome is None  # deferred: nothing graded, nothing to leak, until the end


def test_deferred_save_gives_no_feedback(app, student, deferred):
    attempt_id, qs = deferred
    with app.app_context():
        result = attempts.save_response(student.id, attempt_id, 1, wrong(qs[0]), 0)
    assert (result.outcome, result.feedback, result.points, result.late) == (
        None,
        None,
        None,
        False,
    )


def test_immediate_feedback_grades_the_first_save_and_makes_it_final(app, make_quiz, student):
    quiz = make_quiz(question_count=2, feedback="immediate", **MC)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id)
    qs = frozen(app, attempt_id)
    with app.app_context():
        good = attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 0)
        bad = attempts.save_response(student.id, attempt_id, 2, wrong(qs[1]), 0)
        with pytest.raises(AttemptError, match="already checked"):
            attempts.save_response(student.id, attempt_id, 2, right(qs[1]), 1)
    assert (good.outcome, good.points) == ("correct", 1.0)
    # A contested fact's question adds "Sources differ: ..." after the verdict.
    assert good.feedback.startswith("Correct.") and "The answer is" not in good.feedback
    assert bad.outcome == "incorrect" and "The answer is" in bad.feedback
    assert response_rows(app, attempt_id)[2].answer == wrong(qs[1])


def test_saving_to_a_finished_attempt_is_refused(app, student, deferred):
    attempt_id, qs = deferred
    with app.app_context():
        attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 0)
        attempts.finish_attempt(student.id, attempt_id)
        with pytest.raises(AttemptError, match="closed"):
            attempts.save_response(student.id, attempt_id, 1, wrong(qs[0]), 1)
        with pytest.raises(AttemptError, match="closed"):
            attempts.save_response(student.id, attempt_id, 2, wrong(qs[1]), 0)
    assert list(response_rows(app, attempt_id)) == [1]


def test_another_learners_attempt_is_not_found(app, make_user, student, deferred):
    attempt_id, qs = deferred
    other = make_user(role="student")
    with app.app_context():
        for call in (
            lambda: attempts.save_response(other.id, attempt_id, 1, right(qs[0]), 0),
            lambda: attempts.finish_attempt(other.id, attempt_id),
            lambda: attempts.practise_missed(other.id, attempt_id),
            lambda: attempts.save_response(student.id, attempt_id, 99, "a", 0),
        ):
            with pytest.raises(AttemptNotFound):
                call()
    assert response_rows(app, attempt_id) == {}
    assert attempt_row(app, attempt_id).state == "in_progress"


def test_unstorable_answers_are_refused(app, student, deferred):
    attempt_id, _ = deferred
    with app.app_context():
        with pytest.raises(InvalidAnswer, match="too long"):
            attempts.save_response(student.id, attempt_id, 1, "x" * 20_000, 0)
        with pytest.raises(InvalidAnswer, match="cannot be saved"):
            attempts.save_response(student.id, attempt_id, 1, {1, 2}, 0)
    assert response_rows(app, attempt_id) == {}


def test_one_save_costs_few_statements(app, student, deferred, query_counter):
    attempt_id, qs = deferred
    with app.app_context():
        with query_counter() as first:
            attempts.save_response(student.id, attempt_id, 1, wrong(qs[0]), 0)
        with query_counter() as change:
            attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 1)
    # Budget: 5 statements with BEGIN and COMMIT; the counter leaves those two out, so 3.
    # (It is 2 today: one SELECT that also share-locks the attempt, one INSERT or UPDATE.)
    assert first.count <= 3, first.statements
    assert change.count <= 3, change.statements
    assert response_rows(app, attempt_id)[1].answer == right(qs[0])


# -- deadlines ---------------------------------------------------------------------------------


@pytest.fixture
def timed(app, make_quiz, student):
    """Return (attempt id, questions) of a 10-minute attempt started at T0."""
    quiz = make_quiz(question_count=4, time_limit_minutes=10, **MC)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id, now=T0)
    return attempt_id, frozen(app, attempt_id)


def test_late_answers_are_kept_but_not_graded(app, student, timed, monkeypatch):
    monkeypatch.setitem(app.config, "QUIZ_GRACE_SECONDS", 60)
    attempt_id, qs = timed
    deadline = T0 + dt.timedelta(minutes=10)
    in_grace, late = deadline + dt.timedelta(seconds=59), deadline + dt.timedelta(seconds=61)
    with app.app_context():
        assert not attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 0, now=T0).late
        assert not attempts.save_response(
            student.id, attempt_id, 2, right(qs[1]), 0, now=in_grace
        ).late
        assert attempts.save_response(student.id, attempt_id, 3, right(qs[2]), 0, now=late).late
        with pytest.raises(AttemptError, match="answer you saved in time stands"):
            attempts.save_response(student.id, attempt_id, 1, wrong(qs[0]), 1, now=late)
        attempts.finish_attempt(student.id, attempt_id, now=late)
    row, saved = attempt_row(app, attempt_id), response_rows(app, attempt_id)
    assert (row.state, row.score, row.max_score) == ("overdue", 2.0, 4.0)
    assert [saved[p].outcome for p in (1, 2, 3)] == ["correct", "correct", "ungraded"]
    assert saved[3].late and saved[3].answer == right(qs[2]) and saved[3].points == 0.0
    assert saved[1].answer == right(qs[0])


def test_finishing_within_the_grace_is_an_ordinary_finish(app, student, timed):
    attempt_id, _ = timed
    with app.app_context():
        attempts.finish_attempt(
            student.id, attempt_id, now=T0 + dt.timedelta(minutes=10, seconds=5)
        )
    assert attempt_row(app, attempt_id).state == "finished"


def test_sweep_closes_only_overdue_attempts(app, make_quiz, make_user, timed, student):
    attempt_id, qs = timed
    untimed = make_quiz(question_count=2)
    later = make_quiz(question_count=2, time_limit_minutes=60)
    someone = make_user()
    with app.app_context():
        attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 0, now=T0)
        open_untimed = attempts.start_attempt(student.id, untimed.id, now=T0)
        open_later = attempts.start_attempt(someone.id, later.id, now=T0)
        sweep_at = T0 + dt.timedelta(minutes=10) + attempts.grace() + dt.timedelta(seconds=1)
        assert attempts.sweep_overdue(now=T0 + dt.timedelta(minutes=10)) == 0
        assert attempts.sweep_overdue(now=sweep_at) == 1
        assert attempts.sweep_overdue(now=sweep_at) == 0
    swept = attempt_row(app, attempt_id)
    assert (swept.state, swept.score, swept.finished_at) == ("overdue", 1.0, sweep_at)
    assert attempt_row(app, open_untimed).state == "in_progress"
    assert attempt_row(app, open_later).state == "in_progress"


def test_starting_after_the_deadline_closes_the_old_attempt_and_starts_anew(
    app, make_quiz, student
):
    quiz = make_quiz(question_count=2, time_limit_minutes=5)
    with app.app_context():
        first = attempts.start_attempt(student.id, quiz.id, now=T0)
        second = attempts.start_attempt(student.id, quiz.id, now=T0 + dt.timedelta(hours=1))
    assert second != first
    assert attempt_row(app, first).state == "overdue"
    assert attempt_row(app, second).number == 2


# -- finishing ---------------------------------------------------------------------------------


def test_finish_grades_every_answer_once_and_is_idempotent(app, student, deferred):
    attempt_id, qs = deferred
    with app.app_context():
        attempts.save_response(student.id, attempt_id, 1, right(qs[0]), 0)
        attempts.save_response(student.id, attempt_id, 2, wrong(qs[1]), 0)
        attempts.save_response(student.id, attempt_id, 3, right(qs[2]), 0)
        assert attempts.finish_attempt(student.id, attempt_id, now=T0) == attempt_id
        assert attempts.finish_attempt(student.id, attempt_id, now=T0 + dt.timedelta(hours=1))
    row, saved = attempt_row(app, attempt_id), response_rows(app, attempt_id)
    assert (row.state, row.score, row.max_score, row.percent) == ("finished", 2.0, 4.0, 50.0)
    assert row.finished_at == T0  # the second finish changed nothing
    assert [saved[p].outcome for p in (1, 2, 3)] == ["correct", "incorrect", "correct"]
    assert [saved[p].points for p in (1, 2, 3)] == [1.0, 0.0, 1.0]
    assert 4 not in saved  # the unanswered question counts 0 without a row


def test_quiz_rows_are_untouched_by_attempts(app, make_quiz, student):
    quiz = make_quiz(question_count=3)
    with app.app_context():
        attempts.finish_attempt(student.id, attempts.start_attempt(student.id, quiz.id))
        assert db.session.get(Quiz, quiz.id).question_count == 3
