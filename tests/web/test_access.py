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


def _bank(ctx: Ctx) -> int:
    """Return the id of a small draft bank owned by ctx.owner (not the visitor)."""
    from tests.web.bank_samples import sample_bank

    return ctx.fixture("make_bank")(owner=ctx.owner, bank=sample_bank(), status="draft").id


def _bank_url(ctx: Ctx, endpoint: str, **values: Any) -> str:
    return url_for(endpoint, bank_id=_bank(ctx), **values)


def _published_id(ctx: Ctx) -> int:
    from tests.web.bank_samples import sample_bank

    return ctx.fixture("make_bank")(owner=ctx.owner, bank=sample_bank(), status="published").id


def _published_url(ctx: Ctx, endpoint: str, **values: Any) -> str:
    """Return a URL about a published bank of ctx.owner: other instructors read, never change."""
    from tests.web.bank_samples import sample_bank

    bank = ctx.fixture("make_bank")(owner=ctx.owner, bank=sample_bank(), status="published")
    return url_for(endpoint, bank_id=bank.id, **values)


_NEW_FACT = {"relation": "said", "subject": "mara", "text": "Calm seas.", "source": "survey",
             "sentence": "Mara Lind said: Calm seas."}


ACCESS: list[Row] = [
    Row("main.index", 200, 200, 200, 200),
    Row("main.dashboard", LOGIN, 200, 200, 200),
    Row("auth.register", 200, 302, 302, 302),
    Row("auth.login", 200, 302, 302, 302),
    Row("auth.logout", LOGIN, 302, 302, 302, method="POST"),
    Row("auth.change_password", LOGIN, 200, 200, 200),
    Row("admin.users", LOGIN, 403, 403, 200),
    # -- banks (issue 6): every bank here belongs to ctx.owner, another instructor --
    Row("banks.index", LOGIN, 403, 200, 200),
    Row("banks.upload", LOGIN, 403, 200, 200),
    Row("banks.upload", LOGIN, 403, 200, 200, method="POST"),
    Row("banks.upload", LOGIN, 403, 403, 200,
        url=lambda ctx: url_for("banks.upload", bank=_bank(ctx))),
    Row("banks.detail", LOGIN, 403, 403, 200, url=lambda ctx: _bank_url(ctx, "banks.detail")),
    Row("banks.preview", LOGIN, 403, 403, 200, url=lambda ctx: _bank_url(ctx, "banks.preview")),
    Row("banks.download", LOGIN, 403, 403, 200,
        url=lambda ctx: _bank_url(ctx, "banks.download", number=1)),
    Row("banks.export", LOGIN, 403, 403, 200,
        url=lambda ctx: _bank_url(ctx, "banks.export", fmt="csv")),
    Row("banks.action", LOGIN, 403, 403, 200,
        url=lambda ctx: _bank_url(ctx, "banks.action", action="publish")),
    Row("banks.action", LOGIN, 403, 403, 302, method="POST",
        url=lambda ctx: _bank_url(ctx, "banks.action", action="publish")),
    Row("banks.action", LOGIN, 403, 403, 302, method="POST",
        url=lambda ctx: _bank_url(ctx, "banks.action", action="delete")),
    Row("banks.csv_template", LOGIN, 403, 200, 200,
        url=lambda ctx: url_for("banks.csv_template", kind="date")),
    Row("banks.facts", LOGIN, 403, 403, 200, url=lambda ctx: _bank_url(ctx, "banks.facts")),
    Row("banks.entities", LOGIN, 403, 403, 200,
        url=lambda ctx: _bank_url(ctx, "banks.entities")),
    Row("banks.new_fact", LOGIN, 403, 403, 200, url=lambda ctx: _bank_url(ctx, "banks.new_fact")),
    Row("banks.new_fact", LOGIN, 403, 403, 302, method="POST", data=_NEW_FACT,
        url=lambda ctx: _bank_url(ctx, "banks.new_fact")),
    Row("banks.edit_fact", LOGIN, 403, 403, 200,
        url=lambda ctx: _bank_url(ctx, "banks.edit_fact", fact_id="mara-said")),
    Row("banks.edit_fact", LOGIN, 403, 403, 302, method="POST", data=_NEW_FACT,
        url=lambda ctx: _bank_url(ctx, "banks.edit_fact", fact_id="mara-said")),
    Row("banks.new_entity", LOGIN, 403, 403, 200,
        url=lambda ctx: _bank_url(ctx, "banks.new_entity")),
    Row("banks.new_entity", LOGIN, 403, 403, 302, method="POST",
        data={"name": "Harbour town", "type": "place"},
        url=lambda ctx: _bank_url(ctx, "banks.new_entity")),
    Row("banks.edit_entity", LOGIN, 403, 403, 200,
        url=lambda ctx: _bank_url(ctx, "banks.edit_entity", entity_id="wick")),
    Row("banks.edit_entity", LOGIN, 403, 403, 302, method="POST",
        data={"name": "Wick town", "type": "place"},
        url=lambda ctx: _bank_url(ctx, "banks.edit_entity", entity_id="wick")),
    Row("banks.delete_item", LOGIN, 403, 403, 200,
        url=lambda ctx: _bank_url(ctx, "banks.delete_item", section="facts", item_id="tom-said")),
    Row("banks.delete_item", LOGIN, 403, 403, 302, method="POST",
        url=lambda ctx: _bank_url(ctx, "banks.delete_item", section="facts", item_id="tom-said")),
    # A published bank of another instructor (issue 11): read by every instructor, changed by none.
    Row("banks.detail", LOGIN, 403, 200, 200, url=lambda ctx: _published_url(ctx, "banks.detail")),
    Row("banks.preview", LOGIN, 403, 200, 200,
        url=lambda ctx: _published_url(ctx, "banks.preview")),
    Row("banks.facts", LOGIN, 403, 200, 200, url=lambda ctx: _published_url(ctx, "banks.facts")),
    Row("banks.entities", LOGIN, 403, 200, 200,
        url=lambda ctx: _published_url(ctx, "banks.entities")),
    Row("banks.download", LOGIN, 403, 200, 200,
        url=lambda ctx: _published_url(ctx, "banks.download", number=1)),
    Row("banks.export", LOGIN, 403, 200, 200,
        url=lambda ctx: _published_url(ctx, "banks.export", fmt="yaml")),
    Row("banks.action", LOGIN, 403, 403, 200,
        url=lambda ctx: _published_url(ctx, "banks.action", action="archive")),
    Row("banks.action", LOGIN, 403, 403, 302, method="POST",
        url=lambda ctx: _published_url(ctx, "banks.action", action="unpublish")),
    Row("banks.new_fact", LOGIN, 403, 403, 200,
        url=lambda ctx: _published_url(ctx, "banks.new_fact")),
    Row("banks.edit_fact", LOGIN, 403, 403, 302, method="POST", data=_NEW_FACT,
        url=lambda ctx: _published_url(ctx, "banks.edit_fact", fact_id="mara-said")),
    Row("banks.upload", LOGIN, 403, 403, 200,
        url=lambda ctx: url_for("banks.upload", bank=_published_id(ctx))),
    Row("admin.set_role", LOGIN, 403, 403, 302, method="POST", data={"role": "student"},
        url=lambda ctx: url_for("admin.set_role", user_id=ctx.owner.id)),
    # Quizzes (issue 4): attempts belong to someone else; per-object checks give 404, never data.
    Row("main.healthz", 200, 200, 200, 200),
    Row("quiz.index", LOGIN, 200, 200, 200),
    Row("quiz.detail", LOGIN, 200, 200, 200, url=lambda ctx: _quiz_url(ctx, "quiz.detail")),
    Row("quiz.start", LOGIN, 302, 302, 302, method="POST",
        url=lambda ctx: _quiz_url(ctx, "quiz.start")),
    Row("quiz.preview", LOGIN, 403, 404, 302, method="POST",
        url=lambda ctx: _quiz_url(ctx, "quiz.preview")),
    Row("quiz.attempt", LOGIN, 404, 404, 404, url=lambda ctx: _other_attempt(ctx, "quiz.attempt")),
    Row("quiz.attempt", LOGIN, 200, 200, 200, url=lambda ctx: _own_attempt(ctx, "quiz.attempt")),
    Row("quiz.save", LOGIN, 404, 404, 404, method="POST",
        data={"position": "1", "q1-seq": "0", "q1-answer": "x"},
        url=lambda ctx: _other_attempt(ctx, "quiz.save")),
    Row("quiz.flag", LOGIN, 404, 404, 404, method="POST", data={"position": "1", "flagged": "1"},
        url=lambda ctx: _other_attempt(ctx, "quiz.flag")),
    Row("quiz.flag", LOGIN, 200, 200, 200, method="POST", data={"position": "1", "flagged": "1"},
        url=lambda ctx: _own_attempt(ctx, "quiz.flag")),
    Row("quiz.confirm_finish", LOGIN, 404, 404, 404,
        url=lambda ctx: _other_attempt(ctx, "quiz.confirm_finish")),
    Row("quiz.finish", LOGIN, 404, 404, 404, method="POST",
        url=lambda ctx: _other_attempt(ctx, "quiz.finish")),
    Row("quiz.finish", LOGIN, 302, 302, 302, method="POST",
        url=lambda ctx: _own_attempt(ctx, "quiz.finish")),
    Row("quiz.review", LOGIN, 404, 404, 200,
        url=lambda ctx: _other_attempt(ctx, "quiz.review", finished=True)),
    Row("quiz.practise", LOGIN, 404, 404, 404, method="POST",
        url=lambda ctx: _other_attempt(ctx, "quiz.practise", finished=True)),
    Row("quiz_manage.index", LOGIN, 403, 200, 200),
    Row("quiz_manage.create", LOGIN, 403, 200, 200),
    Row("quiz_manage.edit", LOGIN, 403, 404, 200,
        url=lambda ctx: _quiz_url(ctx, "quiz_manage.edit")),
    # Progress and results (issue 5): quizzes belong to ctx.owner, another instructor.
    Row("progress.index", LOGIN, 200, 200, 200),
    Row("progress.practise", LOGIN, 302, 302, 302, method="POST", url=lambda ctx: _fact_url(ctx)),
    Row("progress.practise", LOGIN, 404, 404, 404, method="POST",
        url=lambda ctx: _fact_url(ctx, status="draft")),
    Row("progress.practise_missed", LOGIN, 302, 302, 302, method="POST"),
    Row("results.index", LOGIN, 403, 200, 200),
    Row("results.gradebook", LOGIN, 403, 403, 200,
        url=lambda ctx: _quiz_url(ctx, "results.gradebook")),
    Row("results.items", LOGIN, 403, 403, 200, url=lambda ctx: _quiz_url(ctx, "results.items")),
    Row("results.gradebook_csv", LOGIN, 403, 403, 200,
        url=lambda ctx: _quiz_url(ctx, "results.gradebook_csv")),
    Row("results.items_csv", LOGIN, 403, 403, 200,
        url=lambda ctx: _quiz_url(ctx, "results.items_csv")),
    Row("results.student", LOGIN, 403, 403, 200, url=lambda ctx: _student_results_url(ctx)),
    # Flashcards (issue 7): banks belong to ctx.owner; drafts are theirs (and admins') to study.
    Row("cards.index", LOGIN, 200, 200, 200),
    Row("cards.review", LOGIN, 200, 200, 200, url=lambda ctx: _cards_url(ctx, "cards.review")),
    Row("cards.review", LOGIN, 404, 404, 200,
        url=lambda ctx: _cards_url(ctx, "cards.review", "draft")),
    Row("cards.export", LOGIN, 200, 200, 200, url=lambda ctx: _cards_url(ctx, "cards.export")),
    Row("cards.export", LOGIN, 404, 404, 200,
        url=lambda ctx: _cards_url(ctx, "cards.export", "draft")),
    Row("cards.rate", LOGIN, 302, 302, 302, method="POST", data={"rating": "3"},
        url=lambda ctx: _cards_url(ctx, "cards.rate")),
    Row("cards.rate", LOGIN, 404, 404, 302, method="POST", data={"rating": "3"},
        url=lambda ctx: _cards_url(ctx, "cards.rate", "draft")),
    Row("cards.settings", LOGIN, 200, 200, 200),
    Row("cards.settings", LOGIN, 302, 302, 302, method="POST", data={"timezone": "Europe/Oslo"}),
    Row("cards.detect", LOGIN, 200, 200, 200, method="POST", data={"timezone": "Europe/Oslo"}),
    # Classes (issue 13): classes belong to ctx.owner; the visitor is in one only where it says.
    Row("classes.index", LOGIN, 200, 200, 200),
    Row("classes.create", LOGIN, 403, 200, 200),
    Row("classes.create", LOGIN, 403, 302, 302, method="POST", data={"name": "Year 9"}),
    Row("classes.detail", LOGIN, 404, 404, 200, url=lambda ctx: _class_url(ctx, "classes.detail")),
    Row("classes.detail", LOGIN, 200, 200, 200,
        url=lambda ctx: _class_url(ctx, "classes.detail", member=True)),
    Row("classes.edit", LOGIN, 403, 404, 200, url=lambda ctx: _class_url(ctx, "classes.edit")),
    Row("classes.edit", LOGIN, 403, 404, 302, method="POST", data={"name": "Renamed"},
        url=lambda ctx: _class_url(ctx, "classes.edit")),
    Row("classes.edit", LOGIN, 403, 200, 200,
        url=lambda ctx: _class_url(ctx, "classes.edit", member=True)),
    Row("classes.delete", LOGIN, 403, 404, 302, method="POST",
        url=lambda ctx: _class_url(ctx, "classes.delete")),
    Row("classes.code", LOGIN, 403, 404, 302, method="POST", data={"action": "off"},
        url=lambda ctx: _class_url(ctx, "classes.code")),
    Row("classes.add_member", LOGIN, 403, 404, 302, method="POST", data={"username": "nobody"},
        url=lambda ctx: _class_url(ctx, "classes.add_member")),
    Row("classes.remove_member", LOGIN, 403, 404, 302, method="POST",
        url=lambda ctx: _class_url(ctx, "classes.remove_member", student=True)),
    Row("classes.import_roster", LOGIN, 403, 404, 200,
        url=lambda ctx: _class_url(ctx, "classes.import_roster")),
    Row("classes.assign", LOGIN, 403, 404, 302, method="POST", data={"quiz": "1"},
        url=lambda ctx: _class_url(ctx, "classes.assign")),
    Row("classes.unassign", LOGIN, 403, 404, 302, method="POST",
        url=lambda ctx: _class_url(ctx, "classes.unassign", quiz=True)),
    Row("classes.leave", LOGIN, 404, 404, 404, method="POST",
        url=lambda ctx: _class_url(ctx, "classes.leave")),
    Row("classes.leave", LOGIN, 302, 404, 404, method="POST",
        url=lambda ctx: _class_url(ctx, "classes.leave", member=True)),
    Row("classes.join", LOGIN, 200, 200, 200),
    Row("classes.join", LOGIN, 200, 200, 200, url=lambda ctx: url_for("classes.join", code="X")),
    Row("classes.join", LOGIN, 200, 200, 200, method="POST", data={"code": "AAAAA-AAAAA"}),
    Row("quiz_manage.overrides", LOGIN, 403, 404, 200,
        url=lambda ctx: _quiz_url(ctx, "quiz_manage.overrides")),
    Row("quiz_manage.overrides", LOGIN, 403, 404, 200, method="POST",
        data={"username": "nobody", "extra_time": "5"},
        url=lambda ctx: _quiz_url(ctx, "quiz_manage.overrides")),
    Row("quiz_manage.delete_override", LOGIN, 403, 404, 302, method="POST",
        url=lambda ctx: _override_url(ctx)),
    Row("banks.study_mode", LOGIN, 403, 404, 302, method="POST", data={"mode": "assessment"},
        url=lambda ctx: _published_url(ctx, "banks.study_mode")),
]


