"""Attempts under real concurrency: threads, each with its own app context, session and connection.

Run on SQLite (writers queue on BEGIN IMMEDIATE + busy_timeout) and on PostgreSQL (row locks,
unique indexes, conditional UPDATEs). Nothing may escape but the service's own clean answers.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion, Response
from quizapp.models.card import ReviewLog
from quizapp.models.user import User
from quizapp.services import attempts
from quizapp.services.attempts import StaleSave

pytestmark = pytest.mark.slow

WORKERS = 12
T0 = dt.datetime(2031, 5, 1, 9, 0, tzinfo=dt.UTC)
MC = {"question_types": ["multiple_choice"]}


def run_all(app, calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls on a thread pool, all released at once; return results or exceptions."""
    go = threading.Event()

    def run(call: Callable[[], Any]) -> Any:
        go.wait(10)
        try:
            with app.app_context():
                return call()
        except Exception as error:  # collected: the test asserts exactly which ones happened
            return error

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(run, call) for call in calls]
        go.set()
        return [future.result(timeout=120) for future in futures]


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_fifty_simultaneous_finishes_grade_once(app, make_quiz, make_user):
    student = make_user()
    quiz = make_quiz(question_count=10, **MC)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id, now=T0)
        qs = [aq.question for aq in db.session.get(Attempt, attempt_id).questions]
        db.session.rollback()
        for position, question in enumerate(qs[:7], start=1):
            attempts.save_response(
                student.id, attempt_id, position, question["answer"]["correct"][0], 0
            )

    finish_times = [T0 + dt.timedelta(seconds=i + 1) for i in range(50)]
    results = run_all(
        app,
        [
            lambda at=at: attempts.finish_attempt(student.id, attempt_id, now=at)
            for at in finish_times
        ],
    )

    assert results == [attempt_id] * 50, [r for r in results if not isinstance(r, int)]
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.state, attempt.score, attempt.max_score) == ("finished", 7.0, 10.0)
        assert attempt.finished_at in finish_times
        logs = db.session.scalars(select(ReviewLog)).all()
        # One grading: one memory entry per answered question, all from the winning finish.
        assert len(logs) == 7
        assert {log.reviewed_at for log in logs} == {attempt.finished_at}
        assert count(Response) == 7


def test_twenty_simultaneous_starts_make_one_attempt(app, make_quiz, make_user):
    student = make_user()
    quiz = make_quiz(question_count=12)
    results = run_all(app, [lambda: attempts.start_attempt(student.id, quiz.id)] * 20)

    assert all(isinstance(r, int) for r in results), [r for r in results if not isinstance(r, int)]
    assert len(set(results)) == 1
    with app.app_context():
        assert count(Attempt) == 1
        assert count(AttemptQuestion) == 12  # no questions left over from the losers
        assert db.session.get(Attempt, results[0]).number == 1


@dataclass
class Save:
    """One save as a browser would send it, and what the server answered."""

    user_id: int
    attempt_id: int
    position: int
    answer: str
    seq: int
    pair: threading.Barrier | None = None
    outcome: Any = None
    #: The session token, as the JSON save sends it (that path checks it in its own query).
    token: str | None = None

    def __call__(self) -> Any:
        if self.pair is not None:
            self.pair.wait(10)  # the twin is sent at the same moment
        return attempts.save_response(
            self.user_id,
            self.attempt_id,
            self.position,
            self.answer,
            self.seq,
            session_token=self.token,
        )


