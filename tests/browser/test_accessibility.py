"""axe-core finds no WCAG 2.1 AA violation on the main pages (issue 11, acceptance)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from quizapp.engine.importers import parse_upload
from quizapp.services import attempts
from tests.browser.a11y import axe_violations, describe
from tests.web.quiz_support import frozen, right_json, start

pytestmark = pytest.mark.browser

GIFT = """\
::Nordic:: Which of these are Nordic capitals? {~%50%Oslo ~%50%Helsinki ~%-100%Vienna}

::Tallest:: Which lighthouse is the tallest? {=North Head ~Gull Rock ~East Point}

::Keeper:: Who kept North Head? {=Mara Lind =Mara}

::Keepers:: Match each light to its keeper. {=North Head -> Mara Lind =Gull Rock -> Tom Hale}
"""
WIDGET_TYPES = ["multiple_choice", "true_false", "numeric", "date_entry", "ordering", "matching",
                "who_said"]


@pytest.fixture
def axe_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A page whose context lets the test inject axe-core despite the app's strict CSP."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def check(page: Any, path: str | None, seen: dict[str, str]) -> None:
    """Open `path` (or stay) and record axe's violations there under its address."""
    if path is not None:
        page.goto(path)
    found = axe_violations(page)
    if found:
        seen[page.url] = describe(found)


def log_in(page: Any, user: Any) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard")


def test_student_pages_have_no_wcag_aa_violations(app, axe_page, make_user, make_bank, make_quiz):
    page, seen = axe_page, {}
    make_user(role="admin")
    check(page, "/", seen)
    check(page, "/register", seen)
    check(page, "/login", seen)
    student = make_user()
    quiz = make_quiz(question_count=len(WIDGET_TYPES), question_types=WIDGET_TYPES,
                     feedback="deferred", time_limit_minutes=30)
    gift = make_bank(bank=parse_upload(GIFT.encode(), "nordic.gift"))
    fixed = make_quiz(bank=gift, question_count=4, question_types=["fixed"], feedback="immediate",
                      layout="all_on_one_page")
    log_in(page, student)
    check(page, None, seen)  # the dashboard
    check(page, "/quizzes", seen)
    check(page, f"/quizzes/{quiz.id}", seen)
    attempt_id = start(app, student, quiz)
    widgets = set()
    for position, _question in enumerate(frozen(app, attempt_id), start=1):
        check(page, f"/attempts/{attempt_id}/questions/{position}", seen)
        widgets.add(page.locator("fieldset.question").get_attribute("data-widget"))
    ordering = make_quiz(bank=make_bank(), question_count=1, question_types=["ordering"],
                         feedback="deferred")  # a mixed draw need not include every widget
    check(page, f"/attempts/{start(app, student, ordering)}", seen)
    widgets.add(page.locator("fieldset.question").get_attribute("data-widget"))
    check(page, f"/attempts/{attempt_id}/finish", seen)
    with app.app_context():
        for position, question in enumerate(frozen(app, attempt_id), start=1):
            attempts.save_response(student.id, attempt_id, position, right_json(question), 0)
        attempts.finish_attempt(student.id, attempt_id)
    check(page, f"/attempts/{attempt_id}/review", seen)
    fixed_attempt = start(app, student, fixed)
    check(page, f"/attempts/{fixed_attempt}", seen)
    widgets |= set(page.locator("fieldset.question").evaluate_all(
        "(all) => all.map((f) => f.dataset.widget)"))
    choice = page.locator("form.attempt-form:has(label.option)").first
    choice.locator("label.option").first.click()
    choice.get_by_role("button", name="Check").click()
    expect(page.locator(".feedback").first).to_be_visible()
    check(page, None, seen)  # immediate feedback shown
    check(page, "/progress/", seen)
    check(page, "/cards/", seen)
    check(page, f"/cards/{quiz.bank_id}", seen)
    page.keyboard.press("Space")
    check(page, None, seen)  # the flipped card
    check(page, "/cards/settings", seen)
    assert {"choice", "checkboxes", "ordering", "matching", "text", "number", "date"} <= widgets
    assert not seen, "\n\n".join(f"{url}\n{text}" for url, text in seen.items())


def test_instructor_pages_have_no_wcag_aa_violations(app, axe_page, make_user, make_quiz):
    page, seen = axe_page, {}
    teacher = make_user(role="instructor")
    student = make_user()
    quiz = make_quiz(owner=teacher, question_count=4, feedback="deferred")
    attempt_id = start(app, student, quiz)
    with app.app_context():
        first = frozen(app, attempt_id)[0]
        attempts.save_response(student.id, attempt_id, 1, right_json(first), 0)
        attempts.finish_attempt(student.id, attempt_id)
    log_in(page, teacher)
    check(page, None, seen)
    check(page, "/banks/", seen)
    check(page, f"/banks/{quiz.bank_id}", seen)
    check(page, f"/banks/{quiz.bank_id}/preview", seen)
    check(page, f"/banks/{quiz.bank_id}/facts", seen)
    check(page, "/banks/upload", seen)
    check(page, "/manage/quizzes/", seen)
    check(page, "/manage/quizzes/new", seen)
    check(page, f"/manage/quizzes/{quiz.id}/edit", seen)
    check(page, "/results/", seen)
    check(page, f"/results/quiz/{quiz.id}", seen)
    check(page, f"/results/quiz/{quiz.id}/items", seen)
    check(page, f"/results/quiz/{quiz.id}/student/{student.id}", seen)
    assert not seen, "\n\n".join(f"{url}\n{text}" for url, text in seen.items())


def test_axe_really_runs_and_reports_what_breaks_the_rules(axe_page):
    axe_page.goto("/")
    axe_page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {v["id"] for v in axe_violations(axe_page)}
