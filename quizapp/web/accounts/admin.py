"""Admin pages: users and their roles."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.models.user import ROLES
from quizapp.services import accounts
from quizapp.services.accounts import AccountError, NoSuchUser
from quizapp.web.accounts.admin_forms import RoleForm
from quizapp.web.formtools import arg_int
from quizapp.web.security import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@role_required("admin")
def users() -> str:
    """List users, a page at a time, each with a role selector."""
    page = arg_int("page", 1)
    pagination = accounts.users_page(max(page, 1), current_app.config["USERS_PER_PAGE"])
    return render_template("admin/users.html", pagination=pagination, roles=ROLES)


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required("admin")
def set_role(user_id: int) -> Response:
    """Change one user's role."""
    form = RoleForm()
    page = arg_int("page", 1)
    if not form.validate_on_submit():
        flash("Choose one of the listed roles.", "error")
        return redirect(url_for("admin.users", page=page))
    try:
        user = accounts.set_role(user_id, form.role.data)
    except NoSuchUser:
        abort(404)
    except AccountError as error:
        flash(error.message, "error")
    else:
        flash(f"{user.display_name} is now {user.role}.", "success")
        if user.id == current_user.id and user.role != "admin":
            return redirect(url_for("main.dashboard"))  # the list is for admins only
    return redirect(url_for("admin.users", page=page))