def test_many_learners_saving_at_once_lose_nothing(app, make_quiz):
    students, per_attempt = 200, 20
    quiz = make_quiz(question_count=per_attempt, **MC)
    with app.app_context():
        db.session.execute(
            insert(User),
            [
                {"username": f"load{i}", "display_name": f"load{i}", "password_hash": "-"}
                for i in range(students)
            ],
        )
        db.session.commit()
        user_ids = db.session.scalars(select(User.id).order_by(User.id)).all()
        tokens = dict(db.session.execute(select(User.id, User.session_token)).all())

    started = run_all(app, [lambda u=u: attempts.start_attempt(u, quiz.id) for u in user_ids])
    assert all(isinstance(a, int) for a in started), [a for a in started if not isinstance(a, int)]
    with app.app_context():
        options = {
            (aq.attempt_id, aq.position): [o["id"] for o in aq.question["options"]]
            for aq in db.session.scalars(select(AttemptQuestion))
        }

    rng = random.Random(4000)
    slots = sorted(options)
    twice = set(rng.sample(slots, len(slots) // 10))

    def round_of(seq: int, chosen: set[tuple[int, int]]) -> list[Save]:
        """One save per slot; the slots in `twice` send two different answers, same seq."""
        saves = []
        owner = dict(zip(started, user_ids, strict=True))
        for attempt_id, position in sorted(chosen):
            ids = options[attempt_id, position]
            first, second = rng.sample(ids, 2)
            pair = threading.Barrier(2) if (attempt_id, position) in twice else None
            user_id = owner[attempt_id]
            token = tokens[user_id]
            saves.append(Save(user_id, attempt_id, position, first, seq, pair, token=token))
            if pair is not None:
                saves.append(Save(user_id, attempt_id, position, second, seq, pair, token=token))
        return saves

    # Every question answered once (seq 0), then a tenth of them changed (seq 1); in both rounds
    # the slots in `twice` are sent twice at once, like a double click or a second tab.
    changed = set(rng.sample(slots, len(slots) // 10)) | set(list(twice)[: len(twice) // 2])
    acknowledged: dict[tuple[int, int], list[str]] = {slot: [] for slot in slots}
    for saves in (round_of(0, set(slots)), round_of(1, changed)):
        for save, result in zip(saves, run_all(app, saves), strict=True):
            save.outcome = result
            if isinstance(result, attempts.SaveResult):
                assert result.seq == save.seq + 1
                acknowledged[save.attempt_id, save.position].append(save.answer)
        for save in saves:
            # Only a twin may be refused, and only as stale: no IntegrityError, no lock error.
            assert isinstance(save.outcome, attempts.SaveResult | StaleSave), save.outcome
            assert isinstance(save.outcome, attempts.SaveResult) or save.pair is not None
        duplicates = [s for s in saves if s.pair is not None]
        refused = [s for s in duplicates if isinstance(s.outcome, StaleSave)]
        assert len(refused) * 2 == len(duplicates)  # exactly one of each twin pair refused

    with app.app_context():
        stored = {
            (attempt_id, position): (answer, seq)
            for attempt_id, position, answer, seq in db.session.execute(
                select(
                    AttemptQuestion.attempt_id,
                    AttemptQuestion.position,
                    Response.answer,
                    Response.seq,
                ).join(Response.attempt_question)
            )
        }
    assert len(stored) == students * per_attempt == 4000
    for slot, answers in acknowledged.items():
        # The last acknowledged answer is the one kept; each acknowledgement bumped seq once.
        assert stored[slot] == (answers[-1], len(answers)), slot


def test_saves_racing_a_finish_are_graded_or_refused(app, make_quiz, make_user):
    student = make_user()
    quiz = make_quiz(question_count=30, **MC)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id)
        qs = [aq.question for aq in db.session.get(Attempt, attempt_id).questions]
        db.session.rollback()
    saves: list[Callable[[], Any]] = [
        Save(student.id, attempt_id, position, q["answer"]["correct"][0], 0)
        for position, q in enumerate(qs, start=1)
    ]
    saves.insert(len(saves) // 3, lambda: attempts.finish_attempt(student.id, attempt_id))
    results = run_all(app, saves)

    acknowledged = [r for r in results if isinstance(r, attempts.SaveResult)]
    refused = [r for r in results if isinstance(r, attempts.AttemptError)]
    assert len(acknowledged) + len(refused) + 1 == len(results)
    assert all("closed" in str(error) for error in refused)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        outcomes = [aq.response.outcome for aq in attempt.questions if aq.response]
        # Every acknowledged answer was there when the finish graded: none slipped in after.
        assert len(outcomes) == len(acknowledged)
        assert outcomes == ["correct"] * len(acknowledged)
        assert attempt.score == len(acknowledged)


def test_answer_changes_racing_a_finish_are_graded_or_refused(app, make_quiz, make_user):
    """The one-statement change path locks like the ordinary one: nothing slips past a finish."""
    student = make_user()
    quiz = make_quiz(question_count=30, **MC)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id)
        qs = [aq.question for aq in db.session.get(Attempt, attempt_id).questions]
        token = db.session.get(User, student.id).session_token
        db.session.rollback()
        wrong = {
            p: next(o["id"] for o in q["options"] if o["id"] not in q["answer"]["correct"])
            for p, q in enumerate(qs, start=1)
        }
        for position, option_id in wrong.items():  # every question answered wrongly first
            attempts.save_response(student.id, attempt_id, position, option_id, 0)
    saves: list[Callable[[], Any]] = [
        Save(student.id, attempt_id, p, q["answer"]["correct"][0], 1, token=token)
        for p, q in enumerate(qs, start=1)
    ]
    saves.insert(len(saves) // 3, lambda: attempts.finish_attempt(student.id, attempt_id))
    results = run_all(app, saves)

    acknowledged = [r for r in results if isinstance(r, attempts.SaveResult)]
    refused = [r for r in results if isinstance(r, attempts.AttemptError)]
    assert len(acknowledged) + len(refused) + 1 == len(results)
    assert all("closed" in str(error) for error in refused)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        outcomes = [aq.response.outcome for aq in attempt.questions]
        # Each acknowledged change was graded; each refused one kept its earlier (wrong) answer.
        assert outcomes.count("correct") == len(acknowledged)
        assert outcomes.count("incorrect") == len(refused)
        assert attempt.score == len(acknowledged)
