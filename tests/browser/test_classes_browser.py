"""An instructor runs a class in real Chromium: creates it, imports a roster of three, assigns a
timed quiz with 50 % extra time for one student; that student sees the longer timer, a student
who joins by code sees the quiz, and a student outside the class does not."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROSTER = b"username,display name\nada,Ada Lovelace\nalan,Alan Turing\ngrace,Grace Hopper\n"


def _login(browser, live_server, username: str, password: str):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    return context, page


def test_instructor_runs_a_class_and_one_student_gets_extra_time(
    browser, live_server, make_user, make_bank
):
    bank = make_bank()
    teacher, joiner, outsider = make_user(role="instructor"), make_user("joiner"), make_user("out")
    context, page = _login(browser, live_server, teacher.username, teacher.password)
    try:
        page.get_by_role("link", name="Classes", exact=True).click()
        page.get_by_role("link", name="New class").click()
        page.get_by_label("Name").fill("History 9B")
        page.get_by_role("button", name="Save class").click()
        expect(page.locator("h1")).to_have_text("History 9B")
        code = page.locator(".join-code").inner_text()
        assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)

        page.get_by_role("link", name="Import a roster").click()
        page.get_by_label("Roster (CSV)").set_input_files(
            {"name": "roster.csv", "mimeType": "text/csv", "buffer": ROSTER}
        )
        page.get_by_role("button", name="Import roster").click()
        expect(page.locator("h1")).to_contain_text("3 students added")
        ada_row = page.locator("tr", has_text="Ada Lovelace")
        one_time = ada_row.locator("code").inner_text()

        page.goto("/manage/quizzes/new")
        page.get_by_label("Question bank").select_option(str(bank.id))
        page.get_by_label("Title").fill("Timed test")
        page.get_by_label("Number of questions").fill("5")
        page.get_by_label("Time limit (minutes)").fill("20")
        page.get_by_role("button", name="Create quiz").click()
        expect(page.get_by_text("The quiz is ready.")).to_be_visible()
        page.get_by_role("link", name="Overrides").click()
        page.get_by_label("Student's username").fill("ada")
        page.get_by_label("Extra time", exact=True).fill("50")
        page.get_by_label("Extra time in").select_option("percent")
        page.get_by_role("button", name="Save override").click()
        expect(page.get_by_text("The override for ada is saved.")).to_be_visible()

        page.get_by_role("link", name="Classes", exact=True).click()
        page.get_by_role("link", name="History 9B").click()
        page.get_by_label("Quiz", exact=True).select_option(label="Timed test")
        page.get_by_role("button", name="Assign").click()
        expect(page.get_by_text("The quiz is assigned to the class.")).to_be_visible()
        expect(page.locator("tbody tr")).to_have_count(3)
    finally:
        context.close()

    context, page = _login(browser, live_server, "ada", one_time)
    try:  # a one-time password is changed first
        expect(page.locator("h1")).to_have_text("Change password")
        page.get_by_label("Current password").fill(one_time)
        page.get_by_label("New password", exact=True).fill("ada's own passphrase")
        page.get_by_label("Repeat new password").fill("ada's own passphrase")
        page.get_by_role("button", name="Change password").click()
        page.get_by_role("link", name="Quizzes", exact=True).click()
        page.get_by_role("link", name="Timed test", exact=True).click()
        expect(page.locator("main")).to_contain_text("30 minutes")
        page.get_by_role("button", name="Start attempt").click()
        expect(page.get_by_text("The clock starts now: 30 minutes.")).to_be_visible()
        page.get_by_role("button", name="Start the clock").click()
        expect(page.locator("[data-timer-text]")).to_have_text(re.compile(r"^(30:00|29:\d\d)$"))
    finally:
        context.close()

    context, page = _login(browser, live_server, joiner.username, joiner.password)
    try:  # joins by code, typed in lower case, and sees the quiz with the quiz's own limit
        page.get_by_role("link", name="Classes", exact=True).click()
        page.get_by_label("Class code").fill(code.lower())
        page.get_by_role("button", name="Join class").click()
        expect(page.get_by_text("You have joined the class.")).to_be_visible()
        page.get_by_role("link", name="Timed test", exact=True).click()
        expect(page.locator("main")).to_contain_text("20 minutes")
    finally:
        context.close()

    context, page = _login(browser, live_server, outsider.username, outsider.password)
    try:
        page.get_by_role("link", name="Quizzes", exact=True).click()
        expect(page.locator("h1")).to_have_text("Quizzes")
        expect(page.get_by_role("link", name="Timed test", exact=True)).to_have_count(0)
    finally:
        context.close()
