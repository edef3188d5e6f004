"""Classes: creating one, joining by code (unguessable, case-insensitive, rate-limited), members,
leaving, and the class page an instructor sees."""

from __future__ import annotations

import re

from history_rows import Q, insert_attempts
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.classroom import ClassMember
from quizapp.services import classes
from tests.web.class_support import assign, join_code, make_class


def _text(response) -> str:
    return response.get_data(as_text=True)


def _members(app, class_id: int) -> set[int]:
    with app.app_context():
        found = set(
            db.session.scalars(select(ClassMember.user_id).where(ClassMember.class_id == class_id))
        )
        db.session.rollback()
    return found


def test_instructor_creates_a_class_and_a_student_joins_by_code(app, client, auth, make_user):
    teacher, student = make_user(role="instructor"), make_user()
    auth.login(teacher.username)
    response = client.post("/classes/new", data={"name": "History 9B", "description": "Room 4"})
    assert response.status_code == 302
    class_id = int(response.location.rstrip("/").rsplit("/", 1)[-1])
    page = _text(client.get(f"/classes/{class_id}"))
    code = join_code(app, class_id)
    assert classes.format_code(code) in page
    auth.logout()
    auth.login(student.username)
    typed = classes.format_code(code).lower()  # lower case, with the dash
    response = client.post("/classes/join", data={"code": typed})
    assert response.status_code == 302 and response.location.endswith(f"/classes/{class_id}")
    assert _members(app, class_id) == {student.id}
    assert "History 9B" in _text(client.get("/classes/"))
    # The link the instructor hands out fills the code in.
    assert code in _text(client.get(f"/classes/join/{code}"))
    again = client.post("/classes/join", data={"code": code}, follow_redirects=True)
    assert "You are in this class already." in _text(again)


def test_join_codes_are_unguessable(app, make_user):
    teacher = make_user(role="instructor")
    codes = {join_code(app, make_class(app, teacher, name=f"C{i}")) for i in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == classes.JOIN_LENGTH and set(code) <= set(classes.JOIN_ALPHABET)
    assert classes.JOIN_LENGTH * 5 >= 40  # bits: 32 symbols carry 5 bits each


def test_unknown_and_switched_off_codes_get_a_clear_message(app, client, auth, make_user):
    teacher, student = make_user(role="instructor"), make_user()
    class_id = make_class(app, teacher)
    old = join_code(app, class_id)
    auth.login(student.username)
    page = _text(client.post("/classes/join", data={"code": "ZZZZZ-ZZZZZ"}))
    assert "No class has this code" in page
    with app.app_context():
        new = classes.set_join_code(teacher, class_id, enabled=True)  # rotated
    assert "No class has this code" in _text(client.post("/classes/join", data={"code": old}))
    with app.app_context():
        classes.set_join_code(teacher, class_id, enabled=False)
    assert "No class has this code" in _text(client.post("/classes/join", data={"code": new}))
    assert _members(app, class_id) == set()


def test_wrong_codes_are_rate_limited_per_address(app, client, auth, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "JOIN_RATE_LIMIT", "3 per minute")
    teacher, student = make_user(role="instructor"), make_user()
    code = join_code(app, make_class(app, teacher))
    auth.login(student.username)
    for _ in range(3):
        assert client.post("/classes/join", data={"code": "AAAAAAAAAA"}).status_code == 200
    refused = client.post("/classes/join", data={"code": code})
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    other = app.test_client()  # another address is not held back
    auth.login(make_user().username, client=other)
    assert (
        other.post(
            "/classes/join", data={"code": code}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
        ).status_code
        == 302
    )


def test_members_added_removed_and_a_student_leaves(app, client, auth, make_user):
    teacher, co, student = make_user(role="instructor"), make_user(role="instructor"), make_user()
    class_id = make_class(app, teacher)
    auth.login(teacher.username)
    client.post(f"/classes/{class_id}/members", data={"username": student.username})
    client.post(
        f"/classes/{class_id}/members", data={"username": co.username, "role": "instructor"}
    )
    missing = client.post(
        f"/classes/{class_id}/members", data={"username": "nobody-here"}, follow_redirects=True
    )
    assert "There is no account named" in _text(missing)
    assert _members(app, class_id) == {student.id, co.id}
    auth.logout()
    auth.login(co.username)  # a co-instructor sees the class and its students
    assert student.username in _text(client.get(f"/classes/{class_id}"))
    auth.logout()
    auth.login(student.username)
    assert "Leave this class" in _text(client.get(f"/classes/{class_id}"))
    assert client.post(f"/classes/{class_id}/leave").status_code == 302
    assert _members(app, class_id) == {co.id}
    assert client.get(f"/classes/{class_id}").status_code == 404


def test_other_instructors_and_students_cannot_see_a_class(app, client, auth, make_user):
    teacher = make_user(role="instructor")
    class_id = make_class(app, teacher)
    for role in ("instructor", "student"):
        auth.login(make_user(role=role).username)
        assert client.get(f"/classes/{class_id}").status_code == 404
        assert client.post(f"/classes/{class_id}/code").status_code in (403, 404)
        auth.logout()


def test_class_page_shows_students_activity_grades_and_the_mean_chart(
    app, client, auth, make_user, make_quiz
):
    teacher = make_user(role="instructor")
    ann, bob = make_user("ann"), make_user("bob")
    class_id = make_class(app, teacher, (ann, bob))
    quiz = make_quiz(owner=teacher, title="Dates", open_to_all=False)
    assign(app, teacher, class_id, quiz.id)
    insert_attempts(app, quiz.id, ann.id, [[Q(None, points=1.0)] * 4])  # 100%
    insert_attempts(app, quiz.id, bob.id, [[Q(None, points=1.0)] * 2 + [Q(None, points=0.0)] * 2])
    auth.login(teacher.username)
    page = _text(client.get(f"/classes/{class_id}"))
    assert re.search(r'data-label="Dates" class="num"><a [^>]*>100%</a>', page)
    assert re.search(r'data-label="Dates" class="num"><a [^>]*>50%</a>', page)
    assert "2025-01-06" in page  # last activity, the attempts' day
    assert re.search(r"Class mean</th><td class=\"num\">75%</td>", page)
    assert '<svg class="chart"' in page and "Class mean per quiz" in page
    assert "Dates: 75% (2 graded)." in page  # the chart's description states every mean
