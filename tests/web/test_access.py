"""Who may reach which route: one row per endpoint, checked for four kinds of visitor.

Every rule in app.url_map (except static) needs a row in ACCESS, or
`test_every_route_has_an_access_row` fails. Adding a route? Add one line:

    Row("quiz.index", LOGIN, 200, 200, 200),

The four statuses are for: anonymous, student, instructor, admin. LOGIN means "302 to the login
page". Options:

- method="POST" (default GET) and data={...} for the form fields a POST needs. CSRF is off here.
- url=callable for routes with parameters. It gets a `Ctx` and returns the path; it runs inside a
  test request context, so url_for works. Ctx has:
    ctx.app        the app
    ctx.make_user  the make_user fixture factory
    ctx.owner      an instructor who is NOT the visitor (owns things the visitor must not edit)
    ctx.visitor    the logged-in visitor (a User), or None for anonymous
    ctx.fixture    request.getfixturevalue, to reach factory fixtures: ctx.fixture("make_bank")
  e.g.  Row("admin.set_role", LOGIN, 403, 403, 302, method="POST", data={"role": "student"},
            url=lambda ctx: url_for("admin.set_role", user_id=ctx.owner.id)),
- An endpoint may have several rows (e.g. one for GET, one for POST).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import url_for

LOGIN = "login"
ROLES = ("anonymous", "student", "instructor", "admin")


@dataclass(frozen=True)
class Row:
    """Expected statuses of one endpoint for anonymous, student, instructor and admin."""

    endpoint: str
    anonymous: int | str
    student: int | str
    instructor: int | str
    admin: int | str
    method: str = "GET"
    url: Callable[[Ctx], str] | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def expected(self, role: str) -> int | str:
        """Return the expected status for `role`."""
        return getattr(self, role)


@dataclass
class Ctx:
    """What a row's url callable may use to build its URL."""

    app: Any
    make_user: Callable[..., Any]
    owner: Any
    visitor: Any
    fixture: Callable[[str], Any]


ACCESS: list[Row] = [
    Row("main.index", 200, 200, 200, 200),
    Row("main.dashboard", LOGIN, 200, 200, 200),
    Row("auth.register", 200, 302, 302, 302),
    Row("auth.login", 200, 302, 302, 302),
    Row("auth.logout", LOGIN, 302, 302, 302, method="POST"),
    Row("auth.change_password", LOGIN, 200, 200, 200),
    Row("admin.users", LOGIN, 403, 403, 200),
    Row("admin.set_role", LOGIN, 403, 403, 302, method="POST", data={"role": "student"},
        url=lambda ctx: url_for("admin.set_role", user_id=ctx.owner.id)),
]


def test_every_route_has_an_access_row(app):
    covered = {row.endpoint for row in ACCESS}
    missing = sorted(
        f"{rule.endpoint} ({rule.rule})"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and rule.endpoint not in covered
    )
    assert missing == [], "add a row to ACCESS in tests/web/test_access.py for each of these"
    unknown = sorted(covered - set(app.view_functions))
    assert unknown == [], "ACCESS has rows for endpoints the app does not have"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ACCESS, ids=lambda row: f"{row.method}-{row.endpoint}")
def test_access(app, client, make_user, login_as, request, row, role):
    owner = make_user(role="instructor")
    visitor = None if role == "anonymous" else login_as(role)
    ctx = Ctx(app=app, make_user=make_user, owner=owner, visitor=visitor,
              fixture=request.getfixturevalue)
    with app.test_request_context():
        path = row.url(ctx) if row.url else url_for(row.endpoint)
    response = client.open(path, method=row.method, data=row.data)
    expected = row.expected(role)
    if expected == LOGIN:
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        assert response.location.startswith("/login?next="), response.location
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:500]