def _class_url(
    ctx: Ctx, endpoint: str, *, member: bool = False, student: bool = False, quiz: bool = False
) -> str:
    """Return a URL about a class of ctx.owner; `member` puts the visitor in it (a student as a
    student, an instructor as a co-instructor), `student` and `quiz` name one of its own."""
    from quizapp.services import classes, quizzes

    values: dict[str, Any] = {}
    with ctx.app.app_context():
        class_id = classes.create_class(ctx.owner, "Year 9")
        if member and ctx.visitor is not None and ctx.visitor.role != "admin":
            role = "student" if ctx.visitor.role == "student" else "instructor"
            classes.add_member(ctx.owner, class_id, ctx.visitor.username, role)
        if student:
            learner = ctx.make_user(role="student")
            classes.add_member(ctx.owner, class_id, learner.username)
            values["user_id"] = learner.id
    if quiz:
        made = ctx.fixture("make_quiz")(owner=ctx.owner, open_to_all=False)
        with ctx.app.app_context():
            quizzes.assign_quiz(ctx.owner, class_id, made.id, None)
        values["quiz_id"] = made.id
    return url_for(endpoint, class_id=class_id, **values)


def _override_url(ctx: Ctx) -> str:
    """Return the "remove override" URL of a student's override at a quiz of ctx.owner."""
    from quizapp.services import classes, quizzes

    made = ctx.fixture("make_quiz")(owner=ctx.owner, time_limit_minutes=10)
    learner = ctx.make_user(role="student")
    with ctx.app.app_context():
        class_id = classes.create_class(ctx.owner, "Year 9")
        classes.add_member(ctx.owner, class_id, learner.username)
        quizzes.set_override(ctx.owner, made.id, learner.username,
                               quizzes.OverrideInput(extra_minutes=5))  # fmt: skip
    return url_for("quiz_manage.delete_override", quiz_id=made.id, user_id=learner.id)


