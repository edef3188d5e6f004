"""A student who finished two attempts sees both, and the chart, on the progress page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.attempt import AttemptQuestion
from quizapp.services import attempts

pytestmark = pytest.mark.browser


def _finish_attempt(app, user_id: int, quiz_id: int, right: int) -> int:
    """Take an attempt through the services, answering the first `right` questions correctly."""
    with app.app_context():
        attempt_id = attempts.start_attempt(user_id, quiz_id)
        keys = db.session.execute(
            select(AttemptQuestion.position, AttemptQuestion.question)
            .where(AttemptQuestion.attempt_id == attempt_id)
            .order_by(AttemptQuestion.position)
        ).all()
    for position, question in keys:
        key = question["answer"]["correct"][0]
        wrong = next(o["id"] for o in question["options"] if o["id"] != key)
        with app.app_context():
            attempts.save_response(
                user_id, attempt_id, position, key if position <= right else wrong, 0
            )
    with app.app_context():
        attempts.finish_attempt(user_id, attempt_id)
    return attempt_id


def test_student_sees_both_attempts_and_the_chart(app, page, make_user, make_quiz, tmp_path):
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    student = make_user("rana")
    quiz = make_quiz(title="Base handovers", question_types=["multiple_choice"], question_count=4)
    first = _finish_attempt(app, student.id, quiz.id, right=1)
    second = _finish_attempt(app, student.id, quiz.id, right=3)

    page.goto("/login")
    page.get_by_label("Username").fill("rana")
    page.get_by_label("Password").fill(student.password)
    page.get_by_role("button", name="Log in").click()
    assert "Your week" in page.locator(".progress-summary").inner_text()
    page.get_by_role("link", name="Progress").first.click()

    expect(page.locator("h1")).to_have_text("Your progress")
    rows = page.locator("table.history tbody tr")
    assert rows.count() == 2
    assert "75%" in rows.nth(0).inner_text() and "25%" in rows.nth(1).inner_text()
    assert rows.nth(0).get_by_role("link").get_attribute("href") == f"/attempts/{second}/review"
    assert rows.nth(1).get_by_role("link").get_attribute("href") == f"/attempts/{first}/review"

    chart = page.get_by_role("img", name="Your scores over time")
    assert chart.is_visible()
    assert chart.locator(".chart-point").count() == 2  # one marker per attempt (plus the legend)
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300  # drawn at a readable size
    # The text alternative: the same two scores, oldest first.
    page.get_by_text("The chart as a table").click()
    cells = page.locator(".chart-table td.num").all_inner_texts()
    assert cells == ["25%", "75%"]
    assert "Facts you miss most" in page.content()

    page.screenshot(path=str(tmp_path / "progress.png"), full_page=True)
    # The strict Content-Security-Policy blocked nothing the page needs (no inline styles).
    assert problems == []
