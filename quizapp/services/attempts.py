"""Attempt use cases: start or resume, save an answer, finish and grade, sweep overdue attempts.

Each public function is one transaction. Concurrency is settled by the database, not by locks in
Python: a partial unique index allows one in-progress attempt per learner and quiz, a unique
response per question plus a compare-and-swap on `seq` refuses stale saves, and a conditional
UPDATE on the attempt's state lets exactly one of many simultaneous finishes grade it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from quizapp.engine.quiz import build_quiz
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from quizapp.engine.model import Question
from quizapp.engine.questions import grade as grade_question
from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion, Response
from quizapp.models.bank import Bank, BankFact
from quizapp.models.quiz import Quiz
from quizapp.models.types import utcnow
from quizapp.services import memory
from quizapp.services.banks import current_version, engine_bank


class AttemptError(Exception):
    """A request about an attempt that cannot be carried out; `status` is the HTTP answer."""

    status = 409


class AttemptNotFound(AttemptError):
    """No such attempt or question for this learner (never says which)."""

    status = 404


class StaleSave(AttemptError):
    """The page that sent the answer is out of date; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "This page is out of date: the answer was changed in another tab or sent twice. "
            "Reload the page to see what is saved."
        )


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the new sequence number, lateness, and feedback when shown at once."""

    seq: int
    late: bool
    outcome: str | None = None
    feedback: str | None = None


def grace() -> dt.timedelta:
    """Return how long after the deadline answers are still graded."""
    return dt.timedelta(seconds=current_app.config.get("QUIZ_GRACE_SECONDS", 30))


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
    _close_overdue(
        select(Attempt).where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id), now
    )
    open_id = _open_attempt_id(user_id, quiz_id)
    if open_id is not None:
        db.session.commit()
        return open_id
    if not quiz.is_open(now):
        raise AttemptError("This quiz is not open now.")
    done = _attempt_count(user_id, quiz_id, purpose="graded")
    if purpose == "graded" and quiz.attempts_allowed is not None and done >= quiz.attempts_allowed:
        raise AttemptError(f"You have used all {quiz.attempts_allowed} attempts at this quiz.")
    version = current_version(quiz.bank_id)
    if version is None:
        raise AttemptError("This quiz's bank has no questions yet.")
    seed = secrets.randbits(48)
    questions = build_quiz(
        engine_bank(version),
        count=quiz.question_count,
        seed=seed,
        types=quiz.question_types or None,
        kinds=quiz.fact_kinds or None,
        fact_ids=list(fact_keys) if fact_keys else None,
    )
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
        deadline_at=now + dt.timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None,
        max_score=sum(q.points for q in questions),
    )
    attempt.questions = _freeze(quiz.bank_id, questions)
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request of the same learner started one first: resume that one.
        db.session.rollback()
        open_id = _open_attempt_id(user_id, quiz_id)
        if open_id is None:
            raise
        return open_id
    return attempt.id


def save_response(
    user_id: int,
    attempt_id: int,
    position: int,
    answer: Any,
    seen_seq: int,
    *,
    now: dt.datetime | None = None,
) -> SaveResult:
    """Save the answer to one question if `seen_seq` is still current; raise StaleSave if not."""
    now = now or utcnow()
    row = db.session.execute(
        select(AttemptQuestion, Attempt.state, Attempt.deadline_at, Quiz.feedback, Response.id)
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .outerjoin(Response, Response.attempt_question_id == AttemptQuestion.id)
        .where(
            AttemptQuestion.attempt_id == attempt_id,
            AttemptQuestion.position == position,
            Attempt.user_id == user_id,
        )
    ).one_or_none()
    if row is None:
        raise AttemptNotFound("No such question.")
    aq, state, deadline_at, feedback_mode, response_id = row
    if state != "in_progress":
        raise AttemptError("This attempt is closed; answers can no longer be changed.")
    if feedback_mode == "immediate" and response_id is not None:
        raise AttemptError("This question was already checked; its answer is final.")
    late = deadline_at is not None and now > deadline_at + grace()
    values: dict[str, Any] = {"answer": answer, "saved_at": now, "late": late}
    result = SaveResult(seq=seen_seq + 1, late=late)
    if feedback_mode == "immediate" and not late:
        graded = grade_question(Question.from_dict(aq.question), answer)
        values |= {"points": graded.points, "outcome": graded.outcome, "feedback": graded.feedback}
        result = SaveResult(seen_seq + 1, late, graded.outcome, graded.feedback)
    if response_id is None:
        if seen_seq != 0:
            raise StaleSave()
        try:
            db.session.execute(insert(Response).values(attempt_question_id=aq.id, seq=1, **values))
        except IntegrityError:
            # Two first saves raced (double click, second tab): the other one won.
            db.session.rollback()
            raise StaleSave() from None
    else:
        done = db.session.execute(
            update(Response)
            .where(Response.id == response_id, Response.seq == seen_seq)
            .values(seq=Response.seq + 1, **values)
        )
        if done.rowcount != 1:
            db.session.rollback()
            raise StaleSave()
    db.session.commit()
    return result


def finish_attempt(user_id: int, attempt_id: int, *, now: dt.datetime | None = None) -> int:
    """Submit and grade an attempt once, however many times it is asked for; return its id."""
    now = now or utcnow()
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise AttemptNotFound("No such attempt.")
    _finish(attempt, now)
    db.session.commit()
    return attempt_id


def sweep_overdue(*, now: dt.datetime | None = None) -> int:
    """Close and grade every attempt whose deadline and grace have passed; return how many."""
    closed = _close_overdue(select(Attempt), now or utcnow())
    db.session.commit()
    return closed


def missed_fact_keys(user_id: int, attempt_id: int) -> list[str]:
    """Return the fact ids the learner got wrong or partly wrong in a finished attempt."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise AttemptNotFound("No such attempt.")
    keys: dict[str, None] = {}
    for aq in attempt.questions:
        response = aq.response
        if response is None or response.outcome in ("incorrect", "partial", None):
            keys.update(dict.fromkeys(aq.question["fact_ids"]))
    return list(keys)


