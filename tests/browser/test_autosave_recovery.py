"""Autosave loses nothing when the session ends or the database goes away (issue 12 #7, #8)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models.user import User
from quizapp.services import accounts
from tests.browser.test_instructor_banks import login
from tests.conftest import unreachable_database
from tests.web.quiz_support import responses

pytestmark = pytest.mark.browser


def _start(page, quiz) -> int:
    page.goto(f"/quizzes/{quiz.id}")
    page.get_by_role("button", name="Start attempt").click()
    expect(page.locator("fieldset#q1")).to_be_visible()
    page.locator("[data-attempt][data-ready]").wait_for(state="attached")  # autosave listening
    return int(page.url.split("/attempts/")[1].split("/")[0])


def test_an_answer_given_after_the_session_ended_is_sent_after_logging_in_again(
    app, page, make_user, make_quiz
):
    student = make_user()
    quiz = make_quiz(question_count=2, feedback="deferred", question_types=["date_entry"])
    login(page, student)
    attempt_id = _start(page, quiz)
    box = page.locator("fieldset#q1 input[type=text]")
    box.fill("first try")
    expect(page.locator("#q1-status")).to_have_text("Saved")
    with app.app_context():  # a logout in another browser ends this session too
        accounts.logout_everywhere(db.session.get(User, student.id))

    box.fill("Ain al-Asad")
    expect(page.locator("#q1-status")).to_contain_text("you are logged out")
    expect(page.locator("[data-logged-out]")).to_be_visible()
    assert responses(app, attempt_id)[1]["answer"] == "first try"
    kept = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert "Ain al-Asad" in kept  # the browser keeps it, not only the page

    page.locator("[data-logged-out]").get_by_role("link", name="Log in again").click()
    page.get_by_label("Username").fill(student.username)
    page.get_by_label("Password").fill(student.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("fieldset#q1 input[type=text]")).to_have_value("Ain al-Asad")
    expect(page.locator("#q1-status")).to_have_text("Saved")
    assert responses(app, attempt_id)[1]["answer"] == "Ain al-Asad"
    assert page.evaluate("Object.keys(localStorage).length") == 0  # nothing left waiting


def test_autosave_retries_while_the_database_is_away_and_lands(
    app, csrf_app, page, make_user, make_quiz
):
    student = make_user()
    quiz = make_quiz(question_count=2, feedback="deferred", question_types=["date_entry"])
    login(page, student)
    attempt_id = _start(page, quiz)
    answers: list[int] = []
    page.on("response", lambda r: answers.append(r.status) if r.url.endswith("/save") else None)
    with unreachable_database(csrf_app):  # the live server's app; nothing is restarted
        page.locator("fieldset#q1 input[type=text]").fill("Camp Taji")
        expect(page.locator("#q1-status")).to_have_text("Not saved yet: retrying…")
        page.wait_for_timeout(3500)
        assert answers.count(503) >= 2  # it tried again by itself, with nothing pressed
        assert 1 not in responses(app, attempt_id)
    expect(page.locator("#q1-status")).to_have_text("Saved", timeout=20_000)
    assert responses(app, attempt_id)[1]["answer"] == "Camp Taji"
    assert answers[-1] == 200
