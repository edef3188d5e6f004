"""Accounts pages: register, log in and out, passwords, login throttling, and the admin's users."""

from __future__ import annotations

from quizapp.web.accounts import admin, auth
from quizapp.web.accounts.login import init_login, session_identity
from quizapp.web.accounts.throttle import init_throttle, login_throttle

blueprints = (auth.bp, admin.bp)

__all__ = ["blueprints", "init_login", "init_throttle", "login_throttle", "session_identity"]
