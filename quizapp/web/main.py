"""The home page and the dashboard."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, render_template
from flask_login import login_required

from quizapp.models.user import User
from quizapp.web.security import signed_in_user

bp = Blueprint("main", __name__)


@dataclass(frozen=True)
class Panel:
    """One dashboard panel: a template included with `p` bound to `context`."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


# A block returns the panel to show a user, or None to show nothing.
DashboardBlock = Callable[[User], Panel | None]
_blocks: list[tuple[int, str, DashboardBlock]] = []


def dashboard_block(order: int = 100) -> Callable[[DashboardBlock], DashboardBlock]:
    """Register a function that returns a dashboard panel; lower `order` shows first.

    Use it from another blueprint module, e.g.::

        @dashboard_block(order=10)
        def quiz_summary(user: User) -> Panel | None:
            return Panel("quiz/_dashboard.html", {"open": services.open_quizzes(user)})

    and in quiz/_dashboard.html use `p.open`, wrapped in `<section class="card">`.
    """

    def register(block: DashboardBlock) -> DashboardBlock:
        name = f"{block.__module__}.{block.__qualname__}"
        # A module imported again (a second app in tests) must not add its block twice.
        if all(existing != name for _, existing, _ in _blocks):
            _blocks.append((order, name, block))
            _blocks.sort(key=lambda entry: (entry[0], entry[1]))
        return block

    return register


@bp.route("/")
def index() -> str:
    """Tell a visitor what quizapp does."""
    return render_template("main/index.html")


@bp.route("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """Answer "ok" without touching the database (for load balancers and the benchmark)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/dashboard")
@login_required
def dashboard() -> str:
    """Show the user's own overview, one panel per feature."""
    user = signed_in_user()
    panels = [panel for _, _, block in _blocks if (panel := block(user)) is not None]
    return render_template("main/dashboard.html", panels=panels)
