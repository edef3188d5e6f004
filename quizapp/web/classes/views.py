"""Classes: instructors run them (members, codes, roster, assignments); students join and leave."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from quizapp.models.user import User
from quizapp.services import classes, quizzes, results
from quizapp.services.classes import ClassError, ClassNotFound
from quizapp.web.accounts.throttle import login_throttle
from quizapp.web.classes.forms import (
    AssignForm,
    ClassForm,
    JoinForm,
    MemberForm,
    RosterForm,
    to_utc,
)
from quizapp.web.formtools import add_form_error
from quizapp.web.main import Panel, dashboard_block
from quizapp.web.results.charts import Point, score_chart
from quizapp.web.security import role_required, signed_in_user

bp = Blueprint("classes", __name__, url_prefix="/classes")
STAFF = ("instructor", "admin")
staff_only = role_required(*STAFF)


def _taught(class_id: int) -> Any:
    try:
        return classes.taught_class(signed_in_user(), class_id)
    except ClassNotFound:
        abort(404)


def _back(class_id: int) -> Response:
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.route("/")
@login_required
def index() -> str:
    """List the classes one teaches, or the ones one is in, with a join form."""
    user = signed_in_user()
    taught = classes.classes_taught(user) if user.is_instructor else []
    return render_template("classes/index.html", taught=taught,
                           studied=classes.classes_studied(user.id), form=JoinForm())  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def create() -> Any:
    """Create a class; it can be joined by code at once."""
    form = ClassForm()
    if form.validate_on_submit():
        try:
            class_id = classes.create_class(
                signed_in_user(), form.name.data, form.description.data or ""
            )
        except ClassError as error:
            add_form_error(form, error.message, error.field)
        else:
            flash("The class is ready: give your students its code.", "success")
            return _back(class_id)
    return render_template("classes/form.html", form=form, classroom=None)


@bp.route("/<int:class_id>")
@login_required
def detail(class_id: int) -> str:
    """Show a class: the instructors' page, or what it assigns to one of its students."""
    user = signed_in_user()
    try:
        classroom = classes.taught_class(user, class_id)
    except ClassNotFound:
        try:
            classroom = classes.student_class(user, class_id)
        except ClassNotFound:
            abort(404)
        return render_template("classes/student.html", classroom=classroom,
                               assigned=quizzes.student_assignments(class_id))  # fmt: skip
    report = results.class_report(class_id)
    points = [
        Point(q.assignment.quiz_title[:16], q.mean, f"{q.assignment.quiz_title}: class mean",
              q.assignment.quiz_title)
        for q in report.quizzes if q.mean is not None
    ]  # fmt: skip
    assign = AssignForm()
    mine = quizzes.assignable_quizzes(user)
    assign.quiz.choices = [SelectChoice(q.id, q.title) for q in mine]
    return render_template(
        "classes/detail.html", classroom=classroom, report=report, assign=assign,
        member_form=MemberForm(), code=classes.format_code(classroom.join_code),
        chart=score_chart(points, title=f"Class mean per quiz: {classroom.name}",
                          summary=_means_text(report)),
    )  # fmt: skip


def _means_text(report: results.ClassReport) -> str:
    """Say every mean the class chart shows, for its description and screen readers."""
    said = [f"{q.assignment.quiz_title}: {q.mean:.0f}% ({q.graded} graded)"
            for q in report.quizzes if q.mean is not None]  # fmt: skip
    return "Class mean per quiz. " + ("; ".join(said) + "." if said else "No grades yet.")


