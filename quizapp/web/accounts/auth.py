"""Register, log in, log out and change password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from quizapp.extensions import limiter
from quizapp.services import accounts
from quizapp.services.accounts import AccountError
from quizapp.web.accounts.forms import ChangePasswordForm, LoginForm, RegisterForm
from quizapp.web.accounts.throttle import (
    DEVICE_COOKIE,
    device_token,
    is_known_device,
    login_throttle,
)
from quizapp.web.formtools import add_form_error
from quizapp.web.security import is_safe_next, safe_next, signed_in_user

bp = Blueprint("auth", __name__)
#: Reachable with a one-time password still unchanged (the JSON save never loads the user).
BEFORE_NEW_PASSWORD = {"auth.change_password", "auth.logout", "static", "main.healthz", "quiz.save"}


@bp.before_app_request
def _one_time_password() -> Response | None:
    """Send a user whose password was made for them to change it before anything else."""
    if request.endpoint in BEFORE_NEW_PASSWORD or not current_user.is_authenticated:
        return None
    if not getattr(current_user, "must_change_password", False):
        return None
    flash("Your password was made for you: choose your own before going on.", "info")
    return redirect(url_for("auth.change_password"))


def _account_key(raw: str) -> str:
    try:
        return accounts.normalise_username(raw)
    except AccountError:
        return raw.strip().casefold()


def _all_errors(form: RegisterForm) -> bool:
    """Check the form and the account rules together, so every error shows at once."""
    valid = form.validate()
    username, password = form.username.data or "", form.password.data or ""
    for problem in accounts.registration_problems(username, password):
        target = getattr(form, problem.field or "", None)
        if target is not None and problem.message not in target.errors:
            add_form_error(form, problem.message, problem.field)
            valid = False
    return valid


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register() -> str | Response:
    """Create an account and log in with it."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if form.is_submitted() and _all_errors(form):
        try:
            result = accounts.register(form.username.data, form.password.data)
        except AccountError as error:
            add_form_error(form, error.message, error.field)
        else:
            login_user(result.user)
            if result.is_admin:
                flash("Yours is the first account on this site, so it is the admin account: "
                      "you can manage users and their roles.", "success")
            else:
                flash(f"Welcome, {result.user.display_name}! Your account is ready.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Log in, then go where the user was heading if that is a page of this site."""
    target = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(safe_next(target, url_for("main.dashboard")))
    form = LoginForm()
    if form.validate_on_submit():
        throttle = login_throttle()
        account = _account_key(form.username.data)
        known = is_known_device(account, request.cookies.get(DEVICE_COOKIE))
        keys = throttle.keys(account, request.remote_addr or "unknown", known_device=known)
        wait = throttle.retry_after(keys)
        if wait is not None:
            raise TooManyRequests("Too many failed logins.", retry_after=wait)
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is None:
            throttle.failed(keys)
            add_form_error(form, "Wrong username or password.")
        else:
            login_user(user)
            flash(f"Welcome back, {user.display_name}.", "success")
            response = redirect(safe_next(target, url_for("main.dashboard")))
            response.set_cookie(
                DEVICE_COOKIE,
                device_token(account),
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
            )
            return response
    next_ = target if is_safe_next(target) else None
    return render_template("auth/login.html", form=form, next=next_)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    """Log out here and in every other browser."""
    accounts.logout_everywhere(signed_in_user())
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("main.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    """Change the password; every other session of this user ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = signed_in_user()
        try:
            user = accounts.change_password(
                user, form.current_password.data, form.password.data
            )
        except AccountError as error:
            add_form_error(form, error.message, error.field)
        else:
            login_user(user)  # this browser carries on with the new session token
            flash("Your password is changed. Other browsers have been logged out.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)
