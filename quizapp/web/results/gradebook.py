"""An instructor's results: their quizzes, a gradebook, one student's attempts, item statistics."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.models.quiz import Quiz
from quizapp.services import classes, results
from quizapp.services.classes import ClassNotFound
from quizapp.services.results import ResultsError
from quizapp.web.formtools import arg_int
from quizapp.web.results import formats as report_formats
from quizapp.web.security import role_required

bp = Blueprint("results", __name__, url_prefix="/results")
report_formats.install(bp)
staff_only = role_required("instructor", "admin")
QUIZZES_PER_PAGE = 25
#: Ids are 32-bit integer columns; a longer number in a URL is a 404, not a database error.
MAX_ID = 2**31 - 1


def _quiz(quiz_id: int) -> Quiz:
    """Return the quiz if the current user manages it; 404 or 403 otherwise."""
    try:
        return results.managed_quiz(current_user, quiz_id)
    except ResultsError as error:
        abort(error.status)


def _only() -> tuple[Any, Any]:
    """Return (class, its students' ids) for the `class_id` filter, or (None, None); 404 for a
    class the user does not teach."""
    class_id = arg_int("class_id")
    if class_id is None:
        if request.args.get("class_id"):
            abort(404)
        return None, None
    try:
        classroom = classes.taught_class(current_user, class_id)
    except ClassNotFound:
        abort(404)
    return classroom, classes.student_ids(class_id)


def _filters() -> dict[str, Any]:
    """Return what the class filter of a report page needs."""
    classroom, _ = _only()
    return {"classroom": classroom, "class_choices": classes.classes_taught(current_user)}


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/")
@staff_only
def index() -> str:
    """List the quizzes the user manages, with how many students attempted each."""
    pager, summaries = results.managed_page(
        current_user, arg_int("page", 1), QUIZZES_PER_PAGE
    )
    return render_template("results/index.html", pager=pager, summaries=summaries)


@bp.route(f"/quiz/<int(max={MAX_ID}):quiz_id>")
@staff_only
def gradebook(quiz_id: int) -> str:
    """Show every student's attempts and final grade, sorted by the chosen column."""
    quiz = _quiz(quiz_id)
    _, only = _only()
    book = results.gradebook(
        quiz,
        sort=request.args.get("sort", "student"),
        descending=request.args.get("dir") == "desc",
        only=only,
    )
    return render_template("results/gradebook.html", book=book, quiz=book.quiz, **_filters())


@bp.route(f"/quiz/<int(max={MAX_ID}):quiz_id>/student/<int(max={MAX_ID}):user_id>")
@staff_only
def student(quiz_id: int, user_id: int) -> str:
    """Show one student's attempts at the quiz, question by question."""
    try:
        report = results.student_report(_quiz(quiz_id), user_id)
    except ResultsError as error:
        abort(error.status)
    return render_template("results/student.html", report=report, quiz=report.quiz)


@bp.route(f"/quiz/<int(max={MAX_ID}):quiz_id>/items")
@staff_only
def items(quiz_id: int) -> str:
    """Show facility, discrimination and option counts per item on first attempts."""
    quiz = _quiz(quiz_id)
    report = results.item_report(quiz, _only()[1])
    return render_template("results/items.html", report=report, quiz=report.quiz, **_filters())


@bp.route(f"/quiz/<int(max={MAX_ID}):quiz_id>/gradebook.csv")
@staff_only
def gradebook_csv(quiz_id: int) -> Response:
    """Download the gradebook as CSV."""
    quiz = _quiz(quiz_id)
    classroom, only = _only()
    book = results.gradebook(quiz, only=only)
    suffix = f"-class-{classroom.id}" if classroom else ""
    return _csv(results.gradebook_csv(book), f"quiz-{quiz_id}{suffix}-gradebook.csv")


@bp.route(f"/quiz/<int(max={MAX_ID}):quiz_id>/items.csv")
@staff_only
def items_csv(quiz_id: int) -> Response:
    """Download the item statistics as CSV."""
    quiz = _quiz(quiz_id)
    classroom, only = _only()
    report = results.item_report(quiz, only)
    suffix = f"-class-{classroom.id}" if classroom else ""
    return _csv(results.items_csv(report), f"quiz-{quiz_id}{suffix}-items.csv")
