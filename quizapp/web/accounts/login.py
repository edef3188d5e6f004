"""Flask-Login wiring: a session stays valid only while the user's session token is unchanged."""

from __future__ import annotations

import secrets

from flask import Flask, session
from sqlalchemy.orm import Session

from quizapp.db_sqlite import READ_ONLY
from quizapp.extensions import db, login_manager
from quizapp.models.user import User


def load_user(session_id: str) -> User | None:
    """Return the user of a session id "<user id>:<session token>", or None if it is stale.

    The user comes back detached with every column loaded; services that change a user load
    their own copy by id.
    """
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    # A short session of its own: on SQLite every transaction takes the write lock, and the
    # request's session would otherwise hold it from this first query to the end of the request.
    with (
        db.engine.connect().execution_options(**{READ_ONLY: True}) as connection,
        Session(bind=connection) as session,
    ):
        user = session.get(User, int(user_id))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def session_identity() -> tuple[int, str] | None:
    """Return (user id, session token) from this request's session cookie, unchecked.

    For the one hot endpoint that verifies the token inside its own query (the JSON answer
    save) instead of loading the user; everything else uses `current_user`.
    """
    user_id, _, token = str(session.get("_user_id", "")).partition(":")
    return (int(user_id), token) if user_id.isdigit() and token else None


def init_login(app: Flask) -> None:
    """Bind Flask-Login to `app`."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
