"""An instructor previews a quiz as a student; the review sums up and filters (issue 11)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from quizapp.engine.importers import parse_upload
from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from tests.browser.test_instructor_banks import login

pytestmark = pytest.mark.browser
GIFT = "\n\n".join(
    f"::Q{n}:: Which of these numbers comes straight after {n}? {{={n + 1} ~{n + 2} ~{n + 3}}}"
    for n in range(1, 5)
)


def _answer(page, position: int, right: bool) -> None:
    page.locator("[data-attempt][data-ready]").wait_for(state="attached")  # autosave listening
    stem = page.locator(f"fieldset#q{position} legend").inner_text()
    n = int(re.search(r"after (\d+)", stem).group(1))
    wanted = str(n + 1 if right else n + 2)
    option = re.compile(rf"^\s*{wanted}\s*$")
    page.locator(f"fieldset#q{position} label.option", has_text=option).click()
    expect(page.locator(f"#q{position}-status")).to_have_text("Saved")


def test_preview_as_student_counts_nowhere_and_the_review_filters_the_missed(
    app, page, make_user, make_bank, make_quiz
):
    teacher = make_user(role="instructor")
    bank = make_bank(bank=parse_upload(GIFT.encode(), "numbers.gift"))
    quiz = make_quiz(bank=bank, owner=teacher, title="Counting", question_count=4,
                     question_types=["fixed"], feedback="deferred")
    login(page, teacher)
    page.goto(f"/quizzes/{quiz.id}")
    page.get_by_role("button", name="Preview as student").click()
    expect(page.locator("h1")).to_contain_text("preview: not counted")
    for position, right in ((1, True), (2, False), (3, True)):
        if position > 1:
            page.get_by_role("button", name="Next").click()
        _answer(page, position, right)
    page.get_by_role("link", name="Finish attempt…").click()
    page.get_by_role("button", name="Finish and see the review").click()

    summary = page.locator(".review-summary")
    expect(summary).to_contain_text("Score: 2 of 4 (50%)")
    expect(summary).to_contain_text("Time taken:")
    chips = summary.locator(".outcome-chip")
    expect(chips).to_have_count(4)
    expect(chips.nth(1)).to_have_class(re.compile("outcome-wrong"))
    chips.nth(1).click()
    assert page.url.endswith("#q2")
    page.get_by_role("link", name="Only the ones I missed").click()
    expect(page.locator(".review-item")).to_have_count(2)  # question 2 (wrong) and 4 (none)
    expect(page.locator(".review-item#q1")).to_have_count(0)
    page.get_by_role("link", name="Show every question").click()
    expect(page.locator(".review-item")).to_have_count(4)

    # Nobody's grades or statistics saw it.
    with app.app_context():
        assert db.session.scalar(db.select(Attempt.purpose)) == "preview"
    page.goto(f"/results/quiz/{quiz.id}")
    expect(page.locator("main")).not_to_contain_text(teacher.username)
    page.goto(f"/results/quiz/{quiz.id}/items")
    expect(page.locator("main")).not_to_contain_text("Which of these numbers")
    page.goto("/progress/")
    expect(page.locator("main")).not_to_contain_text("Counting")


def test_immediate_feedback_marks_the_choice_the_right_option_and_colours_the_status(
    page, make_user, make_bank, make_quiz
):
    bank = make_bank(bank=parse_upload(GIFT.encode(), "numbers.gift"))
    quiz = make_quiz(bank=bank, question_count=2, question_types=["fixed"], feedback="immediate")
    login(page, make_user())
    page.goto(f"/quizzes/{quiz.id}")
    page.get_by_role("button", name="Start attempt").click()
    stem = page.locator("fieldset#q1 legend").inner_text()
    n = int(re.search(r"after (\d+)", stem).group(1))
    page.locator("fieldset#q1 label.option", has_text=re.compile(rf"^\s*{n + 2}\s*$")).click()
    page.get_by_role("button", name="Check").click()
    wrong = page.locator("fieldset#q1 .option-wrong")
    right = page.locator("fieldset#q1 .option-right")
    expect(wrong).to_contain_text("✗ Your answer")
    expect(right).to_contain_text(f"{n + 1}")
    expect(right).to_contain_text("✓ Right answer")
    status = page.locator("#q1-status")
    expect(status).to_have_class(re.compile("is-incorrect"))
    expect(status).to_contain_text("Wrong.")
    colour = status.evaluate("(el) => getComputedStyle(el).color")
    assert colour == "rgb(164, 22, 26)"  # the error colour, not the grey of a plain status
    label = right.evaluate("(el) => getComputedStyle(el).color")
    assert label == "rgb(28, 35, 51)"  # locked options keep the body text colour
