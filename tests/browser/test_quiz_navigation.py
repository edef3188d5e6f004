"""Taking a quiz by keyboard and on a phone: focus, titles, flags, layout (issue 11)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from quizapp.engine.importers import parse_upload
from tests.browser.test_instructor_banks import login

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(tempfile.gettempdir()) / "quizapp-screenshots"
GIFT = "\n\n".join(
    f"::Q{n}:: Which of these numbers comes straight after {n}? {{={n + 1} ~{n + 2} ~{n + 3}}}"
    for n in range(1, 26)
)


@pytest.fixture
def long_quiz(make_bank, make_quiz):
    """A timed 25-question quiz of hand-written multiple choice questions."""
    bank = make_bank(bank=parse_upload(GIFT.encode(), "numbers.gift"))
    return make_quiz(bank=bank, title="Counting", question_count=25, question_types=["fixed"],
                     feedback="deferred", time_limit_minutes=20)


def _start(page, quiz) -> None:
    page.goto(f"/quizzes/{quiz.id}")
    page.get_by_role("button", name="Start attempt").click()
    question = page.locator("fieldset.question")
    confirm = page.get_by_role("button", name="Start the clock")
    # Wait for the next page to load before asking which one it is.
    expect(question.or_(confirm)).to_be_visible()
    if confirm.is_visible():
        confirm.click()
    expect(question).to_be_visible()


def test_each_question_has_its_title_and_the_focus_and_one_tab_reaches_an_answer(
    page, make_user, long_quiz
):
    login(page, make_user())
    _start(page, long_quiz)
    expect(page).to_have_title("Question 1 of 25 · Counting · quizapp")
    expect(page.locator("fieldset#q1")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "radio"  # the first answer, one Tab
    page.keyboard.press("Space")
    expect(page.locator("#q1-status")).to_have_text("Saved")
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_title("Question 2 of 25 · Counting · quizapp")
    expect(page.locator("fieldset#q2")).to_be_focused()
    # The skip link is the first stop of the Tab order and goes straight to the question.
    first = page.evaluate("document.querySelector('a[href], button, input, select').textContent")
    assert first == "Skip to the question"
    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")
    expect(page.locator("fieldset#q2")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "q2-answer"
    # Next is the primary button; Save is gone (answers save themselves).
    assert "button-ghost" not in page.get_by_role("button", name="Next").get_attribute("class")
    expect(page.get_by_role("button", name="Save", exact=True)).to_have_count(0)


def _flag(page) -> None:
    """Press "Flag for later" and wait until the server has stored it."""
    with page.expect_response(lambda r: r.url.endswith("/flag") and r.request.method == "POST"):
        page.get_by_role("button", name="Flag for later").click()


def test_flags_show_in_the_navigator_and_on_the_finish_page(app, page, make_user, long_quiz):
    login(page, make_user())
    _start(page, long_quiz)
    _flag(page)
    expect(page.get_by_role("button", name="Flag for later")).to_have_attribute(
        "aria-pressed", "true")
    expect(page.locator('[data-qnav="1"]')).to_have_class("qnav-link is-flagged")
    expect(page.locator('[data-qnav="1"]')).to_contain_text("flagged")
    page.locator('[data-qnav="3"]').click()
    expect(page.locator("fieldset#q3")).to_be_focused()
    _flag(page)
    expect(page.locator("[data-flag-count]")).to_have_text("2")
    page.reload()  # the flags are stored, not only shown
    expect(page.locator('[data-qnav="3"]')).to_have_class("qnav-link is-flagged")
    _flag(page)  # and can be taken off
    expect(page.locator('[data-qnav="3"]')).to_have_class("qnav-link")
    page.get_by_role("link", name="Finish attempt…").click()
    flagged = page.locator(".flagged-list li")
    expect(flagged).to_have_count(1)
    expect(flagged).to_have_text("⚑ Question 1")
    expect(page.get_by_text("25 questions still without an answer")).to_be_visible()


def test_flag_without_script_posts_the_form_and_keeps_the_answer(
    browser, live_server, make_user, long_quiz
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, make_user())
        _start(page, long_quiz)
        page.locator("fieldset#q1 label.option").first.click()
        page.get_by_role("button", name="Flag for later").click()
        expect(page.get_by_role("button", name="Flag for later")).to_have_attribute(
            "aria-pressed", "true")
        assert page.locator("fieldset#q1 input:checked").count() == 1  # the answer was saved
        expect(page.locator("#q1-status")).to_have_text("Saved")
    finally:
        context.close()


def test_the_quiz_fits_a_phone_with_the_question_on_the_first_screen(page, make_user, long_quiz):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, make_user())
    _start(page, long_quiz)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The navigator is folded to "Question 1 / 25" and the question and Next fit on screen.
    expect(page.locator("[data-qnav-box] summary")).to_contain_text("Question 1 / 25")
    expect(page.locator(".qnav-link").first).to_be_hidden()
    for selector in ("fieldset#q1 legend", "fieldset#q1 label.option >> nth=2"):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] + box["height"] <= 844, selector
    # The main menu is a button, not a strip cut off at the side.
    expect(page.locator("#main-nav")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress")
           ).to_be_visible()
    page.get_by_role("button", name="Menu").click()
    # The timer stays in sight when the page scrolls.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    timer = page.locator("#timer").bounding_box()
    assert timer and 0 <= timer["y"] < 100
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "attempt-390.png"))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    expect(page.locator(".qnav-link").first).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    page.screenshot(path=str(SCREENSHOTS / "attempt-1280.png"))
