"""A class's page for its instructors: students, last activity, grades per assigned quiz, and
the class's mean score per quiz. One query per assigned quiz plus two, whatever the class size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.card import Card, ReviewLog
from quizapp.models.quiz import Quiz
from quizapp.services.classes.operations import Member, members
from quizapp.services.quizzes.assignments import Assignment, class_assignments
from quizapp.services.results.gradebook import _attempt_rows, _grades


@dataclass(frozen=True)
class QuizMean:
    """An assigned quiz with the class's grades and their mean."""

    assignment: Assignment
    grades: dict[int, float | None]  # by student id; a missing id has no attempt yet
    mean: float | None
    graded: int


@dataclass(frozen=True)
class ClassReport:
    """Everything the class page shows its instructors."""

    students: list[Member]
    instructors: list[Member]
    last_activity: dict[int, dt.datetime]
    quizzes: list[QuizMean]


def last_activity(user_ids: list[int]) -> dict[int, dt.datetime]:
    """Return, per student, when they last started an attempt or reviewed a flashcard."""
    if not user_ids:
        return {}
    out: dict[int, dt.datetime] = {}
    attempts = select(Attempt.user_id, func.max(Attempt.started_at)).where(
        Attempt.user_id.in_(user_ids), Attempt.purpose != "preview"
    )
    reviews = (
        select(Card.user_id, func.max(ReviewLog.reviewed_at))
        .join(ReviewLog, ReviewLog.card_id == Card.id)
        .where(Card.user_id.in_(user_ids))
    )
    for query in (attempts.group_by(Attempt.user_id), reviews.group_by(Card.user_id)):
        for user_id, when in db.session.execute(query):
            if when is not None:
                when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)  # SQLite's max()
                out[user_id] = max(out.get(user_id, when), when)
    return out


def class_report(class_id: int) -> ClassReport:
    """Return the class page's students, activity and grades per assigned quiz."""
    everyone = members(class_id)
    students = [m for m in everyone if m.role == "student"]
    ids = [m.user_id for m in students]
    quizzes = []
    for assignment in class_assignments(class_id):
        quiz = db.session.get(Quiz, assignment.quiz_id)
        assert quiz is not None  # the assignment's foreign key
        rows = (
            _attempt_rows(quiz, Attempt.purpose == "graded", Attempt.user_id.in_(ids))
            if ids
            else []
        )
        grades = {g.user_id: g.final for g in _grades(quiz, rows)}
        scored = [v for v in grades.values() if v is not None]
        mean = sum(scored) / len(scored) if scored else None
        quizzes.append(QuizMean(assignment, grades, mean, len(scored)))
    return ClassReport(
        students,
        [m for m in everyone if m.role == "instructor"],
        last_activity(ids),
        quizzes,
    )
