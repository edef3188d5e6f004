"""A learner's progress page, "practise this fact", and the dashboard summary."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.models.user import User
from quizapp.services import results
from quizapp.services.attempts import AttemptError
from quizapp.web.main import Panel, dashboard_block
from quizapp.web.nav import has_endpoint
from quizapp.web.results import formats as report_formats
from quizapp.web.results.charts import Point, score_chart
from quizapp.web.results.formats import local_time

bp = Blueprint("progress", __name__, url_prefix="/progress")
report_formats.install(bp)

#: Where a running attempt is taken, once the quiz pages exist.
ATTEMPT_ENDPOINT = "quiz.attempt"
#: Ids are 32-bit integer columns; a longer number in a URL is a 404, not a database error.
MAX_ID = 2**31 - 1


def _cursor(value: str) -> int:
    """Parse a page cursor (an attempt id); anything else is ignored like a missing one."""
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise ValueError(value)
    return number


@bp.route("/")
@login_required
def index() -> str:
    """Show the learner's attempts, a chart of their scores, mastery and the facts they miss."""
    user_id = current_user.id
    page = results.history_page(
        user_id,
        before=request.args.get("before", type=_cursor),
        after=request.args.get("after", type=_cursor),
    )
    points = [
        Point(
            local_time(a.started_at, "%d %b"),
            a.percent or 0.0,
            f"{a.quiz_title}, {local_time(a.started_at)}",
            a.quiz_title,
        )
        for a in results.score_series(user_id)
    ]
    by_kind, by_bank = results.mastery(user_id)
    return render_template(
        "progress/index.html",
        page=page,
        points=points,
        chart=score_chart(points, title="Your scores over time"),
        by_kind=by_kind,
        by_bank=by_bank,
        missed=results.missed_facts(user_id),
        window_days=results.WINDOW_DAYS,
        window_attempts=results.WINDOW_ATTEMPTS,
    )


@bp.route(f"/practise/<int(max={MAX_ID}):fact_id>", methods=["POST"])
@login_required
def practise(fact_id: int) -> Response:
    """Start a practice attempt on one fact and go to it."""
    try:
        started = results.practise_fact(current_user.id, fact_id)
    except AttemptError as error:
        if error.status == 404:
            abort(404)
        flash(str(error), "error")
        return redirect(url_for("progress.index"))
    if started.resumed:
        flash(
            "You already have a practice attempt open on this bank: finish it, then come back "
            "to practise this fact.",
            "info",
        )
    if has_endpoint(ATTEMPT_ENDPOINT):
        return redirect(url_for(ATTEMPT_ENDPOINT, attempt_id=started.attempt_id))
    flash("Your practice attempt is ready.", "success")
    return redirect(url_for("progress.index"))


@bp.route("/practise-missed", methods=["POST"])
@login_required
def practise_missed() -> Response:
    """Start a practice attempt on the facts the learner misses most."""
    ids = [f.bank_fact_id for f in results.missed_facts(current_user.id) if f.practisable]
    if not ids:
        flash("Nothing missed recently: there is nothing to practise.", "info")
        return redirect(url_for("progress.index"))
    try:
        started = results.practise_facts(current_user.id, ids)
    except AttemptError as error:
        flash(str(error), "error")
        return redirect(url_for("progress.index"))
    if has_endpoint(ATTEMPT_ENDPOINT):
        return redirect(url_for(ATTEMPT_ENDPOINT, attempt_id=started.attempt_id))
    return redirect(url_for("progress.index"))


@dashboard_block(order=30)
def progress_summary(user: User) -> Panel:
    """Show attempts this week, their average and the trend on the dashboard."""
    return Panel("progress/_dashboard.html", {"summary": results.dashboard_summary(user.id)})
