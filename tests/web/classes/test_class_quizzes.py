"""Assigned quizzes: a student sees exactly what their classes are given (404 for the rest),
due dates close a quiz for a class, and per-student overrides change what the server allows."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.types import utcnow
from quizapp.services import attempts, quizzes
from quizapp.services.attempts import AttemptError, AttemptNotFound
from quizapp.services.quizzes import OverrideError, OverrideInput
from tests.web.class_support import assign, make_class


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def school(app, make_user, make_bank, make_quiz):
    """Two classes of one teacher, a student in each, and quizzes for one, the other, none."""
    teacher = make_user(role="instructor")
    ann, bob, eve = make_user("ann"), make_user("bob"), make_user("eve")
    first, second = make_class(app, teacher, (ann,), "9A"), make_class(app, teacher, (bob,), "9B")
    bank = make_bank()
    q = {
        name: make_quiz(bank=bank, owner=teacher, title=name, open_to_all=False, **extra)
        for name, extra in (
            ("For 9A", {}),
            ("For 9B", {}),
            ("Draft", {}),
            ("Hidden", {"hidden": True}),
            ("Timed", {"time_limit_minutes": 20, "attempts_allowed": 1}),
        )
    }
    q["Everyone"] = make_quiz(bank=bank, owner=teacher, title="Everyone")
    assign(app, teacher, first, q["For 9A"].id)
    assign(app, teacher, second, q["For 9B"].id)
    assign(app, teacher, first, q["Hidden"].id)
    assign(app, teacher, first, q["Timed"].id)
    return {
        "teacher": teacher,
        "ann": ann,
        "bob": bob,
        "eve": eve,
        "quizzes": q,
        "classes": (first, second),
        "bank": bank,
    }


def test_a_student_sees_exactly_the_quizzes_of_their_classes(client, auth, school):
    q = school["quizzes"]
    auth.login(school["ann"].username)
    page = _text(client.get("/quizzes"))
    for title in ("For 9A", "Timed", "Everyone"):
        assert f">{title}</a>" in page
    for title in ("For 9B", "Draft", "Hidden"):
        assert f">{title}</a>" not in page
    assert "practice" in page.lower()  # the bank's practice quiz stays open to everyone
    for title in ("For 9B", "Draft", "Hidden"):
        assert client.get(f"/quizzes/{q[title].id}").status_code == 404
        assert client.post(f"/quizzes/{q[title].id}/start").status_code == 404
    assert client.get(f"/quizzes/{q['For 9A'].id}").status_code == 200
    assert client.post(f"/quizzes/{q['For 9A'].id}/start").status_code == 302
    auth.logout()
    auth.login(school["eve"].username)  # in no class
    page = _text(client.get("/quizzes"))
    assert ">For 9A</a>" not in page and ">Everyone</a>" in page
    assert client.get(f"/quizzes/{q['For 9A'].id}").status_code == 404


def test_the_service_refuses_a_quiz_of_another_class(app, school):
    q = school["quizzes"]
    with app.app_context(), pytest.raises(AttemptNotFound):
        attempts.start_attempt(school["ann"].id, q["For 9B"].id)


def test_a_past_due_date_closes_the_quiz_for_that_class(app, client, auth, school):
    teacher, (first, second) = school["teacher"], school["classes"]
    quiz = school["quizzes"]["For 9A"]
    assign(app, teacher, first, quiz.id, utcnow() - dt.timedelta(hours=1))
    assign(app, teacher, second, quiz.id, utcnow() + dt.timedelta(days=2))
    auth.login(school["ann"].username)
    page = _text(client.get(f"/quizzes/{quiz.id}"))
    assert "This quiz is closed." in page and "Due" in page
    with app.app_context(), pytest.raises(AttemptError, match="closed"):
        attempts.start_attempt(school["ann"].id, quiz.id)
    with app.app_context():  # the other class's due date is still ahead
        assert attempts.start_attempt(school["bob"].id, quiz.id)


def _minutes(app, attempt_id: int) -> float:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        minutes = (attempt.deadline_at - attempt.started_at).total_seconds() / 60
        db.session.rollback()
    return minutes


@pytest.mark.parametrize(
    ("given", "minutes"),
    [(OverrideInput(extra_minutes=10), 30), (OverrideInput(extra_percent=50), 30)],
)
def test_extra_time_lengthens_the_servers_deadline(app, client, auth, school, given, minutes):
    quiz, ann = school["quizzes"]["Timed"], school["ann"]
    with app.app_context():
        quizzes.set_override(school["teacher"], quiz.id, ann.username, given)
    auth.login(ann.username)
    assert f"{minutes} minutes" in _text(client.get(f"/quizzes/{quiz.id}"))
    start = client.post(f"/quizzes/{quiz.id}/start")
    assert f"The clock starts now: {minutes} minutes." in _text(start)
    with app.app_context():
        attempt_id = attempts.start_attempt(ann.id, quiz.id)
    assert _minutes(app, attempt_id) == minutes


def test_extra_attempts_allow_more_graded_attempts(app, school):
    quiz, ann = school["quizzes"]["Timed"], school["ann"]
    with app.app_context():
        quizzes.set_override(
            school["teacher"], quiz.id, ann.username, OverrideInput(extra_attempts=1)
        )
        for _ in range(2):
            attempts.finish_attempt(ann.id, attempts.start_attempt(ann.id, quiz.id))
        with pytest.raises(AttemptError, match="all 2 attempts"):
            attempts.start_attempt(ann.id, quiz.id)


def test_a_personal_window_opens_a_closed_quiz_for_one_student(app, school, make_quiz):
    teacher, ann = school["teacher"], school["ann"]
    now = utcnow()
    quiz = make_quiz(
        bank=school["bank"],
        owner=teacher,
        title="Past",
        opens_at=now - dt.timedelta(days=3),
        closes_at=now - dt.timedelta(days=1),
    )
    later = make_quiz(
        bank=school["bank"], owner=teacher, title="Later", opens_at=now + dt.timedelta(days=3)
    )
    with app.app_context():
        quizzes.set_override(
            teacher, quiz.id, ann.username, OverrideInput(closes_at=now + dt.timedelta(hours=2))
        )
        quizzes.set_override(
            teacher, later.id, ann.username, OverrideInput(opens_at=now - dt.timedelta(hours=1))
        )
        assert attempts.start_attempt(ann.id, quiz.id)
        assert attempts.start_attempt(ann.id, later.id)
        with pytest.raises(AttemptError, match="closed"):
            attempts.start_attempt(school["bob"].id, quiz.id)
        with pytest.raises(AttemptError, match="not open yet"):
            attempts.start_attempt(school["bob"].id, later.id)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"extra_time": "-5", "extra_unit": "minutes"}, "Extra time cannot be negative."),
        ({"extra_time": "201", "extra_unit": "minutes"}, "At most 200 minutes"),
        ({"extra_time": "1001", "extra_unit": "percent"}, "At most 1000 percent"),
        ({"extra_attempts": "-1"}, "Extra attempts cannot be negative."),
        ({"extra_attempts": "11"}, "At most 10 extra attempts"),
    ],
)
def test_an_override_out_of_bounds_gets_a_field_error_and_changes_nothing(
    app, client, auth, school, data, message
):
    quiz, ann = school["quizzes"]["Timed"], school["ann"]
    auth.login(school["teacher"].username)
    response = client.post(
        f"/manage/quizzes/{quiz.id}/overrides",
        data={"username": ann.username, "extra_unit": "minutes", **data},
    )
    assert response.status_code == 200
    page = _text(response)
    assert message in page and 'class="errors"' in page
    with app.app_context():
        assert quizzes.quiz_overrides(quiz.id) == []


def test_overrides_only_for_ones_own_students_and_quizzes(app, school, make_user):
    quiz = school["quizzes"]["Timed"]
    stranger = make_user("zed")
    with app.app_context():
        with pytest.raises(OverrideError, match="None of your classes"):
            quizzes.set_override(
                school["teacher"], quiz.id, stranger.username, OverrideInput(extra_minutes=5)
            )
        other = make_user(role="instructor")
        with pytest.raises(Exception, match="No such quiz"):
            quizzes.set_override(
                other, quiz.id, school["ann"].username, OverrideInput(extra_minutes=5)
            )


def test_an_override_is_set_through_the_page(app, client, auth, school):
    quiz, ann = school["quizzes"]["Timed"], school["ann"]
    auth.login(school["teacher"].username)
    response = client.post(
        f"/manage/quizzes/{quiz.id}/overrides",
        data={"username": ann.username, "extra_time": "50", "extra_unit": "percent"},
        follow_redirects=True,
    )
    assert f"The override for {ann.username} is saved." in _text(response)
    assert "50%" in _text(response)
    with app.app_context():
        rules = quizzes.rules_for(ann.id, db.session.get(type(quiz), quiz.id))
    assert rules.time_limit_minutes == 30


def test_the_quiz_page_tells_its_instructor_who_can_take_it(client, auth, school):
    q = school["quizzes"]
    auth.login(school["teacher"].username)
    assert "Assigned to" in _text(client.get(f"/quizzes/{q['For 9A'].id}"))
    assert ">9A</a>" in _text(client.get(f"/quizzes/{q['For 9A'].id}"))
    assert "A draft:" in _text(client.get(f"/quizzes/{q['Draft'].id}"))
    assert "Hidden from students." in _text(client.get(f"/quizzes/{q['Hidden'].id}"))
