"""A student reviews flashcards in real Chromium with the keyboard only, CSRF and CSP on."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.bank import BankFact
from quizapp.models.card import ReviewLog
from quizapp.models.types import utcnow
from quizapp.models.user import User
from quizapp.services import flashcards

pytestmark = pytest.mark.browser

# Set FLASHCARDS_SCREENSHOT=/some/file.png to keep a picture of the flipped card.
SCREENSHOT = os.environ.get("FLASHCARDS_SCREENSHOT")


def _due_count(page) -> int:
    return int(page.locator('[data-count="due"]').inner_text())


def test_keyboard_review_and_falling_due_count(
    app, browser, live_server, make_user, make_bank, tmp_path
):
    student = make_user()
    bank = make_bank()
    with app.app_context():
        facts = db.session.scalars(
            select(BankFact.id).where(BankFact.bank_id == bank.id).order_by(BankFact.id).limit(5)
        ).all()
        # Five facts learnt a month ago with Easy: all five are overdue reviews now.
        for fact_id in facts:
            flashcards.rate_card(student.id, fact_id, 4, utcnow() - dt.timedelta(days=30))

    context = browser.new_context(base_url=live_server.url, timezone_id="Pacific/Auckland")
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto("/login")
        page.get_by_label("Username").fill(student.username)
        page.get_by_label("Password").fill(student.password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/dashboard")

        # The first page adopts the browser's time zone and reloads with a notice.
        page.locator(".flash", has_text="Pacific/Auckland").wait_for()
        page.goto("/cards/")
        assert "midnight in Pacific/Auckland" in page.locator("main").inner_text()

        page.goto(f"/cards/{bank.id}")
        back = page.locator("#flashcard-back")
        counts = [_due_count(page)]
        for key in ("3", "4", "2", "3", "1"):
            assert back.is_hidden()
            page.keyboard.press("Space")
            assert back.is_visible()
            assert page.locator(".source-sentence").first.is_visible()
            if key == "1":
                page.screenshot(path=SCREENSHOT or str(tmp_path / "card.png"), full_page=True)
            with page.expect_navigation():
                page.keyboard.press(key)
            counts.append(_due_count(page))
        # Good, Easy, Hard and Good send a card days away; Again brings it back later today.
        assert counts == [5, 4, 3, 2, 1, 1]
        assert "come back later today" in page.locator(".review-head").inner_text()
        assert page.locator(".badge-new").is_visible()  # then the new cards begin

        # Keys typed into a form field are not shortcuts.
        page.keyboard.press("Space")
        assert back.is_visible()
        page.locator(".kinds-filter summary").click()
        checkbox = page.locator('.kinds-form input[value="date"]')
        checkbox.focus()
        page.keyboard.press("3")
        page.keyboard.press("Space")  # toggles the checkbox, nothing else
        assert checkbox.is_checked()
        assert _due_count(page) == 1
        with app.app_context():
            ratings = db.session.scalars(
                select(ReviewLog.rating)
                .where(ReviewLog.reviewed_at > utcnow() - dt.timedelta(hours=1))
                .order_by(ReviewLog.id)
            ).all()
            assert ratings == [3, 4, 2, 3, 1]
            assert db.session.get(User, student.id).timezone == "Pacific/Auckland"
        assert problems == []
    finally:
        context.close()
