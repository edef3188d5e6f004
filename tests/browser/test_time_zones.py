"""Times are entered and shown in the user's time zone, stored in UTC (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models.quiz import Quiz

pytestmark = pytest.mark.browser


def _browser_in(browser, live_server, zone: str):
    context = browser.new_context(base_url=live_server.url, timezone_id=zone)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _log_in(page, user, zone: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Log in").click()
    # The browser's zone is adopted (Chromium may name Asia/Kolkata by its alias Asia/Calcutta).
    page.locator(".flash", has_text=zone.split("/")[0]).wait_for()


def test_a_quiz_window_is_entered_in_oslo_and_read_in_kolkata(
    app, browser, live_server, make_user, make_bank
):
    bank = make_bank()
    teacher, student = make_user(role="instructor"), make_user()
    context, page = _browser_in(browser, live_server, "Europe/Oslo")
    try:
        _log_in(page, teacher, "Europe/Oslo")
        page.goto("/manage/quizzes/new")
        page.get_by_label("Question bank").select_option(str(bank.id))
        page.get_by_label("Title").fill("Spring test")
        page.get_by_label("Number of questions").fill("5")
        page.get_by_label("Opens at (Europe/Oslo)").fill("2031-03-01T09:00")
        page.get_by_label("Closes at (Europe/Oslo)").fill("2031-07-01T18:30")
        page.get_by_label("Open to everyone signed in").check()
        page.get_by_role("button", name="Create quiz").click()
        expect(page.get_by_text("The quiz is ready.")).to_be_visible()
        expect(page.locator("main")).to_contain_text("2031-03-01 09:00 CET")
        expect(page.locator("main")).to_contain_text("2031-07-01 18:30 CEST")
    finally:
        context.close()
    with app.app_context():
        quiz = db.session.scalar(db.select(Quiz).where(Quiz.title == "Spring test"))
        assert quiz.opens_at == dt.datetime(2031, 3, 1, 8, 0, tzinfo=dt.UTC)
        assert quiz.closes_at == dt.datetime(2031, 7, 1, 16, 30, tzinfo=dt.UTC)
    context, page = _browser_in(browser, live_server, "Asia/Kolkata")
    try:
        _log_in(page, student, "Asia/Kolkata")
        page.goto("/quizzes")
        card = page.locator(".quiz-card", has_text="Spring test")
        expect(card).to_contain_text("Opens 2031-03-01 13:30 IST")
    finally:
        context.close()
