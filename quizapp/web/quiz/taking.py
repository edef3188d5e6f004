"""Taking a quiz: answering, saving, flagging, finishing, and the review of an attempt."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from quizapp.extensions import csrf
from quizapp.services import attempts
from quizapp.services.attempts import (
    AttemptError,
    AttemptNotFound,
    AttemptPage,
    LoggedOut,
    QuestionView,
    StaleSave,
    practise_missed_allowed,
    review_page,
)
from quizapp.web.accounts.login import session_identity
from quizapp.web.quiz.forms import answer_from_form, answer_from_json, field_name
from quizapp.web.security import signed_in_user

bp = Blueprint("quiz", __name__)

STALE_MESSAGE = (
    "This page is out of date: the answer was changed in another tab or sent twice, so nothing "
    "was saved from it. Below is what is saved now."
)
UNSAVED_MESSAGE = (
    "You had been logged out, so these answers were not saved yet. They are filled in below: "
    "press Save (or Next) to keep them."
)
#: The most form text kept in the session cookie for a logged-out learner's answers.
MAX_KEPT_CHARS = 3000
ANSWER_FIELD = re.compile(r"q\d+-(answer|seq|rank-[\w-]+|match-[\w-]+)")
CSRF_SAVE_MESSAGE = (
    "Your answer is not saved yet: the page's security token had expired. Your answer is "
    "filled in below; press Save again to keep it."
)


def _page(attempt_id: int, *, sweep: bool = True) -> AttemptPage:
    try:
        return attempts.attempt_page(signed_in_user(), attempt_id, sweep=sweep)
    except AttemptNotFound:
        abort(404)


def open_new_attempt(start: Callable[[], int], *, back: str, category: str = "error") -> Response:
    """Go to the attempt `start` opens, or back to `back` with the reason it could not."""
    try:
        attempt_id = start()
    except AttemptNotFound:
        abort(404)
    except AttemptError as error:
        flash(str(error), category)
        return redirect(back)
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))


def _csrf_ok() -> bool:
    """Check the CSRF token here, so an expired one can keep the answer instead of losing it."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        csrf.protect()
    except CSRFError:
        return False
    return True


@bp.route("/attempts/<int:attempt_id>")
@bp.route("/attempts/<int:attempt_id>/questions/<int:position>")
@login_required
def attempt(attempt_id: int, position: int | None = None) -> Any:
    """Show one question of an open attempt (or all of them, by the quiz's layout)."""
    page = _page(attempt_id)
    if page.state != "in_progress":
        flash("This attempt is closed.", "info")
        return redirect(url_for("quiz.review", attempt_id=attempt_id))
    if filled := _unsaved(page):
        return _render(page, position, message=UNSAVED_MESSAGE, filled=filled)
    return _render(page, position)


def _render(
    page: AttemptPage,
    position: int | None,
    *,
    status: int = 200,
    message: str = "",
    filled: dict[int, Any] | None = None,
) -> tuple[str, int]:
    """Render the attempt page; `filled` shows submitted answers that are not saved yet."""
    page = attempts.with_answers(page, filled or {})
    current = None
    if page.layout == "one_per_page":
        position = position or (page.unanswered or [1])[0]
        current = page.question(position)
        if current is None:
            abort(404)
    return render_template("quiz/attempt.html", page=page, current=current, message=message), status


@bp.route("/attempts/<int:attempt_id>/save", methods=["POST"])
@csrf.exempt  # checked inside, so that a failed token never costs the answer
def save(attempt_id: int) -> Any:
    """Save answers: JSON from the page's script, or the plain form without script."""
    if request.is_json:
        return _save_json(attempt_id)  # checks the login inside the save's own query
    if not current_user.is_authenticated:
        return _keep_for_login(attempt_id)
    return _save_form(attempt_id)


def _json(status: int, **body: Any) -> tuple[Response, int]:
    return jsonify(csrf_token=generate_csrf(), **body), status