def _quiz_url(ctx: Ctx, endpoint: str) -> str:
    """Return the URL of a quiz owned by ctx.owner."""
    quiz = ctx.fixture("make_quiz")(owner=ctx.owner)
    return url_for(endpoint, quiz_id=quiz.id)


def _attempt_of(ctx: Ctx, user: Any, finished: bool) -> int:
    from quizapp.services import attempts

    quiz = ctx.fixture("make_quiz")(owner=ctx.owner, question_count=3)
    with ctx.app.app_context():
        attempt_id = attempts.start_attempt(user.id, quiz.id)
        attempts.save_response(user.id, attempt_id, 1, "x", 0)
        if finished:
            attempts.finish_attempt(user.id, attempt_id)
    return attempt_id


def _other_attempt(ctx: Ctx, endpoint: str, finished: bool = False) -> str:
    """Return a URL about another student's attempt at ctx.owner's quiz."""
    learner = ctx.make_user(role="student")
    return url_for(endpoint, attempt_id=_attempt_of(ctx, learner, finished))


def _own_attempt(ctx: Ctx, endpoint: str) -> str:
    """Return a URL about the visitor's own attempt (another's when anonymous)."""
    user = ctx.visitor or ctx.make_user(role="student")
    return url_for(endpoint, attempt_id=_attempt_of(ctx, user, False))


