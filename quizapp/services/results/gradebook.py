"""An instructor's results for a quiz: gradebook, one student's attempts, item statistics, CSV.

Each report is a fixed number of queries whatever the number of students or attempts (the
gradebook is one query over attempt's (quiz_id, user_id, number) unique index); grades and
statistics are then computed in Python by the engine.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from quizapp.engine.scoring import final_grade
from quizapp.engine.statistics import item_statistics, option_counts
from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion, Response
from quizapp.models.bank import BankFact
from quizapp.models.quiz import Quiz
from quizapp.models.user import User
from quizapp.services.access import Actor, can_manage_quiz
from quizapp.services.quizzes.settings import managed_quizzes
from quizapp.services.results.progress import GRADED_STATES, AttemptRow

#: Question types whose options are counted in the item statistics.
CHOICE_TYPES = ("multiple_choice", "who_said", "true_false")
SORT_KEYS = ("student", "name", "attempts", "grade", "last")


class ResultsError(Exception):
    """A results request that cannot be served; `status` is the HTTP answer."""

    status = 404


class NotAllowed(ResultsError):
    """The quiz exists but the user does not manage it."""

    status = 403


def managed_quiz(user: Actor, quiz_id: int) -> Quiz:
    """Return a quiz the user manages; raise ResultsError (404) or NotAllowed (403) otherwise."""
    quiz = db.session.scalar(select(Quiz).options(joinedload(Quiz.bank)).where(Quiz.id == quiz_id))
    if quiz is None:
        raise ResultsError("No such quiz.")
    if not can_manage_quiz(user, quiz):
        raise NotAllowed("You do not manage this quiz.")
    return quiz


@dataclass(frozen=True)
class QuizSummary:
    """A managed quiz with how many students attempted it and how many attempts they made."""

    quiz: Quiz
    students: int
    attempts: int


def managed_page(user: Actor, page: int, per_page: int) -> tuple[Pagination, list[QuizSummary]]:
    """Return one page of the quizzes the user manages, each with its attempt counts."""
    query = managed_quizzes(user).options(contains_eager(Quiz.bank))
    pager = db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)
    return pager, quiz_summaries(pager.items)


def quiz_summaries(quizzes: Sequence[Quiz]) -> list[QuizSummary]:
    """Return the quizzes with their student and graded-attempt counts (one query)."""
    ids = [q.id for q in quizzes]
    counts = {
        quiz_id: (students, attempts)
        for quiz_id, students, attempts in db.session.execute(
            select(Attempt.quiz_id, func.count(func.distinct(Attempt.user_id)), func.count())
            .where(Attempt.quiz_id.in_(ids), Attempt.purpose == "graded")
            .group_by(Attempt.quiz_id)
        )
    }
    return [QuizSummary(q, *counts.get(q.id, (0, 0))) for q in quizzes]


@dataclass(frozen=True)
class StudentGrades:
    """One gradebook line: a student, their graded attempts in start order, the final grade."""

    user_id: int
    username: str
    display_name: str
    attempts: list[AttemptRow]
    final: float | None

    @property
    def last_at(self) -> dt.datetime:
        """Return when the latest attempt started."""
        return self.attempts[-1].started_at


@dataclass(frozen=True)
class Gradebook:
    """A quiz's gradebook: one line per student who attempted it."""

    quiz: Quiz
    students: list[StudentGrades]
    columns: int  # the most attempts any student made
    sort: str
    descending: bool


def _attempt_rows(quiz: Quiz, *conditions: Any) -> list[tuple[Any, ...]]:
    """Return (user id, username, display name, AttemptRow) for the quiz's attempts."""
    query = (
        select(
            User.id,
            User.username,
            User.display_name,
            Attempt.id,
            Attempt.quiz_id,
            Attempt.number,
            Attempt.state,
            Attempt.purpose,
            Attempt.started_at,
            Attempt.finished_at,
            Attempt.score,
            Attempt.max_score,
        )
        .join(User, User.id == Attempt.user_id)
        .where(Attempt.quiz_id == quiz.id, Attempt.purpose != "preview", *conditions)
        .order_by(Attempt.user_id, Attempt.number)
    )
    return [
        (uid, username, name, AttemptRow(aid, qid, quiz.title, *rest))
        for uid, username, name, aid, qid, *rest in db.session.execute(query)
    ]