def _save_json(attempt_id: int) -> tuple[Response, int]:
    if not _csrf_ok():
        return _json(
            400,
            error="csrf",
            message="The page's security token was refreshed; the answer is sent again.",
        )
    identity = session_identity()
    if identity is None:
        return _json(401, error="login", message=str(LoggedOut()))
    body = request.get_json(silent=True)
    try:
        position, seq = int(body["position"]), int(body["seq"])
        answer = answer_from_json(body["answer"])
    except (KeyError, TypeError, ValueError):
        return _json(400, error="bad_request", message="That answer cannot be read.")
    try:
        user_id, token = identity
        result = attempts.save_response(
            user_id, attempt_id, position, answer, seq, session_token=token
        )
    except StaleSave:
        return _json(409, error="stale", message="This page is out of date — reload it.")
    except LoggedOut as error:
        return _json(401, error="login", message=str(error))
    except AttemptError as error:
        return _json(error.status, error="refused", message=str(error))
    message = "Saved after the time limit: it will not be graded." if result.late else "Saved"
    return _json(200, ok=True, seq=result.seq, late=result.late, message=message)


def _keep_for_login(attempt_id: int) -> Response:
    """Keep a logged-out learner's posted answers in the session; log in, then back to them."""
    position = request.form.get("position", type=int)
    fields = {k: v for k, v in request.form.items(multi=True) if ANSWER_FIELD.fullmatch(k)}
    kept = json.dumps(fields)
    if len(kept) <= MAX_KEPT_CHARS:
        session["unsaved"] = {"attempt": attempt_id, "fields": kept}
        flash("You were logged out, so your answers are not saved yet: log in again and "
              "they come back to be saved.", "info")
    else:
        flash("You were logged out, so your latest answers were not saved: log in again.", "error")
    back = url_for("quiz.attempt", attempt_id=attempt_id, position=position)
    return redirect(url_for("auth.login", next=back))


def _unsaved(page: AttemptPage) -> dict[int, Any]:
    """Return the answers kept by `_keep_for_login` for this attempt, by position, once."""
    kept = session.get("unsaved")
    if not kept or kept.get("attempt") != page.attempt_id:
        return {}
    session.pop("unsaved")
    form = MultiDict(json.loads(kept["fields"]))
    filled = {}
    for view in page.questions:
        seq = form.get(field_name(view.position, "seq"), type=int)
        answer = answer_from_form(form, view)
        if seq == view.seq and answer not in (None, "", view.answer):  # nothing newer saved
            filled[view.position] = answer
    return filled


def _save_form(attempt_id: int) -> Any:
    page = _page(attempt_id, sweep=False)  # a late answer is stored first, then the sweep runs
    if page.state != "in_progress":
        flash("This attempt is closed; answers can no longer be changed.", "error")
        return redirect(url_for("quiz.review", attempt_id=attempt_id))
    position = request.form.get("position", type=int)
    views = page.questions if position is None else [page.question(position)]
    if None in views:
        abort(404)
    if not _csrf_ok():
        filled = {v.position: answer_from_form(request.form, v) for v in views if v}
        return _render(page, position, status=400, message=CSRF_SAVE_MESSAGE, filled=filled)
    if page.immediate and "flag" in request.form:
        return _toggle_flag(page, position)  # a flag must not check (and so fix) the answer
    stale = False
    for view in views:
        assert view is not None
        try:
            late = _save_one(attempt_id, view)
        except StaleSave:
            stale = True
        except AttemptError as error:
            flash(str(error), "error")
        else:
            if late:
                flash("Saved after the time limit: it will not be graded.", "warning")
    if stale:
        return _render(_page(attempt_id), position, status=409, message=STALE_MESSAGE)
    if "flag" in request.form:
        return _toggle_flag(page, position)
    return redirect(_after_save(page, position))


def _toggle_flag(page: AttemptPage, position: int | None) -> Response:
    """Flip the flag the form's Flag button named, and come back to that question."""
    flagged = request.form.get("flag", type=int)
    view = page.question(flagged) if flagged else None
    if view is None:
        abort(404)
    attempts.set_flag(signed_in_user().id, page.attempt_id, view.position, not view.flagged)
    url = url_for("quiz.attempt", attempt_id=page.attempt_id, position=position)
    return redirect(url + f"#q{view.position}")


