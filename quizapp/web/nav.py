"""Navigation entries by role, shown only for endpoints the app has."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from quizapp.web.formatting import init_formatting

EVERYONE = ("student", "instructor", "admin")
STAFF = ("instructor", "admin")


@dataclass(frozen=True)
class NavEntry:
    """One link of the main navigation."""

    label: str
    endpoint: str
    roles: tuple[str, ...]


# Entries whose blueprint is not registered yet simply do not show.
NAV: tuple[NavEntry, ...] = (
    NavEntry("Dashboard", "main.dashboard", EVERYONE),
    NavEntry("Quizzes", "quiz.index", EVERYONE),
    NavEntry("Classes", "classes.index", EVERYONE),
    NavEntry("Flashcards", "cards.index", EVERYONE),
    NavEntry("Progress", "progress.index", EVERYONE),
    NavEntry("Banks", "banks.index", STAFF),
    NavEntry("Results", "results.index", STAFF),
    NavEntry("Admin", "admin.users", ("admin",)),
)


def has_endpoint(endpoint: str) -> bool:
    """Tell whether the current app has a view for `endpoint`."""
    return endpoint in current_app.view_functions


def _is_current(entry: NavEntry) -> bool:
    here = request.endpoint or ""
    section = entry.endpoint.partition(".")[0]
    # The "main" blueprint holds unrelated pages; elsewhere a whole blueprint is one section.
    return here == entry.endpoint or (section != "main" and here.startswith(section + "."))


def nav_links() -> list[dict[str, object]]:
    """Return the links the current user may follow, with the current one marked."""
    if not current_user.is_authenticated:
        return []
    return [
        {"label": entry.label, "url": url_for(entry.endpoint), "current": _is_current(entry)}
        for entry in NAV
        if current_user.role in entry.roles and has_endpoint(entry.endpoint)
    ]


def init_nav(app: Flask) -> None:
    """Make `nav_links` and `has_endpoint` available to every template."""
    app.jinja_env.globals.update(nav_links=nav_links, has_endpoint=has_endpoint)
    init_formatting(app)
