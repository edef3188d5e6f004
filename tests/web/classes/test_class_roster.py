"""Importing a roster from CSV: all rows or none, every problem with its line, one-time
passwords shown once and changed at first login."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models.classroom import ClassMember
from quizapp.models.user import User
from tests.web.class_support import make_class


def _text(response) -> str:
    return response.get_data(as_text=True)


def _upload(client, class_id: int, body: str):
    data = {"file": (io.BytesIO(body.encode("utf-8")), "roster.csv")}
    return client.post(f"/classes/{class_id}/roster", data=data, content_type="multipart/form-data")


def _counts(app, class_id: int) -> tuple[int, int]:
    with app.app_context():
        users = db.session.scalar(select(func.count(User.id)))
        members = db.session.scalar(
            select(func.count()).select_from(ClassMember).where(ClassMember.class_id == class_id)
        )
        db.session.rollback()
    return users, members


@pytest.fixture
def teacher_class(app, client, auth, make_user):
    teacher = make_user(role="instructor")
    class_id = make_class(app, teacher)
    auth.login(teacher.username)
    return class_id


def test_a_good_roster_creates_accounts_with_one_time_passwords(app, client, auth, teacher_class):
    response = _upload(
        client,
        teacher_class,
        "username,display name\nada,Ada Lovelace\nalan,Alan Turing\ngrace,Grace H\n",
    )
    assert response.status_code == 200
    page = _text(response)
    assert "3 students added" in page and "shown only this once" in page
    passwords = dict(
        re.findall(r"<td data-label=\"Username\">(\w+)</td>.*?<code>(\w+)</code>", page, re.S)
    )
    assert set(passwords) == {"ada", "alan", "grace"}
    assert _counts(app, teacher_class)[1] == 3
    # Shown once: the roster page never shows them again.
    assert passwords["ada"] not in _text(client.get(f"/classes/{teacher_class}"))
    assert passwords["ada"] not in _text(client.get(f"/classes/{teacher_class}/roster"))
    auth.logout()
    # The student must choose a new password before anything else.
    login = auth.login("ada", passwords["ada"])
    assert login.status_code == 302
    forced = client.get("/quizzes")
    assert forced.status_code == 302 and forced.location.endswith("/account/password")
    client.post(
        "/account/password",
        data={
            "current_password": passwords["ada"],
            "password": "a new one of my own",
            "confirm": "a new one of my own",
        },
    )
    assert client.get("/quizzes").status_code == 200


def test_a_roster_with_bad_rows_reports_every_line_and_imports_nothing(
    app, client, teacher_class, make_user
):
    make_user("taken")
    before = _counts(app, teacher_class)
    body = (
        "username,display name\n"
        "good1,Good One\n"
        "a b,Has a space\n"  # line 3
        "x,Too short\n"  # line 4
        f"longname,{'N' * 80}\n"  # line 5
        "good1,Again\n"  # line 6: duplicate of line 2
        "taken,Already here\n"  # line 7: an existing account
        "three,columns,here\n"  # line 8
    )
    response = _upload(client, teacher_class, body)
    page = _text(response)
    assert "Nothing was imported" in page
    problems = re.findall(r"<li>Line (\d+): ", page)
    assert problems == ["3", "4", "5", "6", "7", "8"]
    assert "good1 is also on line 2." in page
    assert "taken already has an account" in page
    assert _counts(app, teacher_class) == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"", "no students"),
        (b"username,display name\n", "no students"),
    ],
)
def test_unreadable_or_empty_files_are_refused(app, client, teacher_class, body, message):
    data = {"file": (io.BytesIO(body), "roster.csv")}
    page = _text(
        client.post(
            f"/classes/{teacher_class}/roster", data=data, content_type="multipart/form-data"
        )
    )
    assert message in page and "Nothing was imported" in page
    assert _counts(app, teacher_class)[1] == 0
