"""The deck of a bank with hand-written questions keeps working once they come due (issue 11 #2)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from quizapp.engine.importers import parse_upload
from quizapp.models.types import utcnow
from quizapp.services import attempts
from tests.web.bank_samples import SAMPLE_GIFT
from tests.web.quiz_support import frozen, start

pytestmark = pytest.mark.browser


def test_hand_written_questions_met_in_a_quiz_come_back_as_flashcards(
    app, page, make_user, make_bank, make_quiz
):
    student = make_user()
    bank = make_bank(bank=parse_upload(SAMPLE_GIFT.encode(), "lights.gift"))
    quiz = make_quiz(bank=bank, question_count=4, question_types=["fixed"], feedback="deferred")
    # A month ago the student answered every question: each card is overdue now.
    then = utcnow() - dt.timedelta(days=30)
    attempt_id = start(app, student, quiz, now=then)
    questions = frozen(app, attempt_id)
    with app.app_context():
        for position, question in enumerate(questions, start=1):
            attempts.save_response(student.id, attempt_id, position, some_answer(question), 0,
                                   now=then)
        attempts.finish_attempt(student.id, attempt_id, now=then)

    page.goto("/login")
    page.get_by_label("Username").fill(student.username)
    page.get_by_label("Password").fill(student.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard")
    page.goto(f"/cards/{bank.id}")
    expect(page.locator("h1")).to_be_visible()
    assert int(page.locator('[data-count="due"]').inner_text()) == 4
    stems = {q["stem"] for q in questions}
    seen = set()
    for _ in range(4):
        front = page.locator(".flashcard-front").inner_text()
        seen.add(next(s for s in stems if s in front))
        page.keyboard.press("Space")
        expect(page.locator("#flashcard-back")).to_be_visible()
        with page.expect_navigation():
            page.keyboard.press("3")
    assert seen == stems  # each hand-written question was a card, its stem on the front
    assert int(page.locator('[data-count="due"]').inner_text()) == 0


def some_answer(question: dict) -> object:
    """Return an answer of the right shape to a frozen hand-written question."""
    kind, key = question["params"]["kind"], question["answer"]
    if kind == "multiple_choice":
        return key["correct"] if key["multiple"] else key["correct"][0]
    if kind == "true_false":
        return "true"
    if kind == "matching":
        return dict(key["pairs"])
    return "36" if kind == "numerical" else "Mara"
