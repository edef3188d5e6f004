"""Attempt use cases: start or resume, save an answer, finish and grade, sweep overdue attempts.

Each public function is one transaction: it commits once, or rolls back and raises an
AttemptError whose message can be shown to the learner. Concurrency is settled by the database,
not by locks in Python: a partial unique index allows one in-progress attempt per learner and
quiz, a unique response per question plus a compare-and-swap on `seq` refuses stale saves, and a
conditional UPDATE on the attempt's state lets exactly one of many simultaneous finishes grade it.
A save share-locks its attempt row (PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE),
so a save either lands before the finish that grades it or is refused after it: never in between.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, TypeVar

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from quizapp.engine.scoring import final_grade
from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion
from quizapp.models.quiz import Quiz
from quizapp.models.types import utcnow
from quizapp.models.user import User
from quizapp.services.access import can_manage_quiz
from quizapp.services.attempts.errors import (
    AttemptError,
    AttemptNotFound,
    InvalidAnswer,
    LoggedOut,
    SaveResult,
    StaleSave,
)
from quizapp.services.attempts.questions import (
    answer_problem,
    build_questions,
    freeze_questions,
    grade_answer,
)
from quizapp.services.attempts.response_sql import (
    CHANGE_ANSWER,
    INSERT_RESPONSE,
    SAVE_CONTEXT,
    UPDATE_RESPONSE,
)
from quizapp.services.banks.versions import current_version, engine_bank
from quizapp.services.flashcards import memory
from quizapp.services.quizzes.assignments import can_see_quiz
from quizapp.services.quizzes.overrides import rules_for

P = ParamSpec("P")
R = TypeVar("R")


def _one_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Roll the session back when a service function fails, so nothing half-done is kept."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise

    return run


def grace() -> dt.timedelta:
    """Return how long after the deadline answers are still graded."""
    return dt.timedelta(seconds=current_app.config.get("QUIZ_GRACE_SECONDS", 30))


@_one_transaction
def start_attempt(
    user_id: int,
    quiz_id: int,
    *,
    purpose: str = "graded",
    fact_keys: Sequence[str] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Resume the learner's open attempt at a quiz, or start a new one; return its id."""
    now = now or utcnow()
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.bank.status != "published":
        raise AttemptNotFound("No such quiz.")
    open_to_all = quiz.is_practice or (quiz.open_to_all and not quiz.hidden)
    if purpose != "preview" and not open_to_all:  # the common case needs no more queries
        learner = db.session.get(User, user_id)
        if learner is None or not can_see_quiz(learner, quiz):
            raise AttemptNotFound("No such quiz.")  # a draft, hidden, or another class's quiz
    rules = rules_for(user_id, quiz)  # the quiz's settings, due dates and overrides
    _close_overdue(
        select(Attempt).where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id), now
    )
    open_id = _open_attempt_id(user_id, quiz_id)
    if open_id is not None:
        db.session.commit()
        return open_id
    # Practice on missed facts may go on after a quiz closes; graded attempts keep to its window.
    if purpose == "graded" and not rules.is_open(now):
        if rules.status(now) == "not_yet":
            raise AttemptError("This quiz is not open yet.")
        raise AttemptError("This quiz has closed.")
    if purpose == "graded" and rules.attempts_allowed is not None:
        allowed = rules.attempts_allowed
        if _attempt_count(user_id, quiz_id, purpose="graded") >= allowed:
            noun = "attempt" if allowed == 1 else "attempts"
            raise AttemptError(f"You have used all {allowed} {noun} allowed at this quiz.")
    version = current_version(quiz.bank_id)
    if version is None:
        raise AttemptError("This quiz's bank has no questions yet.")
    seed = secrets.randbits(48)
    try:
        questions = build_questions(engine_bank(version), quiz, seed, fact_keys)
    except ValueError as error:  # settings naming kinds or types the engine no longer has
        raise AttemptError(f"This quiz's settings cannot be used: {error}.") from None
    if not questions:
        raise AttemptError("No questions can be made for this quiz's settings.")
    attempt = Attempt(
        quiz_id=quiz_id,
        user_id=user_id,
        bank_version_id=version.id,
        number=_attempt_count(user_id, quiz_id) + 1,
        purpose=purpose,
        seed=seed,
        started_at=now,
        deadline_at=now + dt.timedelta(minutes=rules.time_limit_minutes)
        if rules.time_limit_minutes
        else None,
        max_score=sum(q.points for q in questions),
    )
    attempt.questions = freeze_questions(quiz.bank_id, questions)
    db.session.add(attempt)
    try:
        db.session.flush()
        # Read the id before committing: touching the row after the commit would open a new
        # transaction, which on SQLite (BEGIN IMMEDIATE) holds the write lock until teardown.
        attempt_id = attempt.id
        db.session.commit()
    except IntegrityError:
        # Another request of the same learner started one first: resume that one.
        db.session.rollback()
        open_id = _open_attempt_id(user_id, quiz_id)
        db.session.commit()
        if open_id is None:
            raise AttemptError("Another start of this quiz was under way; try again.") from None
        return open_id
    return attempt_id


