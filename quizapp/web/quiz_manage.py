"""Instructors set quizzes up: create and edit them on the banks they may use."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from quizapp.models.user import User
from quizapp.services import quiz_lists, quizzes
from quizapp.services.attempts import AttemptNotFound
from quizapp.services.quizzes import QuizError
from quizapp.web.formtools import add_form_error
from quizapp.web.quiz_forms import QuizForm
from quizapp.web.security import role_required

bp = Blueprint("quiz_manage", __name__, url_prefix="/manage/quizzes")
STAFF = ("instructor", "admin")


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


@bp.route("/")
@role_required(*STAFF)
def index() -> str:
    """List the quizzes this instructor manages."""
    return render_template("quiz_manage/index.html", quizzes=quiz_lists.managed_quiz_rows(_user()))


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def create() -> Any:
    """Set up a new quiz on a bank the instructor may use."""
    user = _user()
    form = QuizForm()
    banks = quiz_lists.usable_banks(user)
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
    user = _user()
    try:
        quiz = quiz_lists.managed_quiz(user, quiz_id)
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
