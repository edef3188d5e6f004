"""Uploading banks in the browser: store valid files, list every error of invalid ones, preview."""

from __future__ import annotations

import json

import yaml
from sqlalchemy import select

from quizapp.engine.bank import bank_to_dict, load_bank_text
from quizapp.extensions import db
from quizapp.models.bank import Bank, BankVersion
from tests.web.bank_samples import SAMPLE_YAML, counts, sample_yaml, upload


def _bank(app, slug="coast-lights"):
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
        db.session.expunge(bank)
        return bank


def test_valid_upload_is_stored_as_a_draft_owned_by_the_uploader(app, client, login_as):
    teacher = login_as("instructor")
    response = upload(client, SAMPLE_YAML, "lights.yaml")
    bank = _bank(app)
    assert response.status_code == 302
    assert response.location == f"/banks/{bank.id}"
    assert (bank.status, bank.owner_id, bank.title) == (
        "draft",
        teacher.id,
        "Lighthouses of the north coast",
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "Stored version 1 with 16 facts." in page
    # counts per kind on the bank's page: 4 dates, 3 figures, 3 quotes
    assert 'kind=date">4</a>' in page and 'kind=figure">3</a>' in page
    assert 'kind=quote">3</a>' in page
    index = client.get("/banks/").get_data(as_text=True)
    assert "Lighthouses of the north coast" in index and "draft" in index


def test_every_error_is_listed_with_its_line_and_nothing_is_stored(app, client, login_as):
    login_as("instructor")
    bad = (
        SAMPLE_YAML.replace(
            "subject: tom, value: {entity: gull-rock}", "subject: tomm, value: {entity: gull-rock}"
        )
        .replace("{date: 1889}", "{date: 1889-13}")
        .replace(
            "unit: m, counts: tower height}, source: survey,\n     sentence: The Gull",
            "unit: m, counts: tower height}, source: surve,\n     sentence: The Gull",
        )
    )
    before = counts(app)
    response = upload(client, bad, "lights.yaml")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The bank has 3 errors" in page
    assert "Nothing was stored" in page
    lines = bad.splitlines()
    for needle, message in (
        ("tomm", "unknown entity &#39;tomm&#39; (did you mean &#39;tom&#39;?)"),
        ("1889-13", "expected a real calendar date"),
        ("source: surve,", "unknown source &#39;surve&#39;"),
    ):
        line = next(i for i, text in enumerate(lines, 1) if needle in text)
        assert f"Line {line}, column" in page, needle
        assert message in page
    assert counts(app) == before


def test_syntax_error_reports_the_line(app, client, login_as):
    login_as("instructor")
    response = upload(client, "bank:\n  id: x\n  title: [unclosed\nfacts: []\n", "x.yaml")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 4" in page or "Line 3" in page
    assert counts(app)["Bank"] == 0


def test_check_and_preview_stores_nothing_and_shows_answers_and_sources(app, client, login_as):
    login_as("instructor")
    response = upload(client, SAMPLE_YAML, "lights.yaml", preview=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "is valid: 16 facts, 11 entities. Nothing has been stored" in page
    for heading in (
        "Multiple choice",
        "True false",
        "Numeric",
        "Date entry",
        "Ordering",
        "Matching",
        "Who said",
        "Short answer",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert "Answer:</strong>" in page and "Coastal survey 1990" in page
    assert counts(app)["Bank"] == 0


def test_preview_of_an_invalid_file_shows_its_errors(app, client, login_as):
    login_as("instructor")
    response = upload(
        client,
        SAMPLE_YAML.replace("{date: 1889}", "{date: 1889-02-30}"),
        "lights.yaml",
        preview=True,
    )
    assert response.status_code == 422
    assert "expected a real calendar date" in response.get_data(as_text=True)


def test_reupload_makes_a_new_version_and_identical_file_changes_nothing(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_YAML, "lights.yaml")
    same = upload(client, SAMPLE_YAML, "lights.yaml")
    assert "Nothing changed: the file matches version 1." in client.get(same.location).get_data(
        as_text=True
    )
    edited = SAMPLE_YAML.replace("number: 36", "number: 37")
    upload(client, edited, "lights.yaml")
    bank = _bank(app)
    with app.app_context():
        numbers = db.session.scalars(
            select(BankVersion.number).where(BankVersion.bank_id == bank.id)
        ).all()
    assert sorted(numbers) == [1, 2]
    assert counts(app)["Bank"] == 1


def test_upload_into_a_bank_makes_its_next_version_whatever_id_the_file_has(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_YAML, "lights.yaml")
    bank = _bank(app)
    response = upload(client, sample_yaml(slug="other-id"), "lights.yaml", bank=bank.id)
    assert response.location == f"/banks/{bank.id}"
    assert counts(app)["Bank"] == 1
    assert counts(app)["BankVersion"] == 1  # same content: unchanged
    response = upload(
        client, sample_yaml(slug="other-id", title="Lights, revised"), "lights.yaml", bank=bank.id
    )
    assert _bank(app).title == "Lights, revised"
    assert counts(app)["BankVersion"] == 2


def test_someone_elses_bank_id_is_refused_and_nothing_changes(
    app, client, login_as, make_bank, make_user
):
    from tests.web.bank_samples import sample_bank

    other = make_user(role="instructor")
    make_bank(owner=other, bank=sample_bank(), status="draft")
    login_as("instructor")
    before = counts(app)
    response = upload(client, SAMPLE_YAML.replace("number: 36", "number: 99"), "lights.yaml")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "already exists and belongs to someone else" in page
    assert counts(app) == before


def test_unknown_file_type_is_refused(app, client, login_as):
    login_as("instructor")
    response = upload(client, SAMPLE_YAML, "lights.docx")
    assert response.status_code == 422
    expected = "expected a .yaml, .yml, .json, .csv, .gift, .txt, .xml, .aiken file"
    assert expected in response.get_data(as_text=True)
    assert counts(app)["Bank"] == 0


def _facts(text, filename):
    return bank_to_dict(load_bank_text(text, filename=filename))["facts"]


def test_yaml_round_trip_through_the_web(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_YAML, "lights.yaml")
    bank = _bank(app)
    response = client.get(f"/banks/{bank.id}/versions/1.yaml")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="coast-lights-v1.yaml"'
    )
    downloaded = response.get_data(as_text=True)
    assert _facts(downloaded, "d.yaml") == _facts(SAMPLE_YAML, "s.yaml")
    assert yaml.safe_load(downloaded)["bank"]["id"] == "coast-lights"


def test_json_round_trip_through_the_web(app, client, login_as):
    login_as("instructor")
    as_json = json.dumps(bank_to_dict(load_bank_text(SAMPLE_YAML, filename="s.yaml")), indent=1)
    response = upload(client, as_json, "lights.json")
    assert response.status_code == 302
    bank = _bank(app)
    with app.app_context():
        assert (
            db.session.scalar(
                select(BankVersion.source_format).where(BankVersion.bank_id == bank.id)
            )
            == "json"
        )
    downloaded = client.get(f"/banks/{bank.id}/versions/1.yaml").get_data(as_text=True)
    assert _facts(downloaded, "d.yaml") == json.loads(as_json)["facts"]


def test_json_error_reports_line(app, client, login_as):
    login_as("instructor")
    data = bank_to_dict(load_bank_text(SAMPLE_YAML, filename="s.yaml"))
    data["facts"][2]["value"] = {"date": "18890"}
    text = json.dumps(data, indent=1)
    response = upload(client, text, "lights.json")
    page = response.get_data(as_text=True)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"18890"' in t)
    assert response.status_code == 422
    assert f"Line {line}" in page


def test_new_version_keeps_source_texts_and_checks_sentences_against_them(
    app, client, login_as, make_bank
):
    from tests.web.bank_samples import sample_bank_with_text

    teacher = login_as("instructor")
    bank = make_bank(owner=teacher, bank=sample_bank_with_text(), status="draft")
    made_up = SAMPLE_YAML.replace("Tom Hale kept Gull Rock.", "Tom Hale kept Gull Rock for years.")
    response = upload(client, made_up, "lights.yaml", bank=bank.id)
    page = response.get_data(as_text=True)
    line = next(i for i, t in enumerate(made_up.splitlines(), 1) if "for years" in t)
    assert response.status_code == 422
    assert f"Line {line}" in page and "sentence not found in source" in page
    assert counts(app)["BankVersion"] == 1

    response = upload(
        client, SAMPLE_YAML.replace("number: 36", "number: 37"), "lights.yaml", bank=bank.id
    )
    assert response.status_code == 302
    with app.app_context():
        from quizapp.services.banks import current_version

        version = current_version(bank.id)
        assert version.number == 2
        assert "Tom Hale kept Gull Rock." in version.content["source_texts"]["survey"]
