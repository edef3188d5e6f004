"""The quiz list and a quiz's page: start or preview an attempt; attempts on the dashboard."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from quizapp.models.user import User
from quizapp.services import attempts, quizzes
from quizapp.services.access import can_manage_quiz
from quizapp.services.attempts import AttemptNotFound
from quizapp.web.main import Panel, dashboard_block
from quizapp.web.quiz.taking import bp, open_new_attempt
from quizapp.web.security import role_required, signed_in_user


@bp.route("/quizzes")
@login_required
def index() -> str:
    """List the quizzes the user may take, with their attempts and grades."""
    quizzes.close_overdue_for(signed_in_user().id)
    return render_template("quiz/index.html", rows=quizzes.quiz_rows(signed_in_user()))


@bp.route("/quizzes/<int:quiz_id>")
@login_required
def detail(quiz_id: int) -> str:
    """Show a quiz's settings, the user's attempts and a start or resume button."""
    user = signed_in_user()
    quizzes.close_overdue_for(user.id)
    try:
        row = quizzes.quiz_row(user, quiz_id)
    except AttemptNotFound:
        abort(404)
    manages = can_manage_quiz(user, row.quiz)
    assigned = quizzes.quiz_assignments(quiz_id) if manages else []
    return render_template("quiz/detail.html", row=row, manages=manages, assigned=assigned)


@bp.route("/quizzes/<int:quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: int) -> Response | str:
    """Start an attempt (a timed one once the learner confirms), or resume the one in progress."""
    if request.form.get("confirm") != "1":
        try:
            row = quizzes.quiz_row(signed_in_user(), quiz_id)
        except AttemptNotFound:
            abort(404)
        if row.my.time_limit_minutes and row.open_attempt is None and row.can_start:
            return render_template("quiz/start.html", row=row)
    return open_new_attempt(
        lambda: attempts.start_attempt(signed_in_user().id, quiz_id),
        back=url_for("quiz.detail", quiz_id=quiz_id),
    )


@bp.route("/quizzes/<int:quiz_id>/preview", methods=["POST"])
@role_required("instructor", "admin")
def preview(quiz_id: int) -> Response:
    """Take a quiz one manages as a student would; the attempt counts nowhere."""
    return open_new_attempt(
        lambda: attempts.preview_quiz(signed_in_user(), quiz_id),
        back=url_for("quiz.detail", quiz_id=quiz_id),
    )


@dashboard_block(order=10)
def quiz_panel(user: User) -> Panel | None:
    """Show attempts to continue and the latest results on the dashboard."""
    return Panel(
        "quiz/_dashboard.html",
        {
            "open": quizzes.open_attempts(user.id),
            "recent": quizzes.recent_attempts(user.id),
        },
    )