@_one_transaction
def save_response(
    user_id: int,
    attempt_id: int,
    position: int,
    answer: Any,
    seen_seq: int,
    *,
    session_token: str | None = None,
    now: dt.datetime | None = None,
) -> SaveResult:
    """Save the answer to one question if `seen_seq` is still current; raise StaleSave if not.

    `session_token`, when given, must be the user's current one: the JSON save checks the login
    here, in the same query, instead of loading the user first (it is the hottest request).
    """
    now = now or utcnow()
    if not 0 < position < 2**31:  # beyond an INTEGER column: no such question
        raise AttemptNotFound("No such question.")
    if not 0 <= seen_seq < 2**31:
        raise StaleSave()
    if problem := answer_problem(answer):
        raise InvalidAnswer(problem)
    if session_token is not None and seen_seq > 0:
        # The common case (change an answer, deferred feedback, in time) in one statement.
        late_after = now - grace()
        changed = db.session.execute(
            CHANGE_ANSWER,
            {
                "attempt_id": attempt_id,
                "position": position,
                "user_id": user_id,
                "token": session_token,
                "late_after": late_after,
                "seen_seq": seen_seq,
                "new_answer": answer,
                "now": now,
            },
        ).first()
        if changed is not None:
            db.session.commit()
            return SaveResult(seq=changed.seq, late=False)
        # Nothing written: find out why (stale, closed, late, ...) the ordinary way below.
    row = db.session.execute(
        SAVE_CONTEXT, {"attempt_id": attempt_id, "position": position, "user_id": user_id}
    ).one_or_none()
    if row is None:
        raise AttemptNotFound("No such question.")
    aq_id, question, state, deadline_at, feedback_mode, response_id, seq, was_late, token = row
    if session_token is not None and not secrets.compare_digest(token, session_token):
        raise LoggedOut()  # a session ended by logout elsewhere or a password change
    if state != "in_progress":
        raise AttemptError("This attempt is closed; answers can no longer be changed.")
    if seen_seq != (seq if response_id is not None else 0):
        raise StaleSave()
    if feedback_mode == "immediate" and response_id is not None:
        raise AttemptError("This question was already checked; its answer is final.")
    late = deadline_at is not None and now > deadline_at + grace()
    if late and response_id is not None and not was_late:
        # Overwriting would swap a graded answer for an ungraded one and cost the learner.
        raise AttemptError("Time is up: the answer you saved in time stands.")
    values: dict[str, Any] = {"answer": answer, "saved_at": now, "late": late}
    result = SaveResult(seq=seen_seq + 1, late=late)
    if feedback_mode == "immediate" and not late:
        graded = grade_answer(question, answer)
        values |= {"points": graded.points, "outcome": graded.outcome, "feedback": graded.feedback}
        result = SaveResult(seen_seq + 1, late, graded.outcome, graded.feedback, graded.points)
    if response_id is None:
        try:
            db.session.execute(INSERT_RESPONSE, {"attempt_question_id": aq_id, "seq": 1, **values})
        except IntegrityError:
            # Two first saves raced (double click, second tab): the other one won.
            raise StaleSave() from None
    else:
        done = db.session.execute(
            UPDATE_RESPONSE, {"response_id": response_id, "seen_seq": seen_seq, **values}
        )
        if done.rowcount != 1:
            raise StaleSave()
    db.session.commit()
    return result


@_one_transaction
def finish_attempt(user_id: int, attempt_id: int, *, now: dt.datetime | None = None) -> int:
    """Submit and grade an attempt once, however many times it is asked for; return its id."""
    now = now or utcnow()
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise AttemptNotFound("No such attempt.")
    _finish(attempt, now)
    db.session.commit()
    return attempt_id


@_one_transaction
def sweep_overdue(*, now: dt.datetime | None = None) -> int:
    """Close and grade every attempt whose deadline and grace have passed; return how many."""
    closed = _close_overdue(select(Attempt), now or utcnow())
    db.session.commit()
    return closed