@bp.route("/<int:class_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(class_id: int) -> Any:
    """Rename a class or change its description."""
    classroom = _taught(class_id)
    form = ClassForm(obj=classroom)
    if form.validate_on_submit():
        try:
            classes.update_class(
                signed_in_user(), class_id, form.name.data, form.description.data or ""
            )
        except ClassError as error:
            add_form_error(form, error.message, error.field)
        else:
            flash("The class is saved.", "success")
            return _back(class_id)
    return render_template("classes/form.html", form=form, classroom=classroom)


@bp.route("/<int:class_id>/delete", methods=["POST"])
@staff_only
def delete(class_id: int) -> Response:
    """Delete a class (its students keep their accounts and attempts)."""
    try:
        classes.delete_class(signed_in_user(), class_id)
    except ClassNotFound:
        abort(404)
    except ClassError as error:
        flash(error.message, "error")
        return _back(class_id)
    flash("The class is deleted.", "success")
    return redirect(url_for("classes.index"))


@bp.route("/<int:class_id>/code", methods=["POST"])
@staff_only
def code(class_id: int) -> Response:
    """Switch joining by code off, or on with a new code (the old one stops working)."""
    try:
        enabled = request.form.get("action") != "off"
        new = classes.set_join_code(signed_in_user(), class_id, enabled=enabled)
    except ClassNotFound:
        abort(404)
    if new:
        flash(f"The new class code is {classes.format_code(new)}; the old one no longer works.",
              "success")  # fmt: skip
    else:
        flash("Joining by code is off.", "success")
    return _back(class_id)


@bp.route("/<int:class_id>/members", methods=["POST"])
@staff_only
def add_member(class_id: int) -> Response:
    """Add an existing student (or a co-instructor) by username."""
    _taught(class_id)
    form = MemberForm()
    if not form.validate_on_submit():
        flash("Enter the username to add.", "error")
        return _back(class_id)
    try:
        name = classes.add_member(signed_in_user(), class_id, form.username.data, form.role.data)
    except ClassError as error:
        flash(error.message, "error")
    else:
        flash(f"{name} is in the class.", "success")
    return _back(class_id)


@bp.route("/<int:class_id>/members/<int:user_id>/remove", methods=["POST"])
@staff_only
def remove_member(class_id: int, user_id: int) -> Response:
    """Take someone out of the class; their attempts are kept."""
    try:
        classes.remove_member(signed_in_user(), class_id, user_id)
    except ClassNotFound:
        abort(404)
    flash("Removed from the class.", "success")
    return _back(class_id)


@bp.route("/<int:class_id>/roster", methods=["GET", "POST"])
@staff_only
def import_roster(class_id: int) -> Any:
    """Import students from CSV: all rows or none; new accounts' passwords are shown once."""
    classroom = _taught(class_id)
    form = RosterForm()
    problems: list[classes.RosterProblem] = []
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload else b""
        try:
            created = classes.import_roster(signed_in_user(), class_id, data)
        except classes.RosterError as error:
            problems = error.problems
            add_form_error(form, error.message, "file")
        else:
            return render_template("classes/roster_done.html", classroom=classroom, created=created)
    return render_template("classes/roster.html", classroom=classroom, form=form,
                           problems=problems)  # fmt: skip


@bp.route("/<int:class_id>/assign", methods=["POST"])
@staff_only
def assign(class_id: int) -> Response:
    """Open one of one's quizzes to the class, with an optional due date."""
    _taught(class_id)
    form = AssignForm()
    if not form.validate_on_submit() or not isinstance(form.quiz.data, int):
        flash("Choose a quiz, and give the due date as a date and time.", "error")
        return _back(class_id)
    try:
        quizzes.assign_quiz(signed_in_user(), class_id, form.quiz.data, to_utc(form.due_at.data))
    except ClassError as error:
        flash(error.message, "error")
    else:
        flash("The quiz is assigned to the class.", "success")
    return _back(class_id)


@bp.route("/<int:class_id>/quizzes/<int:quiz_id>/unassign", methods=["POST"])
@staff_only
def unassign(class_id: int, quiz_id: int) -> Response:
    """Take a quiz away from the class; attempts made are kept."""
    try:
        quizzes.unassign_quiz(signed_in_user(), class_id, quiz_id)
    except ClassNotFound:
        abort(404)
    flash("The quiz is no longer assigned to the class.", "success")
    return _back(class_id)


@bp.route("/<int:class_id>/leave", methods=["POST"])
@login_required
def leave(class_id: int) -> Response:
    """Leave a class one is a student of."""
    try:
        name = classes.leave_class(signed_in_user(), class_id)
    except ClassNotFound:
        abort(404)
    flash(f"You have left {name}.", "success")
    return redirect(url_for("classes.index"))


@bp.route("/join", methods=["GET", "POST"])
@bp.route("/join/<string(maxlength=40):code>", methods=["GET"])
@login_required
def join(code: str | None = None) -> Any:
    """Join a class by its code (typed, or from the instructor's link)."""
    form = JoinForm(code=code) if code and request.method == "GET" else JoinForm()
    if form.validate_on_submit():
        throttle = login_throttle()
        address = request.remote_addr or "unknown"
        limit = current_app.config["JOIN_RATE_LIMIT"]
        wait = throttle.retry_after_on(limit, "join", address)
        if wait is not None:
            raise TooManyRequests("Too many wrong class codes.", retry_after=wait)
        try:
            class_id, new = classes.join_by_code(signed_in_user(), form.code.data)
        except ClassError as error:
            throttle.hit_on(limit, "join", address)  # only wrong codes count: a class joins at once
            add_form_error(form, error.message, "code")
        else:
            flash("You have joined the class." if new else "You are in this class already.",
                  "success")  # fmt: skip
            return _back(class_id)
    return render_template("classes/join.html", form=form)


@dashboard_block(order=15)
def classes_panel(user: User) -> Panel | None:
    """Show a student's classes, or an instructor's, on the dashboard."""
    rows = classes.classes_taught(user) if user.is_instructor else classes.classes_studied(user.id)
    return Panel("classes/_dashboard.html", {"rows": rows[:6], "teaches": user.is_instructor})
