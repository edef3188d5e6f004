"""Instructors set quizzes up through the form; bad input is explained and changes nothing."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models.quiz import Quiz


def quiz_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Quiz))


def good_form(bank_id: int, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "bank": str(bank_id),
        "title": "Handover dates",
        "description": "Dates of the 2020 base handovers.",
        "fact_kinds": ["date", "base"],
        "question_types": ["multiple_choice", "date_entry", "ordering"],
        "question_count": "12",
        "time_limit_minutes": "20",
        "attempts_allowed": "3",
        "grading_method": "average",
        "shuffle": "y",
        "feedback": "deferred",
        "review_policy": "after_close",
        "layout": "all_on_one_page",
        "opens_at": "2031-05-01T09:00",
        "closes_at": "2031-05-08T17:30",
    }
    data.update(changes)
    return data


def test_instructor_creates_a_quiz_with_every_setting(app, client, login_as, make_bank):
    instructor = login_as("instructor")
    bank = make_bank()
    page = html.unescape(client.get("/manage/quizzes/new").get_data(as_text=True))
    assert bank.title in page
    assert "Opens at (UTC)" in page and "In your time zone, UTC" in page  # the user's zone
    assert 'type="checkbox"' in page and "Chronological order" in page
    response = client.post("/manage/quizzes/new", data=good_form(bank.id))
    assert response.status_code == 302
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.title == "Handover dates"))
        assert quiz.owner_id == instructor.id and quiz.bank_id == bank.id
        assert quiz.fact_kinds == ["date", "base"]
        assert quiz.question_types == ["multiple_choice", "date_entry", "ordering"]
        assert (quiz.question_count, quiz.time_limit_minutes, quiz.attempts_allowed) == (12, 20, 3)
        assert (quiz.grading_method, quiz.feedback, quiz.review_policy, quiz.layout) == (
            "average",
            "deferred",
            "after_close",
            "all_on_one_page",
        )
        assert quiz.shuffle is True
        assert quiz.opens_at == dt.datetime(2031, 5, 1, 9, 0, tzinfo=dt.UTC)
        assert quiz.closes_at == dt.datetime(2031, 5, 8, 17, 30, tzinfo=dt.UTC)
    assert response.location.endswith(f"/quizzes/{quiz.id}")
    listing = html.unescape(client.get("/manage/quizzes/").get_data(as_text=True))
    assert "Handover dates" in listing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bank", "999999", "Choose one of the listed banks."),
        ("bank", "abc", "Choose one of the listed banks."),
        ("title", "   ", "Give the quiz a title."),
        ("title", "x" * 201, "At most 200 letters."),
        ("fact_kinds", ["date", "gossip"], "not a valid choice"),
        ("question_types", ["essay"], "not a valid choice"),
        ("question_count", "0", "Between 1 and 200."),
        ("question_count", "201", "Between 1 and 200."),
        ("question_count", "ten", "Not a valid integer value."),
        ("time_limit_minutes", "0", "Between 1 and 1440 minutes"),
        ("time_limit_minutes", "1441", "Between 1 and 1440 minutes"),
        ("attempts_allowed", "0", "Between 1 and 100, or empty for unlimited."),
        ("attempts_allowed", "9" * 25, "Between 1 and 100, or empty for unlimited."),
        ("grading_method", "best", "Not a valid choice"),
        ("feedback", "sometimes", "Not a valid choice"),
        ("review_policy", "always", "Not a valid choice"),
        ("layout", "scroll", "Not a valid choice"),
        ("opens_at", "next tuesday", "Not a valid datetime value."),
        ("closes_at", "2031-04-01T09:00", "The quiz must close after it opens."),
    ],
)
def test_bad_input_is_explained_and_creates_nothing(
    app, client, login_as, make_bank, field, value, message
):
    login_as("instructor")
    bank = make_bank()
    before = quiz_count(app)
    response = client.post("/manage/quizzes/new", data=good_form(bank.id, **{field: value}))
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert message.lower() in page.lower()
    assert 'aria-invalid="true"' in page or 'class="field checkbox-group field-invalid"' in page
    assert quiz_count(app) == before


def test_bank_chooser_lists_only_banks_the_instructor_may_use(
    app, client, login_as, make_bank, make_user
):
    me = login_as("instructor")
    someone = make_user(role="instructor")
    published = make_bank(owner=someone, slug="published-theirs")
    mine = make_bank(owner=me, status="draft", slug="draft-mine")
    theirs = make_bank(owner=someone, status="draft", slug="draft-theirs")
    page = client.get("/manage/quizzes/new").get_data(as_text=True)
    assert f'value="{published.id}"' in page and f'value="{mine.id}"' in page
    assert f'value="{theirs.id}"' not in page
    before = quiz_count(app)
    refused = client.post("/manage/quizzes/new", data=good_form(theirs.id))
    assert "Choose one of the listed banks." in refused.get_data(as_text=True)
    assert quiz_count(app) == before


def test_edit_changes_settings_and_keeps_the_bank(app, client, login_as, make_quiz):
    instructor = login_as("instructor")
    quiz = make_quiz(owner=instructor, title="Old title", question_count=5)
    page = client.get(f"/manage/quizzes/{quiz.id}/edit").get_data(as_text=True)
    assert 'value="Old title"' in page and 'name="bank"' not in page
    data = good_form(0, title="New title", question_count="7")
    del data["bank"]
    response = client.post(f"/manage/quizzes/{quiz.id}/edit", data=data)
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Quiz, quiz.id)
        assert (saved.title, saved.question_count, saved.bank_id) == ("New title", 7, quiz.bank_id)
    bad = client.post(f"/manage/quizzes/{quiz.id}/edit", data={**data, "question_count": "0"})
    assert "Between 1 and 200." in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Quiz, quiz.id).question_count == 7


def test_instructor_cannot_edit_another_instructors_quiz(
    app, client, login_as, make_quiz, make_user
):
    login_as("instructor")
    other = make_user(role="instructor")
    quiz = make_quiz(owner=other, title="Theirs")
    assert client.get(f"/manage/quizzes/{quiz.id}/edit").status_code == 404
    data = good_form(0, title="Hijacked")
    del data["bank"]
    assert client.post(f"/manage/quizzes/{quiz.id}/edit", data=data).status_code == 404
    with app.app_context():
        assert db.session.get(Quiz, quiz.id).title == "Theirs"
    listing = client.get("/manage/quizzes/").get_data(as_text=True)
    assert "Theirs" not in listing