@_one_transaction
def quiz_grade(user_id: int, quiz_id: int) -> float | None:
    """Return the learner's grade (percent) at a quiz by its grading method, or None if none yet."""
    method = db.session.scalar(select(Quiz.grading_method).where(Quiz.id == quiz_id))
    if method is None:
        raise AttemptNotFound("No such quiz.")
    rows = db.session.execute(
        select(Attempt.score, Attempt.max_score)
        .where(
            Attempt.user_id == user_id,
            Attempt.quiz_id == quiz_id,
            Attempt.purpose == "graded",
            Attempt.state.in_(("finished", "overdue")),
            Attempt.score.is_not(None),
        )
        .order_by(Attempt.number)
    ).all()
    db.session.commit()
    percents = [100.0 * score / max_score for score, max_score in rows if max_score]
    return final_grade(percents, method)


@_one_transaction
def missed_fact_keys(user_id: int, attempt_id: int) -> list[str]:
    """Return the fact ids the learner got wrong, partly wrong or left out in a closed attempt."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise AttemptNotFound("No such attempt.")
    if attempt.state == "in_progress":
        raise AttemptError("Finish this attempt first.")
    keys: dict[str, None] = {}
    for aq in attempt.questions:
        response = aq.response
        if response is None or response.outcome != "correct":
            keys.update(dict.fromkeys(aq.question["fact_ids"]))
    db.session.commit()
    return list(keys)


@_one_transaction
def practise_missed(user_id: int, attempt_id: int, *, now: dt.datetime | None = None) -> int:
    """Start a practice attempt on the facts missed in a finished attempt; return its id."""
    keys = missed_fact_keys(user_id, attempt_id)
    if not keys:
        raise AttemptError("Nothing to practise: you answered every question correctly.")
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt is not None  # missed_fact_keys checked it
    open_purpose = db.session.scalar(
        select(Attempt.purpose).where(
            Attempt.quiz_id == attempt.quiz_id,
            Attempt.user_id == user_id,
            Attempt.state == "in_progress",
        )
    )
    if open_purpose == "graded":
        raise AttemptError("Finish your open attempt at this quiz first.")
    return start_attempt(user_id, attempt.quiz_id, purpose="practice", fact_keys=keys, now=now)


def preview_quiz(user: Any, quiz_id: int, *, now: dt.datetime | None = None) -> int:
    """Start (or resume) an instructor's preview of a quiz: taken as a student, counted nowhere."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not can_manage_quiz(user, quiz):
        raise AttemptNotFound("No such quiz.")
    return start_attempt(user.id, quiz_id, purpose="preview", now=now)


def _open_attempt_id(user_id: int, quiz_id: int) -> int | None:
    return db.session.scalar(
        select(Attempt.id).where(
            Attempt.quiz_id == quiz_id,
            Attempt.user_id == user_id,
            Attempt.state == "in_progress",
        )
    )


def _attempt_count(user_id: int, quiz_id: int, purpose: str | None = None) -> int:
    query = select(func.count()).where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id)
    if purpose:
        query = query.where(Attempt.purpose == purpose)
    return db.session.scalar(query) or 0


def _close_overdue(query: Any, now: dt.datetime) -> int:
    limit = now - grace()
    overdue = db.session.scalars(
        query.where(
            Attempt.state == "in_progress",
            Attempt.deadline_at.is_not(None),
            Attempt.deadline_at < limit,
        )
    ).all()
    return sum(_finish(attempt, now) for attempt in overdue)


def _finish(attempt: Attempt, now: dt.datetime) -> bool:
    """Claim the attempt for grading with a conditional UPDATE; grade it if this call won."""
    overdue = attempt.deadline_at is not None and now > attempt.deadline_at + grace()
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == "in_progress")
        .values(state="overdue" if overdue else "finished", finished_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.refresh(attempt)
        return False
    # Reload after the claim: saves that committed while we waited for the row are graded too.
    attempt = db.session.scalars(
        select(Attempt)
        .where(Attempt.id == attempt.id)
        .options(selectinload(Attempt.questions).selectinload(AttemptQuestion.response))
        .execution_options(populate_existing=True)
    ).one()
    score = 0.0
    for aq in attempt.questions:
        response = aq.response
        if response is None:
            continue
        if response.late:
            response.outcome, response.points = "ungraded", 0.0
            response.feedback = "Saved after the time limit, so not graded."
            continue
        graded = grade_answer(aq.question, response.answer)
        response.points, response.outcome, response.feedback = (
            graded.points,
            graded.outcome,
            graded.feedback,
        )
        score += graded.points
    attempt.score = score
    if attempt.purpose != "preview":  # an instructor trying the quiz learns nothing to recall
        memory.record_attempt(attempt, now)
    return True