def practise_missed(user_id: int, attempt_id: int, *, now: dt.datetime | None = None) -> int:
    """Start a practice attempt on the facts missed in a finished attempt; return its id."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise AttemptNotFound("No such attempt.")
    if attempt.state == "in_progress":
        raise AttemptError("Finish this attempt first.")
    keys = missed_fact_keys(user_id, attempt_id)
    if not keys:
        raise AttemptError("Nothing to practise: you answered every question correctly.")
    return start_attempt(user_id, attempt.quiz_id, purpose="practice", fact_keys=keys, now=now)


# -- internals ---------------------------------------------------------------------------------


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


def _freeze(bank_id: int, questions: list[Question]) -> list[AttemptQuestion]:
    keys = {q.fact_ids[0] for q in questions if q.fact_ids}
    facts = {
        f.fact_key: f
        for f in db.session.scalars(
            select(BankFact).where(BankFact.bank_id == bank_id, BankFact.fact_key.in_(keys))
        )
    }
    frozen = []
    for position, question in enumerate(questions, start=1):
        fact = facts.get(question.fact_ids[0]) if question.fact_ids else None
        frozen.append(
            AttemptQuestion(
                position=position,
                question=question.to_dict(),
                qtype=question.type,
                bank_fact_id=fact.id if fact else None,
                kind=fact.kind if fact else "relation",
                max_points=question.points,
            )
        )
    return frozen


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
    db.session.refresh(attempt)
    score = 0.0
    for aq in attempt.questions:
        response = aq.response
        if response is None:
            continue
        if response.late:
            response.outcome, response.points = "ungraded", 0.0
            response.feedback = "Saved after the time limit, so not graded."
            continue
        graded = grade_question(Question.from_dict(aq.question), response.answer)
        response.points, response.outcome, response.feedback = (
            graded.points,
            graded.outcome,
            graded.feedback,
        )
        score += graded.points
    attempt.score = score
    memory.record_attempt(attempt, now)
    return True


def bank_of(attempt: Attempt) -> Bank:
    """Return the bank an attempt was drawn from."""
    return attempt.quiz.bank
