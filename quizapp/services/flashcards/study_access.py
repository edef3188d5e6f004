"""Banks during exams: whether a bank's flashcards and Anki export are open to learners.

A bank's managers choose "study" (learners may open them) or "assessment only" (they may not).
Either way, while a learner has a graded attempt open on a quiz drawn from the bank, its
flashcards and export stay shut to them until that attempt is finished: the answers are one
tab away otherwise.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.bank import STUDY_MODES, Bank
from quizapp.models.quiz import Quiz
from quizapp.models.types import utcnow
from quizapp.services.access import Actor, can_manage_bank
from quizapp.services.flashcards.errors import FlashcardError, FlashcardNotFound


class StudyClosed(FlashcardError):
    """The bank's flashcards are shut to this learner for now; the message says why."""

    status = 409


def open_exam(user_id: int, bank_id: int, now: dt.datetime | None = None) -> str | None:
    """Return the title of a quiz on the bank the learner has a graded attempt open at, or None."""
    # Imported here: attempts imports what imports this module.
    from quizapp.services.attempts.operations import grace

    now = now or utcnow()
    return db.session.scalar(
        select(Quiz.title)
        .join(Attempt, Attempt.quiz_id == Quiz.id)
        .where(
            Quiz.bank_id == bank_id,
            Attempt.user_id == user_id,
            Attempt.state == "in_progress",
            Attempt.purpose == "graded",
            or_(Attempt.deadline_at.is_(None), Attempt.deadline_at >= now - grace()),
        )
        .limit(1)
    )


def check_study(user: Actor, bank: Bank) -> None:
    """Raise StudyClosed if the user may not open the bank's flashcards or export now."""
    if bank.study_mode == "assessment" and not can_manage_bank(user, bank):
        raise StudyClosed(
            f"The flashcards of “{bank.title}” are closed: its instructor keeps this bank for "
            "assessment only."
        )
    title = open_exam(user.id, bank.id)
    if title is not None:
        raise StudyClosed(
            f"The flashcards and Anki export of “{bank.title}” open again once you finish your "
            f"attempt at “{title}”, which is drawn from this bank."
        )


def set_study_mode(user: Actor, bank_id: int, mode: str) -> str:
    """Open a bank's flashcards to learners ("study") or not ("assessment"); return its title."""
    bank = db.session.get(Bank, bank_id)
    if bank is None or not can_manage_bank(user, bank):
        raise FlashcardNotFound("No such bank.")
    if mode not in STUDY_MODES:
        db.session.rollback()
        raise FlashcardError("Choose study or assessment only.")
    bank.study_mode = mode
    title = bank.title
    db.session.commit()
    return title