def _grades(quiz: Quiz, rows: Iterable[tuple[Any, ...]]) -> list[StudentGrades]:
    by_user: dict[int, tuple[str, str, list[AttemptRow]]] = {}
    for uid, username, name, row in rows:
        by_user.setdefault(uid, (username, name, []))[2].append(row)
    out = []
    for uid, (username, name, attempts) in by_user.items():
        percents = [a.percent for a in attempts if a.purpose == "graded" and a.percent is not None]
        out.append(
            StudentGrades(uid, username, name, attempts, final_grade(percents, quiz.grading_method))
        )
    return out


def _sort_key(sort: str) -> Any:
    if sort == "name":
        return lambda s: (s.display_name.casefold(), s.username)
    if sort == "attempts":
        return lambda s: (len(s.attempts), s.username)
    if sort == "grade":
        return lambda s: (s.final or 0.0, s.username)
    if sort == "last":
        return lambda s: (s.last_at, s.username)
    return lambda s: s.username


def gradebook(
    quiz: Quiz, *, sort: str = "student", descending: bool = False, only: Any = None
) -> Gradebook:
    """Return the quiz's gradebook, sorted by one of SORT_KEYS; `only` selects the user ids
    to keep (a class's students)."""
    sort = sort if sort in SORT_KEYS else "student"
    conditions = [Attempt.purpose == "graded"]
    if only is not None:
        conditions.append(Attempt.user_id.in_(only))
    students = _grades(quiz, _attempt_rows(quiz, *conditions))
    students.sort(key=_sort_key(sort), reverse=descending)
    if sort == "grade":
        # Students without a grade yet go last whichever the direction (the sort is stable).
        students.sort(key=lambda s: s.final is None)
    columns = max((len(s.attempts) for s in students), default=0)
    return Gradebook(quiz, students, columns, sort, descending)


@dataclass(frozen=True)
class QuestionLine:
    """How one question of an attempt went."""

    position: int
    label: str
    qtype: str
    stem: str
    outcome: str | None
    points: float | None
    max_points: float


@dataclass(frozen=True)
class StudentReport:
    """One student's attempts at a quiz (graded and practice), with how each question went."""

    quiz: Quiz
    student: StudentGrades
    questions: dict[int, list[QuestionLine]]


def student_report(quiz: Quiz, user_id: int) -> StudentReport:
    """Return one student's attempts at the quiz; ResultsError if they made none."""
    graded = _grades(quiz, _attempt_rows(quiz, Attempt.user_id == user_id))
    if not graded:
        raise ResultsError("This student has no attempts at this quiz.")
    ids = [a.id for a in graded[0].attempts]
    lines: dict[int, list[QuestionLine]] = defaultdict(list)
    query = (
        select(AttemptQuestion, BankFact.label, Response.outcome, Response.points)
        .outerjoin(BankFact, BankFact.id == AttemptQuestion.bank_fact_id)
        .outerjoin(Response, Response.attempt_question_id == AttemptQuestion.id)
        .where(AttemptQuestion.attempt_id.in_(ids))
        .order_by(AttemptQuestion.attempt_id, AttemptQuestion.position)
    )
    for aq, label, outcome, points in db.session.execute(query):
        lines[aq.attempt_id].append(
            QuestionLine(
                aq.position,
                label or ", ".join(aq.question.get("fact_ids", ())),
                aq.qtype,
                aq.question.get("stem", ""),
                outcome,
                points,
                aq.max_points,
            )
        )
    return StudentReport(quiz, graded[0], dict(lines))


@dataclass(frozen=True)
class OptionCount:
    """How often one option was chosen, and whether it was a correct one."""

    label: str
    count: int
    correct: bool


@dataclass(frozen=True)
class ItemRow:
    """Statistics of one item: a fact asked as one question type, on first attempts."""

    key: str
    fact_key: str
    label: str
    qtype: str
    kind: str
    attempts: int
    facility: float | None
    discrimination: float | None
    flags: tuple[str, ...]
    options: list[OptionCount]


@dataclass(frozen=True)
class ItemReport:
    """The item statistics of a quiz, over each student's first finished graded attempt."""

    quiz: Quiz
    first_attempts: int
    items: list[ItemRow]