def _fact_url(ctx: Ctx, status: str = "published") -> str:
    """Return the "practise this fact" URL of a fact in a bank of ctx.owner."""
    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models.bank import BankFact

    bank = ctx.fixture("make_bank")(owner=ctx.owner, status=status)
    with ctx.app.app_context():
        fact_id = db.session.scalar(select(BankFact.id).where(BankFact.bank_id == bank.id))
    return url_for("progress.practise", fact_id=fact_id)


def _student_results_url(ctx: Ctx) -> str:
    """Return the results of a student with a finished attempt at a quiz of ctx.owner."""
    from quizapp.extensions import db
    from quizapp.models.attempt import Attempt

    learner = ctx.make_user(role="student")
    attempt_id = _attempt_of(ctx, learner, True)
    with ctx.app.app_context():
        quiz_id = db.session.get(Attempt, attempt_id).quiz_id
    return url_for("results.student", quiz_id=quiz_id, user_id=learner.id)


def _cards_url(ctx: Ctx, endpoint: str, status: str = "published") -> str:
    """Return a flashcard URL about a small bank of ctx.owner (or about its first fact)."""
    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models.bank import BankFact
    from tests.web.bank_samples import sample_bank

    bank = ctx.fixture("make_bank")(owner=ctx.owner, bank=sample_bank(), status=status)
    if endpoint != "cards.rate":
        return url_for(endpoint, bank_id=bank.id)
    with ctx.app.app_context():
        fact_id = db.session.scalar(select(BankFact.id).where(BankFact.bank_id == bank.id))
    return url_for(endpoint, bank_fact_id=fact_id)


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
