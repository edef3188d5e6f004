"""Flags: a learner marks questions of an open attempt to come back to before finishing."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion
from quizapp.services.attempts.errors import AttemptError, AttemptNotFound


def set_flag(user_id: int, attempt_id: int, position: int, flagged: bool) -> bool:
    """Flag (or unflag) a question of the learner's open attempt to come back to; return it."""
    if not 0 < position < 2**31:
        raise AttemptNotFound("No such question.")
    aq = db.session.scalar(
        select(AttemptQuestion)
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .where(
            Attempt.id == attempt_id,
            Attempt.user_id == user_id,
            AttemptQuestion.position == position,
        )
    )
    if aq is None:
        db.session.rollback()
        raise AttemptNotFound("No such question.")
    if aq.attempt.state != "in_progress":
        db.session.rollback()
        raise AttemptError("This attempt is closed.")
    aq.flagged = bool(flagged)
    db.session.commit()
    return bool(flagged)
