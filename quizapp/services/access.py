"""Who may see or change what: checked on every object, not only on every route."""

from __future__ import annotations

from typing import Protocol

from quizapp.models.attempt import Attempt
from quizapp.models.bank import Bank
from quizapp.models.quiz import Quiz


class Actor(Protocol):
    """The little of a user the rules need."""

    id: int
    role: str


def is_admin(user: Actor) -> bool:
    """Tell whether the user is an admin."""
    return user.role == "admin"


def can_manage_bank(user: Actor, bank: Bank) -> bool:
    """Owners manage their banks; admins manage all, including the shipped ones."""
    return is_admin(user) or (user.role == "instructor" and bank.owner_id == user.id)


def can_read_bank(user: Actor, bank: Bank) -> bool:
    """Managers read their banks; every instructor may read (never change) a published one."""
    return can_manage_bank(user, bank) or (user.role == "instructor" and bank.status == "published")


def can_take_quiz(user: Actor, quiz: Quiz) -> bool:
    """Anyone logged in may take a quiz on a published bank (drafts are previewed instead)."""
    return quiz.bank.status == "published"


def can_manage_quiz(user: Actor, quiz: Quiz) -> bool:
    """The quiz owner (or the bank's manager for practice quizzes) and admins."""
    if is_admin(user):
        return True
    if user.role != "instructor":
        return False
    return quiz.owner_id == user.id or (quiz.owner_id is None and quiz.bank.owner_id == user.id)


def can_view_attempt(user: Actor, attempt: Attempt) -> bool:
    """Learners see their own attempts; the quiz's manager and admins see everyone's."""
    return attempt.user_id == user.id or can_manage_quiz(user, attempt.quiz)
