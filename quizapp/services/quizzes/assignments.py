"""Which quizzes a learner may see and take: practice quizzes, quizzes open to everyone signed
in, and quizzes assigned to one of their classes (with that class's due date).

A quiz that is neither open to everyone nor assigned is a draft: only its managers see it. A
hidden quiz is withdrawn from every learner. To everyone else such a quiz does not exist (404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, false, or_, select, true

from quizapp.extensions import db
from quizapp.models.bank import Bank
from quizapp.models.classroom import ClassMember, ClassQuiz, Classroom
from quizapp.models.quiz import Quiz
from quizapp.services.access import Actor, can_manage_quiz, is_admin
from quizapp.services.classes.operations import ClassError, ClassNotFound, taught_class


def _assigned_to(user_id: int) -> Any:
    """Select the ids of the quizzes assigned to a class the user is a student of."""
    return (
        select(ClassQuiz.quiz_id)
        .join(ClassMember, ClassMember.class_id == ClassQuiz.class_id)
        .where(ClassMember.user_id == user_id, ClassMember.role == "student")
    )


def visible_condition(user: Actor) -> ColumnElement[bool]:
    """Return the SQL condition on Quiz (joined with Bank) for the quizzes the user may see."""
    if is_admin(user):
        return true()
    learner = and_(
        Quiz.hidden.is_(false()),
        or_(Quiz.open_to_all.is_(true()), Quiz.id.in_(_assigned_to(user.id))),
    )
    conditions = [Quiz.is_practice.is_(true()), learner]
    if user.role == "instructor":
        conditions += [
            Quiz.owner_id == user.id,
            and_(Quiz.owner_id.is_(None), Bank.owner_id == user.id),
        ]
    return or_(*conditions)


def can_see_quiz(user: Actor, quiz: Quiz) -> bool:
    """Tell whether the user may see (and so try to take) the quiz."""
    if quiz.is_practice or can_manage_quiz(user, quiz):
        return True
    if quiz.hidden:
        return False
    if quiz.open_to_all:
        return True
    found = db.session.scalar(_assigned_to(user.id).where(ClassQuiz.quiz_id == quiz.id).limit(1))
    return found is not None


def due_dates(user_id: int, quiz_ids: Sequence[int]) -> dict[int, dt.datetime]:
    """Return, per quiz, the due date the learner's classes set (the latest, if several).

    A quiz with no due date in one of the learner's classes, or none at all, is left out.
    """
    if not quiz_ids:
        return {}
    found: dict[int, list[dt.datetime | None]] = {}
    for quiz_id, due in db.session.execute(
        select(ClassQuiz.quiz_id, ClassQuiz.due_at)
        .join(ClassMember, ClassMember.class_id == ClassQuiz.class_id)
        .where(
            ClassMember.user_id == user_id,
            ClassMember.role == "student",
            ClassQuiz.quiz_id.in_(quiz_ids),
        )
    ):
        found.setdefault(quiz_id, []).append(due)
    return {
        quiz_id: max(d for d in dues if d is not None)
        for quiz_id, dues in found.items()
        if None not in dues
    }


# -- assigning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """A quiz assigned to a class, as the class and quiz pages list it."""

    class_id: int
    class_name: str
    quiz_id: int
    quiz_title: str
    due_at: dt.datetime | None


def _managed(user: Actor, quiz_id: int) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not can_manage_quiz(user, quiz):
        raise ClassNotFound("No such quiz.")
    return quiz


def assign_quiz(user: Actor, class_id: int, quiz_id: int, due_at: dt.datetime | None) -> None:
    """Open a quiz one manages to a class one teaches (or change its due date there)."""
    if due_at is not None and due_at.tzinfo is None:
        raise ClassError("Give the due date with its time zone.", "due_at")
    taught_class(user, class_id)
    quiz = _managed(user, quiz_id)
    if quiz.is_practice:
        db.session.rollback()
        raise ClassError("A practice quiz is open to everyone already.", "quiz")
    row = db.session.get(ClassQuiz, (class_id, quiz_id))
    if row is None:
        db.session.add(ClassQuiz(class_id=class_id, quiz_id=quiz_id, due_at=due_at))
    else:
        row.due_at = due_at
    db.session.commit()


def unassign_quiz(user: Actor, class_id: int, quiz_id: int) -> None:
    """Take a quiz away from a class; attempts already made are kept."""
    taught_class(user, class_id)
    _managed(user, quiz_id)
    db.session.execute(
        delete(ClassQuiz).where(ClassQuiz.class_id == class_id, ClassQuiz.quiz_id == quiz_id)
    )
    db.session.commit()


def class_assignments(class_id: int) -> list[Assignment]:
    """Return the quizzes assigned to a class, by title."""
    return _assignments(ClassQuiz.class_id == class_id, Quiz.title)


def quiz_assignments(quiz_id: int) -> list[Assignment]:
    """Return the classes a quiz is assigned to, by name."""
    return _assignments(ClassQuiz.quiz_id == quiz_id, Classroom.name)


def _assignments(condition: Any, order: Any) -> list[Assignment]:
    rows = db.session.execute(
        select(Classroom.id, Classroom.name, Quiz.id, Quiz.title, ClassQuiz.due_at)
        .join(Classroom, Classroom.id == ClassQuiz.class_id)
        .join(Quiz, Quiz.id == ClassQuiz.quiz_id)
        .where(condition)
        .order_by(order, ClassQuiz.class_id, ClassQuiz.quiz_id)
    )
    return [Assignment(*row) for row in rows]


def student_assignments(class_id: int) -> list[Assignment]:
    """Return what a class assigns that its students may see (hidden quizzes left out)."""
    return _assignments(and_(ClassQuiz.class_id == class_id, Quiz.hidden.is_(false())), Quiz.title)


def assignable_quizzes(user: Actor) -> list[Quiz]:
    """Return the quizzes the user may assign: the ones they manage, practice ones left out."""
    from quizapp.services.quizzes.settings import managed_quizzes

    return [q for q in db.session.scalars(managed_quizzes(user)) if not q.is_practice]
