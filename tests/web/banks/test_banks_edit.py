"""Writing a bank in the browser: typed fact and entity forms, validated like an upload, each
save a new version; attempts keep what they were served."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from quizapp.engine.bank import Question
from quizapp.engine.questions.display import describe_answer
from quizapp.extensions import db
from quizapp.models.attempt import AttemptQuestion
from quizapp.models.bank import BankFact
from quizapp.services import attempts
from quizapp.services.banks import current_version
from tests.web.bank_samples import counts, sample_bank_with_text


@pytest.fixture
def bank(login_as, make_bank):
    teacher = login_as("instructor")
    return make_bank(owner=teacher, bank=sample_bank_with_text(), status="published")


def _current(app, bank_id):
    with app.app_context():
        version = current_version(bank_id)
        return version.number, version.content["bank"]


def _fact(content, fact_id):
    return next((f for f in content["facts"] if f["id"] == fact_id), None)


NEW_DATE_FACT = {
    "id": "portby-rebuilt",
    "relation": "first_lit",
    "subject": "west-cape",
    "date": "1875-04-18",
    "precision": "month",
    "source": "survey",
    "sentence": "Portby harbour was rebuilt in April 1875.",
}


def test_add_a_date_fact_at_month_precision(app, client, bank):
    form = client.get(f"/banks/{bank.id}/facts/new").get_data(as_text=True)
    assert 'type="date"' in form and 'data-value-type="date"' in form
    assert '<option value="mara">Mara Lind (person)</option>' in form  # entity chooser
    response = client.post(f"/banks/{bank.id}/facts/new", data=NEW_DATE_FACT)
    assert response.status_code == 302
    number, content = _current(app, bank.id)
    assert number == 2
    assert _fact(content, "portby-rebuilt")["value"] == {"date": "1875-04"}
    page = client.get(response.location).get_data(as_text=True)
    assert "Saved the new fact: the bank is now at version 2." in page


def test_edit_a_figure_keeps_the_fact_identity(app, client, bank):
    with app.app_context():
        before = db.session.scalar(select(BankFact.id).where(BankFact.fact_key == "east-height"))
    form = client.get(f"/banks/{bank.id}/facts/east-height/edit").get_data(as_text=True)
    assert 'value="18.5"' in form and 'value="tower height"' in form
    assert re.search(r'<option selected value="about">About</option>', form)
    data = {
        "relation": "height",
        "subject": "east-point",
        "number": "19",
        "unit": "m",
        "counts": "tower height",
        "as_of": "1990-06-01",
        "as_of_precision": "year",
        "source": "survey",
        "sentence": "East Point stands about 18.5 metres.",
    }
    assert client.post(f"/banks/{bank.id}/facts/east-height/edit", data=data).status_code == 302
    _, content = _current(app, bank.id)
    assert _fact(content, "east-height")["value"] == {
        "number": 19,
        "unit": "m",
        "counts": "tower height",
        "as_of": "1990",
    }
    with app.app_context():
        after = db.session.scalar(select(BankFact.id).where(BankFact.fact_key == "east-height"))
    assert after == before


@pytest.mark.parametrize(
    ("change", "field_error"),
    [
        ({"date": ""}, "expected a date"),
        ({"sentence": "Portby was never rebuilt."}, "sentence not found in source"),
        ({"id": "north-lit"}, "duplicate id"),
        ({"id": "Bad Id!"}, "expected"),
    ],
    ids=["no-date", "sentence-not-in-source", "duplicate-id", "bad-id"],
)
def test_engine_errors_show_on_the_form_and_nothing_is_stored(
    app, client, bank, change, field_error
):
    before = counts(app)
    response = client.post(f"/banks/{bank.id}/facts/new", data={**NEW_DATE_FACT, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="field field-invalid"' in page
    assert html.escape(field_error, quote=True) in page
    assert counts(app) == before


def test_a_value_of_the_wrong_type_for_the_relation_is_shown(app, client, bank):
    # a "kept" fact needs a lighthouse as its value; Portby is a place
    data = {
        "relation": "kept",
        "subject": "tom",
        "entity": "portby",
        "source": "survey",
        "sentence": "Tom Hale kept Gull Rock.",
    }
    page = client.post(f"/banks/{bank.id}/facts/new", data=data).get_data(as_text=True)
    assert "expected an entity of type lighthouse" in page
    assert _current(app, bank.id)[0] == 1


def test_delete_a_fact_makes_a_version_without_it_and_keeps_its_identity(app, client, bank):
    confirm = client.get(f"/banks/{bank.id}/facts/tom-said/delete")
    assert "Delete fact <code>tom-said</code>?" in confirm.get_data(as_text=True)
    client.post(f"/banks/{bank.id}/facts/tom-said/delete")
    number, content = _current(app, bank.id)
    assert number == 2 and _fact(content, "tom-said") is None
    with app.app_context():
        assert (
            db.session.scalar(select(BankFact.last_version).where(BankFact.fact_key == "tom-said"))
            == 1
        )


def test_add_and_edit_an_entity(app, client, bank):
    data = {
        "name": "Harbour Town",
        "type": "place",
        "aliases": "Harbourtown\nHT",
        "attributes": "county: North\nfounded: 1790",
    }
    assert client.post(f"/banks/{bank.id}/entities/new", data=data).status_code == 302
    _, content = _current(app, bank.id)
    town = next(e for e in content["entities"] if e["name"] == "Harbour Town")
    assert town["id"] == "harbour-town"
    assert town["aliases"] == ["Harbourtown", "HT"]
    assert town["attributes"] == {"county": "North", "founded": "1790"}
    client.post(
        f"/banks/{bank.id}/entities/harbour-town/edit",
        data={"name": "Harbour City", "type": "place"},
    )
    number, content = _current(app, bank.id)
    town = next(e for e in content["entities"] if e["id"] == "harbour-town")
    assert number == 3 and town == {"id": "harbour-town", "name": "Harbour City", "type": "place"}


def test_bad_attribute_line_and_bad_type_are_shown(app, client, bank):
    page = client.post(
        f"/banks/{bank.id}/entities/new",
        data={"name": "X", "type": "place", "attributes": "no colon here"},
    )
    assert "Line 1: expected key: value" in page.get_data(as_text=True)
    page = client.post(f"/banks/{bank.id}/entities/new", data={"name": "X", "type": "Big Place"})
    assert 'class="field field-invalid"' in page.get_data(as_text=True)
    assert _current(app, bank.id)[0] == 1


def test_an_entity_in_use_cannot_be_deleted(app, client, bank):
    page = client.post(f"/banks/{bank.id}/entities/mara/delete", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Facts still refer to this entity (mara-kept, mara-said)" in text
    assert _current(app, bank.id)[0] == 1
    client.post(f"/banks/{bank.id}/entities/new", data={"name": "Unused", "type": "place"})
    client.post(f"/banks/{bank.id}/entities/unused/delete")
    _, content = _current(app, bank.id)
    assert all(e["id"] != "unused" for e in content["entities"])


def test_unknown_fact_or_entity_is_404(client, bank):
    assert client.get(f"/banks/{bank.id}/facts/nope/edit").status_code == 404
    assert client.post(f"/banks/{bank.id}/facts/nope/delete").status_code == 404
    assert client.get(f"/banks/{bank.id}/entities/nope/edit").status_code == 404


def test_old_attempt_review_shows_exactly_what_was_served_after_an_edit(
    app, client, bank, make_quiz, make_user, auth
):
    quiz = make_quiz(bank=bank, question_count=3, fact_kinds=["figure"], title="Heights",
                     question_types=["numeric"])  # each figure asked on its own, so all three
    learner = make_user(role="student")
    with app.app_context():
        attempt_id = attempts.start_attempt(learner.id, quiz.id)
        attempts.save_response(learner.id, attempt_id, 1, "36", 0)
        attempts.finish_attempt(learner.id, attempt_id)
        frozen = [
            aq.question
            for aq in db.session.scalars(
                select(AttemptQuestion)
                .where(AttemptQuestion.attempt_id == attempt_id)
                .order_by(AttemptQuestion.position)
            )
        ]
    assert any("north-height" in q["fact_ids"] for q in frozen)
    student = app.test_client()
    auth.login(learner.username, learner.password, client=student)
    review_before = student.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)

    data = {
        "relation": "height",
        "subject": "north-head",
        "number": "41",
        "unit": "m",
        "counts": "tower height",
        "source": "survey",
        "sentence": "The North Head tower is 36 metres tall.",
    }
    assert client.post(f"/banks/{bank.id}/facts/north-height/edit", data=data).status_code == 302
    number, content = _current(app, bank.id)
    assert number == 2 and _fact(content, "north-height")["value"]["number"] == 41

    review_after = student.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    with app.app_context():
        still = [
            aq.question
            for aq in db.session.scalars(
                select(AttemptQuestion)
                .where(AttemptQuestion.attempt_id == attempt_id)
                .order_by(AttemptQuestion.position)
            )
        ]
    assert still == frozen
    for q in frozen:
        question = Question.from_dict(q)
        assert html.escape(question.stem, quote=True) in review_after
        assert html.escape(describe_answer(question), quote=True) in review_after
    assert "41 m" not in review_after
    assert review_after.count("36 m") == review_before.count("36 m") > 0


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400", "1e999999"])
def test_non_finite_or_huge_numbers_are_refused_on_the_form(app, client, bank, number):
    data = {
        "relation": "height",
        "subject": "east-point",
        "number": number,
        "unit": "m",
        "source": "survey",
        "sentence": "East Point stands about 18.5 metres.",
    }
    response = client.post(f"/banks/{bank.id}/facts/east-height/edit", data=data)
    assert response.status_code in (200, 422)
    assert "A finite number of at most 15 digits." in response.get_data(as_text=True)
    version, _ = _current(app, bank.id)
    assert version == 1, "nothing was stored"


@pytest.mark.parametrize(
    ("path", "data"),
    [("entities/new", {"name": "Harbour\x00Town", "type": "place"}),
     ("facts/new", {**NEW_DATE_FACT, "sentence": "Portby harbour was\x00 rebuilt."})],
    ids=["entity", "fact"],
)  # fmt: skip
def test_a_nul_character_on_a_form_is_refused_not_a_500(app, client, bank, path, data):
    """No database stores NUL (PostgreSQL refuses it): the form says so, nothing is stored."""
    before = counts(app)
    response = client.post(f"/banks/{bank.id}/{path}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "U+0000" in page
    assert counts(app) == before