@bp.route("/attempts/<int:attempt_id>/flag", methods=["POST"])
@login_required
def flag(attempt_id: int) -> tuple[Response, int]:
    """Flag or unflag one question (JSON from the page's script): {position, flagged}."""
    body = request.get_json(silent=True) or request.form  # CSRF checked before, as on any POST
    try:
        position, wanted = int(body["position"]), body["flagged"] in (True, "1", "true", "on")
        flagged = attempts.set_flag(signed_in_user().id, attempt_id, position, wanted)
    except (KeyError, TypeError, ValueError):
        return _json(400, error="bad_request", message="That flag cannot be read.")
    except AttemptError as error:
        return _json(error.status, error="refused", message=str(error))
    return _json(200, ok=True, flagged=flagged)


def _save_one(attempt_id: int, view: QuestionView) -> bool:
    """Save one question's submitted answer if it gives one; return whether it was late."""
    answer = answer_from_form(request.form, view)
    seq = request.form.get(field_name(view.position, "seq"), type=int, default=-1)
    if answer is None or (answer == "" and not view.answered):
        return False
    if answer == view.answer and seq == view.seq:
        return False  # unchanged: nothing to write
    return attempts.save_response(signed_in_user().id, attempt_id, view.position, answer, seq).late


def _after_save(page: AttemptPage, position: int | None) -> str:
    """Return where a form save goes next: the question asked for, or the finish page."""
    action = request.form.get("action", "save")
    if action == "finish":
        return url_for("quiz.confirm_finish", attempt_id=page.attempt_id)
    if page.layout != "one_per_page" or position is None:
        anchor = f"#q{position}" if position else ""
        return url_for("quiz.attempt", attempt_id=page.attempt_id) + anchor
    if action == "next" and "move" not in request.form:
        position = min(position + 1, page.total)
    elif action == "prev" and "move" not in request.form:
        position = max(position - 1, 1)
    url = url_for("quiz.attempt", attempt_id=page.attempt_id, position=position)
    return url + (f"#q{position}" if "move" in request.form else "")


@bp.route("/attempts/<int:attempt_id>/finish")
@login_required
def confirm_finish(attempt_id: int) -> Any:
    """Ask for confirmation, listing the questions still unanswered."""
    page = _page(attempt_id)
    if page.state != "in_progress":
        return redirect(url_for("quiz.review", attempt_id=attempt_id))
    return render_template("quiz/finish.html", page=page)


@bp.route("/attempts/<int:attempt_id>/finish", methods=["POST"])
@login_required
def finish(attempt_id: int) -> Response:
    """Submit the attempt for grading (once, however often it is sent)."""
    try:
        attempts.finish_attempt(signed_in_user().id, attempt_id)
    except AttemptNotFound:
        abort(404)
    if request.form.get("timeout"):
        flash("Time is up: your saved answers were submitted.", "info")
    else:
        flash("Your attempt is submitted.", "success")
    return redirect(url_for("quiz.review", attempt_id=attempt_id))


@bp.route("/attempts/<int:attempt_id>/review")
@login_required
def review(attempt_id: int) -> Any:
    """Show a finished attempt with answers, points, explanations and sources."""
    try:
        page = review_page(signed_in_user(), attempt_id)
    except AttemptNotFound:
        abort(404)
    except AttemptError as error:
        flash(str(error), "info")
        return redirect(url_for("quiz.attempt", attempt_id=attempt_id))
    only_missed = request.args.get("only") == "missed" and page.show_answers
    return render_template("quiz/review.html", review=page, only_missed=only_missed)


@bp.route("/attempts/<int:attempt_id>/practise", methods=["POST"])
@login_required
def practise(attempt_id: int) -> Response:
    """Start a practice attempt on the facts missed in this one."""
    user = signed_in_user()
    if not practise_missed_allowed(user, attempt_id):
        abort(404)
    return open_new_attempt(
        lambda: attempts.practise_missed(user.id, attempt_id),
        back=url_for("quiz.review", attempt_id=attempt_id),
        category="info",
    )
