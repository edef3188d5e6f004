"""The quiz form refuses a quiz its bank cannot make, and says how many it can (issue 11 #4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from quizapp.engine.capacity import quiz_capacity
from quizapp.engine.questions import REGISTRY
from tests.browser.test_instructor_banks import login

pytestmark = pytest.mark.browser


def test_two_hundred_questions_of_a_type_that_yields_fewer_are_refused(
    page, make_user, make_bank, iraq_bank
):
    # The first type (ordering first, as in the issue) that the shipped bank asks fewer times.
    kind = next(n for n in ("ordering", "matching", "who_said", "numeric", "date_entry")
                if 0 < quiz_capacity(iraq_bank, [n]) < 200)
    most = quiz_capacity(iraq_bank, [kind])
    bank = make_bank()
    login(page, make_user(role="instructor"))
    page.goto("/manage/quizzes/new")
    page.get_by_label("Question bank").select_option(str(bank.id))
    page.get_by_label("Title").fill("All the orderings")
    page.get_by_label(REGISTRY[kind].label, exact=True).check()
    page.get_by_label("Number of questions").fill("200")
    page.get_by_role("button", name="Create quiz").click()
    expect(page.get_by_text("The quiz is ready.")).to_have_count(0)
    error = page.locator(".errors, .field-error").filter(has_text="at most")
    expect(error).to_contain_text(f"at most {most} question")
    expect(page.locator("#quiz-capacity")).to_contain_text(f"up to {most} question")
    page.get_by_label("Number of questions").fill(str(most))
    page.get_by_role("button", name="Create quiz").click()
    expect(page.get_by_text("The quiz is ready.")).to_be_visible()
    page.get_by_role("button", name="Start attempt").click()
    expect(page.locator("fieldset.question").first).to_be_visible()  # students meet questions
