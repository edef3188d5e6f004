"""A student takes quizzes in real Chromium: answers, reloads, orders by keyboard, reviews."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.types import utcnow
from quizapp.models.user import User
from quizapp.services import attempts, quizzes
from quizapp.services.quizzes import QuizSettings

pytestmark = pytest.mark.browser
PASSWORD = "a browser tested passphrase"
# Screenshots to look at after a run (phone width): $TMPDIR/quizapp-screenshots/*.png
SCREENSHOTS = Path(tempfile.gettempdir()) / "quizapp-screenshots"


def register(page, username: str) -> None:
    page.goto("/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("h1")).to_have_text(f"Hello, {username}")


def answer(fieldset) -> None:
    """Give some answer to the question in `fieldset`, whatever its type."""
    widget = fieldset.get_attribute("data-widget")
    if widget in ("choice", "checkboxes"):
        fieldset.locator("label.option").first.click()
    elif widget == "matching":
        for select in fieldset.locator("select").all():
            select.select_option(index=1)
    elif widget == "ordering":
        pass  # the shown order is an answer too
    else:
        fieldset.locator("input[type=text]").fill("2020")


def attempt_answers(app) -> dict[int, object]:
    with app.app_context():
        attempt = db.session.scalar(db.select(Attempt).order_by(Attempt.id.desc()))
        return {aq.position: aq.response.answer for aq in attempt.questions if aq.response}


def test_student_takes_the_practice_quiz_reloads_and_reads_the_review(
    page, app, make_user, practice_quiz
):
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    make_user(role="admin")  # the first account would be the admin; this one is a student
    register(page, "learner")
    page.get_by_role("link", name="Quizzes", exact=True).click()
    page.get_by_role("link", name=practice_quiz.title, exact=True).click()
    page.get_by_role("button", name="Start attempt").click()
    expect(page.locator("fieldset.question")).to_be_visible()

    total = page.locator(".qnav-link").count()
    assert total == practice_quiz.question_count
    for position in range(1, total + 1):
        fieldset = page.locator(f"fieldset#q{position}")
        answer(fieldset)
        page.get_by_role("button", name="Check").click()
        expect(page.locator(".feedback")).to_be_visible()
        status = page.locator(f"#q{position}-status")
        expect(status).to_contain_text("Checked: this answer is final.")
        if position == 3:
            # Reloading mid-way loses nothing: three answers and their feedback are still there.
            page.reload()
            expect(page.locator(".feedback")).to_be_visible()
            expect(page.locator("progress.progress")).to_have_attribute(
                "aria-label", f"Answered 3 of {total} questions"
            )
            for done in (1, 2):
                expect(page.locator(f'[data-qnav="{done}"]')).to_have_class("qnav-link is-answered")
        if position < total:
            page.get_by_role("link", name="Next", exact=True).click()
    assert len(attempt_answers(app)) == total

    page.get_by_role("link", name="Finish attempt…").click()
    expect(page.get_by_text("Every question has an answer.")).to_be_visible()
    page.get_by_role("button", name="Finish and see the review").click()
    expect(page.locator("h1")).to_have_text(f"Review: {practice_quiz.title}")
    assert page.locator(".review-item").count() == total
    assert page.locator(".review-item .source cite").count() >= total
    assert page.locator(".correct-answer").count() == total
    assert problems == []


@pytest.fixture
def ordering_quiz(app, make_user, make_bank, seed_attempts):
    """A deferred-feedback quiz of ordering questions, set up through the service."""
    instructor = make_user(role="instructor")
    bank = make_bank()
    settings = QuizSettings(
        title="Order of events",
        question_types=["ordering", "short_answer"],
        question_count=2,
        feedback="deferred",
        open_to_all=True,
    )
    with app.app_context():
        quiz_id = quizzes.create_quiz(instructor, bank.id, settings)
    seed_attempts(quiz_id, ["ordering", "short_answer"])
    return quiz_id


def labels(page, position: int) -> list[str]:
    return page.locator(f"fieldset#q{position} .ordering-label").all_inner_texts()


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element's text starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_text(page).startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_ordering_by_keyboard_autosaves_and_survives_a_reload(page, app, make_user, ordering_quiz):
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    make_user(role="admin")
    register(page, "orderer")
    page.goto(f"/quizzes/{ordering_quiz}")
    page.get_by_role("button", name="Start attempt").click()
    with app.app_context():
        attempt = db.session.scalar(db.select(Attempt))
        kinds = {aq.qtype: aq.position for aq in attempt.questions}
        attempt_id = attempt.id
    assert set(kinds) == {"ordering", "short_answer"}
    pos, text_pos = kinds["ordering"], kinds["short_answer"]
    page.goto(f"/attempts/{attempt_id}/questions/{pos}")
    before = labels(page, pos)
    first = before[0]

    # Keyboard only: Tab to the first item's "Move down", press Enter, then Space.
    page.locator("legend").first.click()  # a neutral starting point for Tab
    tab_to(page, "Move down")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    expect(page.locator(f"fieldset#q{pos} .ordering-label").nth(2)).to_have_text(first)
    assert focused_text(page).startswith("Move down")  # focus follows the moved item
    page.keyboard.press("Shift+Tab")  # this item's "Move up"
    page.keyboard.press("Enter")
    expected = [before[1], first, *before[2:]]
    assert labels(page, pos) == expected
    expect(page.locator(f"#q{pos}-status")).to_have_text("Saved")
    expect(page.locator(f'[data-qnav="{pos}"]')).to_have_class("qnav-link is-answered")
    assert page.locator(f"fieldset#q{pos} [data-move-status]").inner_text().startswith(first)

    # The JSON saves reached the server: a reload shows the same order.
    page.reload()
    assert labels(page, pos) == expected
    assert int(page.locator(f'input[name="q{pos}-seq"]').input_value()) >= 1

    # Typing into the text question autosaves too; then the plain form finishes.
    page.goto(f"/attempts/{attempt_id}/questions/{text_pos}")
    page.locator(f"fieldset#q{text_pos} input[type=text]").fill("Baghdad")
    expect(page.locator(f"#q{text_pos}-status")).to_have_text("Saved")
    page.reload()
    expect(page.locator(f"fieldset#q{text_pos} input[type=text]")).to_have_value("Baghdad")
    link = page.get_by_role("link", name="Finish attempt…")  # the last question has a button
    (link if link.count() else page.get_by_role("button", name="Finish the quiz…")).click()
    expect(page.get_by_text("Every question has an answer.")).to_be_visible()
    page.get_by_role("button", name="Finish and see the review").click()
    expect(page.locator("h1")).to_have_text("Review: Order of events")
    expect(page.locator(".review-item .source").first).to_be_visible()
    assert "Baghdad" in page.locator(f"#q{text_pos} .your-answer").inner_text()
    assert " → ".join(expected) in page.locator(f"#q{pos} .your-answer").inner_text()

    # Phone width: nothing runs off the side (the screenshot is looked at, see the report).
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "review-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert problems == []


def test_attempt_page_fits_a_phone(page, app, make_user, make_quiz):
    make_user(role="admin")
    register(page, "phone")
    quiz = make_quiz(
        question_count=8,
        time_limit_minutes=30,
        feedback="deferred",
        question_types=["ordering", "matching", "numeric", "multiple_choice"],
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/quizzes/{quiz.id}")
    page.get_by_role("button", name="Start attempt").click()
    expect(page.get_by_text("The clock starts now: 30 minutes.")).to_be_visible()
    page.get_by_role("button", name="Start the clock").click()
    expect(page.locator("fieldset.question")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    total = page.locator(".qnav-link").count()  # the engine may make fewer than asked for
    for position in range(1, min(total, 4) + 1):
        page.goto(page.url.split("/questions/")[0].rstrip("/") + f"/questions/{position}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, position
        page.screenshot(path=str(SCREENSHOTS / f"attempt-390-q{position}.png"), full_page=True)
    assert page.get_by_role("timer").inner_text().startswith(("29:", "30:"))


def test_timer_at_zero_submits_the_attempt(page, app, make_user, make_quiz):
    make_user(role="admin")
    register(page, "timed")
    quiz = make_quiz(question_count=2, time_limit_minutes=1, feedback="deferred")
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.username == "timed"))
        # The deadline passed a few seconds ago, still within the grace the server allows.
        attempt_id = attempts.start_attempt(
            user_id, quiz.id, now=utcnow() - dt.timedelta(minutes=1, seconds=5)
        )
    page.goto(f"/attempts/{attempt_id}")
    expect(page.locator(".flash")).to_contain_text("Time is up")
    expect(page.locator("h1")).to_have_text(f"Review: {quiz.title}")
