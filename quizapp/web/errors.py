"""Error pages and JSON errors that tell the user what happened and leak nothing."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from quizapp.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Forbidden", "You do not have permission to see this page."),
    404: ("Not found", "There is no page at this address."),
    405: ("Method not allowed", "This page does not accept that kind of request."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Too many requests", "Too many attempts."),
    503: ("Not available just now", "The database cannot be reached at the moment. Nothing you "
          "had already saved is lost; try again in a few seconds."),
    500: ("Something went wrong", "The server could not finish your request. Nothing was lost "
          "that you had already saved; please try again."),
}
CSRF_MESSAGE = (
    "Your form was sent without a valid security token (it may have expired). "
    "Go back, reload the page and send it again."
)


def wants_json() -> bool:
    """Tell whether the client asked for JSON rather than a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def retry_after_seconds(error: HTTPException) -> int | None:
    """Return how many seconds a 429 asks the client to wait, if it says."""
    retry = getattr(error, "retry_after", None)
    if isinstance(retry, dt.datetime):
        return max(1, math.ceil((retry - dt.datetime.now(dt.UTC)).total_seconds()))
    if isinstance(retry, int | float):
        return max(1, math.ceil(retry))
    limit = getattr(error, "limit", None)  # Flask-Limiter's RateLimitExceeded
    if limit is not None:
        return int(limit.limit.get_expiry())
    return None


def render_error(error: HTTPException) -> tuple[Response | str, int]:
    """Render `error` as a page or as JSON with a message fit for the user."""
    code = error.code or 500
    title, message = MESSAGES.get(code, (error.name, "The request failed."))
    if isinstance(error, CSRFError):
        message = CSRF_MESSAGE
    elif code == 400 and error.description and error.description != type(error).description:
        message = error.description  # our own abort(400, "...") messages are written for users
    elif code == 413 and current_app.config.get("MAX_CONTENT_LENGTH"):
        limit = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
        message = f"{message} The limit is {limit:g} MB: send a smaller file."
    retry = retry_after_seconds(error) if code in (429, 503) else None
    if retry is not None and code == 429:
        message = f"{message} Try again in {retry} second{'s' if retry != 1 else ''}."
    if wants_json():
        response = jsonify(error=title, message=message, status=code)
    else:
        try:
            page = render_template("errors/error.html", code=code, title=title, message=message)
        except Exception:  # the layout needs the database; when that is what broke, stay plain
            page = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
        response = Response(page, mimetype="text/html")
    response.status_code = code
    if retry is not None:
        response.headers["Retry-After"] = str(retry)
    if code == 405 and isinstance(error, HTTPException):
        for name, value in error.get_headers():
            if name == "Allow":
                response.headers["Allow"] = value
    return response, code


def _http_error(error: HTTPException) -> tuple[Response | str, int]:
    if (error.code or 500) >= 500:
        db.session.rollback()
    return render_error(error)


def _unexpected(error: InternalServerError) -> tuple[Response | str, int]:
    # Flask has logged the original exception already; the user sees only the generic page.
    db.session.rollback()
    return render_error(InternalServerError())


#: SQLite's words for a database file that cannot be reached or written just now.
SQLITE_AWAY = ("unable to open database", "database is locked", "disk I/O error")
#: Seconds a client is asked to wait before trying again when the database is away.
DATABASE_RETRY_AFTER = 5


def _database_away(error: sa_exc.SQLAlchemyError) -> tuple[Response | str, int]:
    """Answer 503 with Retry-After when the database cannot be reached (a restart, a failover)."""
    orig = getattr(error, "orig", None)
    if isinstance(orig, sqlite3.OperationalError) and not str(orig).startswith(SQLITE_AWAY):
        raise error  # "no such table" and the like: a bug, not an outage
    current_app.logger.warning("database unreachable: %s", error.__class__.__name__)
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        db.session.invalidate()
    db.session.remove()
    return render_error(ServiceUnavailable(retry_after=DATABASE_RETRY_AFTER))


def register_error_handlers(app: Flask) -> None:
    """Route every HTTP error to one page template (or JSON); an unreachable database to 503."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _unexpected)
    app.register_error_handler(sa_exc.OperationalError, _database_away)
    app.register_error_handler(sa_exc.InterfaceError, _database_away)
    app.register_error_handler(sa_exc.TimeoutError, _database_away)