def _first_attempts(quiz: Quiz, only: Any = None) -> Any:
    """Select each student's first finished graded attempt of the quiz (of `only` users)."""
    mine = [] if only is None else [Attempt.user_id.in_(only)]
    first = (
        select(Attempt.user_id, func.min(Attempt.number).label("number"))
        .where(
            Attempt.quiz_id == quiz.id,
            Attempt.purpose == "graded",
            Attempt.state.in_(GRADED_STATES),
            *mine,
        )
        .group_by(Attempt.user_id)
        .subquery()
    )
    return (
        select(Attempt.id)
        .join(first, (first.c.user_id == Attempt.user_id) & (first.c.number == Attempt.number))
        .where(Attempt.quiz_id == quiz.id)
    )


def _chosen_label(aq: AttemptQuestion, answer: Any) -> str:
    """Return the label of the option a response chose ('' when none)."""
    if isinstance(answer, list | tuple) and len(answer) == 1:
        answer = answer[0]
    if aq.qtype == "true_false":
        text = str(answer).strip().casefold() if answer is not None else ""
        if answer is True or text in ("true", "t", "yes", "y"):
            return "True"
        if answer is False or text in ("false", "f", "no", "n"):
            return "False"
        return ""
    labels = {o["id"]: o["label"] for o in aq.question.get("options", ())}
    return labels.get(answer, "") if isinstance(answer, str) else ""


def _shown_labels(aq: AttemptQuestion) -> set[str]:
    if aq.qtype == "true_false":
        return {"True", "False"}
    return {o["label"] for o in aq.question.get("options", ())}


def _correct_labels(aq: AttemptQuestion) -> set[str]:
    key = aq.question.get("answer") or {}
    if aq.qtype == "true_false":
        return {"True" if key.get("true") else "False"}
    labels = {o["id"]: o["label"] for o in aq.question.get("options", ())}
    return {labels[i] for i in key.get("correct", ()) if i in labels}


def item_report(quiz: Quiz, only: Any = None) -> ItemReport:
    """Return facility, discrimination and option counts per item, on first attempts (of the
    `only` users, when given)."""
    query = (
        select(AttemptQuestion, BankFact.fact_key, BankFact.label, Response.answer, Response.points)
        .outerjoin(BankFact, BankFact.id == AttemptQuestion.bank_fact_id)
        .outerjoin(Response, Response.attempt_question_id == AttemptQuestion.id)
        .where(AttemptQuestion.attempt_id.in_(_first_attempts(quiz, only)))
    )
    scores: dict[int, dict[str, list[float]]] = defaultdict(dict)
    meta: dict[str, tuple[str, str, str, str]] = {}
    chosen: dict[str, list[str]] = defaultdict(list)
    correct: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, set[str]] = defaultdict(set)
    for aq, fact_key, label, answer, points in db.session.execute(query):
        fact = fact_key or ",".join(aq.question.get("fact_ids", ())) or "?"
        key = f"{fact}:{aq.qtype}"
        meta.setdefault(key, (fact, label or fact, aq.qtype, aq.kind))
        got = scores[aq.attempt_id].setdefault(key, [0.0, 0.0])
        got[0] += points or 0.0
        got[1] += aq.max_points
        if aq.qtype in CHOICE_TYPES:
            chosen[key].append(_chosen_label(aq, answer))
            correct[key] |= _correct_labels(aq)
            shown[key] |= _shown_labels(aq)
    rows = [
        {key: (p / m if m else 0.0) for key, (p, m) in items.items()} for items in scores.values()
    ]
    items = []
    for stat in item_statistics(rows):
        fact, label, qtype, kind = meta[stat.item]
        options = []
        if qtype in CHOICE_TYPES:
            names = sorted({*chosen[stat.item], *shown[stat.item]} - {""})
            counts = option_counts(chosen[stat.item], {n: n for n in names})
            options = [
                OptionCount(n or "(no answer)", c, n in correct[stat.item])
                for n, c in counts.items()
                if n or c
            ]
        items.append(
            ItemRow(
                stat.item,
                fact,
                label,
                qtype,
                kind,
                stat.attempts,
                stat.facility,
                stat.discrimination,
                stat.flags,
                options,
            )
        )
    items.sort(key=lambda r: (r.label.casefold(), r.fact_key, r.qtype))
    return ItemReport(quiz, len(rows), items)
