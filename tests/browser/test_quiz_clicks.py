"""With script on, one click on a save button does what it says, at a human pace (issue 11 #1)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from quizapp.engine.importers import parse_upload
from tests.browser.test_take_quiz import answer, register

pytestmark = pytest.mark.browser

#: Hand-written questions give the choice and matching widgets whatever the shipped bank holds.
GIFT = {
    "choice": "\n\n".join(
        f"::C{n}:: Which number is {n}? {{={n} ~{n + 1} ~{n + 2}}}" for n in range(1, 4)
    ),
    "matching": "\n\n".join(
        f"::M{n}:: Match each to its double ({n}). {{={n} -> {2 * n} ={n + 10} -> {2 * n + 20}}}"
        for n in range(1, 4)
    ),
}


@pytest.mark.parametrize("kind", ["choice", "matching", "ordering"])
def test_one_click_on_save_and_next_goes_to_the_next_question(
    page, make_user, make_bank, make_quiz, kind
):
    make_user(role="admin")
    register(page, f"clicker_{kind}")
    if kind in GIFT:
        bank = make_bank(bank=parse_upload(GIFT[kind].encode(), f"{kind}.gift"))
        quiz = make_quiz(bank=bank, question_count=3, feedback="deferred", question_types=["fixed"])
    else:
        quiz = make_quiz(question_count=3, feedback="deferred", question_types=[kind])
    page.goto(f"/quizzes/{quiz.id}")
    page.get_by_role("button", name="Start attempt").click()
    give(page, 1)
    expect(page.locator("#q1-status")).to_have_text("Saved")
    page.wait_for_timeout(300)  # a person reads "Saved" before clicking on
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(f"{page.url.split('/attempts/')[0]}/attempts/{_id(page)}/questions/2")
    expect(page.locator("fieldset#q2")).to_be_visible()

    # Enter on the second question and "finish" on the last do the same at once.
    give(page, 2)
    expect(page.locator("#q2-status")).to_have_text("Saved")
    page.wait_for_timeout(300)
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")
    expect(page.locator("fieldset#q3")).to_be_visible()
    give(page, 3)
    expect(page.locator("#q3-status")).to_have_text("Saved")
    page.wait_for_timeout(300)
    page.get_by_role("button", name="Finish").click()
    expect(page.locator("h1")).to_have_text("Finish this attempt?")


def test_one_click_on_save_all_answers_saves_and_reloads(page, make_user, make_bank, make_quiz):
    make_user(role="admin")
    register(page, "allclicker")
    bank = make_bank(bank=parse_upload(GIFT["choice"].encode(), "choice.gift"))
    quiz = make_quiz(bank=bank, question_count=2, feedback="deferred", question_types=["fixed"],
                     layout="all_on_one_page")
    page.goto(f"/quizzes/{quiz.id}")
    page.get_by_role("button", name="Start attempt").click()
    give(page, 1)
    expect(page.locator("#q1-status")).to_have_text("Saved")
    page.wait_for_timeout(300)
    page.evaluate("window.stillTheOldPage = true")
    page.get_by_role("button", name="Save all answers").click()
    page.wait_for_function("window.stillTheOldPage !== true")  # the form was sent: a new page
    expect(page.locator("#q1-status")).to_have_text("Saved")
    page.get_by_role("button", name="Finish").click()
    expect(page.locator("h1")).to_have_text("Finish this attempt?")


def give(page, position: int) -> None:
    """Answer a question as a person would (an ordering question: move its first item down)."""
    page.locator("[data-attempt][data-ready]").wait_for(state="attached")  # script listening
    fieldset = page.locator(f"fieldset#q{position}")
    answer(fieldset)
    if fieldset.get_attribute("data-widget") == "ordering":
        fieldset.get_by_role("button", name="Move down").first.click()


def _id(page) -> str:
    return page.url.split("/attempts/")[1].split("/")[0]
