"""Instructors set quizzes up: create and edit them on the banks they may use."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from quizapp.services import quizzes
from quizapp.services.attempts import AttemptNotFound
from quizapp.services.classes import ClassNotFound
from quizapp.services.quizzes import OverrideError, QuizError
from quizapp.web.classes.forms import OverrideForm
from quizapp.web.formtools import add_form_error
from quizapp.web.quiz.forms import QuizForm
from quizapp.web.security import role_required, signed_in_user

bp = Blueprint("quiz_manage", __name__, url_prefix="/manage/quizzes")
STAFF = ("instructor", "admin")


@bp.route("/")
@role_required(*STAFF)
def index() -> str:
    """List the quizzes this instructor manages."""
    rows = quizzes.managed_quiz_rows(signed_in_user())
    return render_template("quiz_manage/index.html", quizzes=rows)


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def create() -> Any:
    """Set up a new quiz on a bank the instructor may use."""
    user = signed_in_user()
    form = QuizForm()
    banks = quizzes.usable_banks(user)
    form.bank.choices = [SelectChoice(b.id, f"{b.title} ({b.status})") for b in banks]
    if not banks:
        flash("There is no bank to build a quiz on yet: import or publish one first.", "info")
    if form.validate_on_submit():
        try:
            quiz_id = quizzes.create_quiz(user, form.bank.data, form.settings())
        except QuizError as error:
            add_form_error(form, str(error), error.field)
        else:
            flash("The quiz is ready.", "success")
            return redirect(url_for("quiz.detail", quiz_id=quiz_id))
    chosen = next((b for b in banks if b.id == form.bank.data), banks[0] if banks else None)
    return render_template("quiz_manage/form.html", form=form, quiz=None,
                           yields=_yields(form, chosen))  # fmt: skip


@bp.route("/<int:quiz_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(quiz_id: int) -> Any:
    """Change a quiz's settings; attempts already started keep their questions."""
    user = signed_in_user()
    try:
        quiz = quizzes.managed_quiz(user, quiz_id)
    except AttemptNotFound:
        abort(404)
    form = QuizForm()
    del form.bank  # a quiz stays on its bank; make a new quiz for another one
    if not form.is_submitted():
        form.fill_from(quiz)
    elif form.validate():
        try:
            quizzes.update_quiz(user, quiz_id, form.settings())
        except QuizError as error:
            add_form_error(form, str(error), error.field)
        else:
            flash("The quiz is saved.", "success")
            return redirect(url_for("quiz.detail", quiz_id=quiz_id))
    return render_template("quiz_manage/form.html", form=form, quiz=quiz,
                           yields=_yields(form, quiz.bank))  # fmt: skip


def _yields(form: QuizForm, bank: Any) -> tuple[str, int] | None:
    """Return (bank title, most questions) for the form's chosen kinds and types."""
    if bank is None:
        return None
    types, kinds = list(form.question_types.data or []), list(form.fact_kinds.data or [])
    return bank.title, quizzes.capacity(bank.id, types, kinds)


@bp.route("/<int:quiz_id>/overrides", methods=["GET", "POST"])
@role_required(*STAFF)
def overrides(quiz_id: int) -> Any:
    """List and set per-student overrides: extra time or attempts, a personal window."""
    user = signed_in_user()
    try:
        quiz = quizzes.managed_quiz(user, quiz_id)
    except AttemptNotFound:
        abort(404)
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            quizzes.set_override(user, quiz_id, form.username.data, form.override())
        except OverrideError as error:
            for name, message in error.problems:
                add_form_error(form, message, form.field_for(name))
        else:
            flash(f"The override for {form.username.data.strip()} is saved.", "success")
            return redirect(url_for("quiz_manage.overrides", quiz_id=quiz_id))
    return render_template("quiz_manage/overrides.html", quiz=quiz, form=form,
                           rows=quizzes.quiz_overrides(quiz_id),
                           assigned=quizzes.quiz_assignments(quiz_id))  # fmt: skip


@bp.route("/<int:quiz_id>/overrides/<int:user_id>/delete", methods=["POST"])
@role_required(*STAFF)
def delete_override(quiz_id: int, user_id: int) -> Response:
    """Remove a student's override; the quiz's own settings apply to them again."""
    try:
        quizzes.clear_override(signed_in_user(), quiz_id, user_id)
    except ClassNotFound:
        abort(404)
    flash("The override is removed.", "success")
    return redirect(url_for("quiz_manage.overrides", quiz_id=quiz_id))
