"""Flashcards: study a bank's facts with spaced repetition, choose a time zone, export to Anki."""

from __future__ import annotations

import datetime as dt
import io

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField, IntegerField, SelectField, SubmitField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from quizapp.models.user import User
from quizapp.services import flashcards, timezones
from quizapp.services.flashcards import FlashcardError, FlashcardNotFound, StaleRating, StudyClosed
from quizapp.services.timezones import TimezoneError
from quizapp.web.formtools import add_form_error, arg_int
from quizapp.web.main import Panel, dashboard_block
from quizapp.web.security import signed_in_user

bp = Blueprint("cards", __name__, url_prefix="/cards")

#: Set in the session once the browser's time zone was offered, so it is offered only once.
DETECTED = "cards_tz_detected"


class RateForm(FlaskForm):
    """A rating of the card shown; the buttons send `rating`."""

    rating = IntegerField(validators=[InputRequired(), AnyOf(list(flashcards.RATINGS))])
    seen = HiddenField()
    duration_ms = IntegerField(validators=[Optional(), NumberRange(0, 86_400_000)])


class TimezoneForm(FlaskForm):
    """Choose the zone whose midnight starts the learner's flashcard day."""

    timezone = SelectField(
        "Time zone",
        description="Cards due before your local midnight count as due today.",
    )
    submit = SubmitField("Save")


class DetectForm(FlaskForm):
    """The browser's time zone, sent once by flashcards.js."""

    timezone = HiddenField()


def interval_label(interval: dt.timedelta) -> str:
    """Return a short label for an interval: 1 min, 10 min, 3 h, 2 d, 4 mo, 1.5 y."""
    minutes = max(1, round(interval.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        return f"{round(minutes / 60)} h"
    days = round(minutes / (24 * 60))
    if days < 31:
        return f"{days} d"
    if days < 365:
        return f"{round(days / 30.4)} mo"
    return f"{days / 365:.1f} y"


def _kinds() -> tuple[str, ...]:
    return flashcards.clean_kinds(request.values.getlist("kind"))


@bp.app_context_processor
def _detect_form() -> dict[str, object]:
    """Offer the browser's time zone to users still on the default, once per session (any page)."""
    if not current_user.is_authenticated or session.get(DETECTED):
        return {}
    if current_user.timezone != timezones.DEFAULT_TIMEZONE:
        return {}
    return {"detect_form": DetectForm()}


def _closed(error: StudyClosed) -> tuple[str, int]:
    """Say why a bank's flashcards are shut for now, on a page of its own (not an error page)."""
    return render_template("cards/closed.html", message=error.message), error.status


@bp.route("/")
@login_required
def index() -> str:
    """List the banks the learner can study with today's due and new cards."""
    rows = flashcards.overview(signed_in_user())
    return render_template("cards/index.html", rows=rows)


@bp.route("/<int:bank_id>")
@login_required
def review(bank_id: int) -> str | tuple[str, int]:
    """Show the next card of a bank: the front, and the back with rating buttons once flipped."""
    try:
        study = flashcards.session(signed_in_user(), bank_id, _kinds())
    except FlashcardNotFound:
        abort(404)
    except StudyClosed as error:
        return _closed(error)
    flipped = request.args.get("show") == "1"
    return render_template(
        "cards/review.html",
        s=study,
        flipped=flipped,
        ratings=flashcards.RATINGS,
        interval=interval_label,
    )


@bp.route("/facts/<int:bank_fact_id>/rate", methods=["POST"])
@login_required
def rate(bank_fact_id: int) -> Response:
    """Record a rating, then show the next card."""
    form = RateForm()
    bank_id = request.form.get("bank_id", type=int)
    if not form.validate_on_submit():
        flash("Rate your recall with one of the four buttons.", "error")
    else:
        try:
            flashcards.rate_card(
                signed_in_user().id,
                bank_fact_id,
                form.rating.data,
                seen=form.seen.data or None,
                duration_ms=form.duration_ms.data,
            )
        except StaleRating as error:
            flash(error.message, "info")
        except FlashcardNotFound:
            abort(404)
        except FlashcardError as error:
            flash(error.message, "error")
    if bank_id is None:
        return redirect(url_for("cards.index"))
    return redirect(url_for("cards.review", bank_id=bank_id, kind=_kinds()))


@bp.route("/<int:bank_id>/export.apkg")
@login_required
def export(bank_id: int) -> Response | tuple[str, int]:
    """Download a bank as an Anki package (`?cloze=1`: with its cloze cards)."""
    cloze = arg_int("cloze", 0) == 1
    try:
        bank = flashcards.bank_for(signed_in_user(), bank_id)
        data = flashcards.export_bank(bank.id, cloze=cloze)
    except FlashcardNotFound:
        abort(404)
    except StudyClosed as error:
        return _closed(error)
    except flashcards.EmptyDeck as error:
        flash(str(error), "info")
        return redirect(url_for("cards.index"))
    return send_file(
        io.BytesIO(data),
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=f"{bank.slug}-cloze.apkg" if cloze else f"{bank.slug}.apkg",
    )


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> str | Response:
    """Choose the time zone that decides when the learner's day starts."""
    form = TimezoneForm(timezone=signed_in_user().timezone)
    form.timezone.choices = list(timezones.timezone_names())
    if form.validate_on_submit():
        try:
            zone = timezones.set_timezone(signed_in_user().id, form.timezone.data)
        except TimezoneError as error:
            add_form_error(form, error.message, "timezone")
        else:
            session[DETECTED] = True
            flash(f"Your flashcard day now follows {zone} time.", "success")
            return redirect(url_for("cards.index"))
    return render_template("cards/settings.html", form=form)


@bp.route("/settings/detect", methods=["POST"])
@login_required
def detect() -> Response:
    """Adopt the browser's time zone if the learner has not chosen one (sent by flashcards.js)."""
    form = DetectForm()
    changed = form.validate_on_submit() and timezones.adopt_browser_timezone(
        signed_in_user().id, form.timezone.data or ""
    )
    session[DETECTED] = True
    if changed:
        flash(
            f"Times are now shown in your browser's time zone, {form.timezone.data}, and your "
            "flashcard day follows it. You can change it in the settings.",
            "info",
        )
    return jsonify(changed=changed)


@dashboard_block(order=20)
def cards_due(user: User) -> Panel | None:
    """Show how many flashcards are due today, per bank."""
    rows = flashcards.overview(user)
    if not rows:
        return None
    due = [row for row in rows if row.counts.due_today]
    total = sum(row.counts.due_today for row in due)
    new = sum(row.counts.new for row in rows)
    return Panel("cards/_dashboard.html", {"due": due, "total": total, "new": new})
