"""CSV and GIFT through the web: round trips, errors with their lines, adding to a bank,
and the downloadable CSV templates."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from quizapp.engine.bank import FACT_KINDS, bank_to_dict, load_bank_text
from quizapp.engine.importers import parse_upload
from quizapp.extensions import db
from quizapp.models.bank import Bank, BankVersion
from quizapp.services.banks import current_version
from tests.web.bank_samples import SAMPLE_CSV, SAMPLE_GIFT, SAMPLE_YAML, counts, upload


def _only_bank(app):
    with app.app_context():
        bank = db.session.scalar(select(Bank))
        version = current_version(bank.id)
        return bank.id, version.number, version.source_format


def _download(client, bank_id, number):
    response = client.get(f"/banks/{bank_id}/versions/{number}.yaml")
    assert response.status_code == 200
    return bank_to_dict(load_bank_text(response.get_data(as_text=True), filename="d.yaml"))


def test_csv_round_trip_through_the_web(app, client, login_as):
    login_as("instructor")
    response = upload(client, SAMPLE_CSV, "lights.csv")
    assert response.status_code == 302
    bank_id, number, fmt = _only_bank(app)
    assert fmt == "csv"
    expected = bank_to_dict(parse_upload(SAMPLE_CSV.encode(), "lights.csv"))
    downloaded = _download(client, bank_id, number)
    assert downloaded["facts"] == expected["facts"]
    assert len(downloaded["facts"]) == 9
    assert downloaded["bank"]["title"] == "Lights from a spreadsheet"


def test_csv_error_is_reported_with_its_line_and_column(app, client, login_as):
    login_as("instructor")
    bad = SAMPLE_CSV.replace("1867-09", "1867-13")
    response = upload(client, bad, "lights.csv")
    page = response.get_data(as_text=True)
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "1867-13" in text)
    assert response.status_code == 422
    assert f"Line {line}, column 9" in page
    assert "expected a date" in page
    assert counts(app)["Bank"] == 0


def test_csv_into_an_existing_bank_adds_facts_and_resolves_names(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_YAML, "lights.yaml")
    bank_id, _, _ = _only_bank(app)
    row = (
        "skerry_height,figure,height,Skerry light,,,,,21,,,m,tower height,"
        "Coastal survey 1990,Skerry is 21 metres tall.\n"
    )
    header = SAMPLE_CSV.splitlines()[2] + "\n"
    response = upload(client, header + row, "more.csv", bank=bank_id)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    _, number, fmt = _only_bank(app)
    assert (number, fmt) == (2, "csv")
    facts = {f["id"]: f for f in _download(client, bank_id, 2)["facts"]}
    assert len(facts) == 17
    assert facts["skerry_height"]["subject"] == "skerry"  # the existing entity, by its name
    assert facts["skerry_height"]["source"] == "survey"


def test_gift_round_trip_through_the_web(app, client, login_as):
    login_as("instructor")
    response = upload(client, SAMPLE_GIFT, "lights.gift")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    bank_id, number, fmt = _only_bank(app)
    assert fmt == "gift"
    expected = bank_to_dict(parse_upload(SAMPLE_GIFT.encode(), "lights.gift"))
    assert _download(client, bank_id, number)["questions"] == expected["questions"]
    detail = client.get(f"/banks/{bank_id}").get_data(as_text=True)
    assert "Hand-written questions</th><td>6</td>" in detail


def test_gift_preview_shows_hand_written_questions_with_answers(app, client, login_as):
    login_as("instructor")
    page = upload(client, SAMPLE_GIFT, "lights.gift", preview=True).get_data(as_text=True)
    assert "<h2>Hand-written questions</h2>" in page
    assert "Which sign means = in GIFT: a {brace}?" in page  # escapes undone
    assert "Answer:</strong> equals" in page
    assert counts(app)["Bank"] == 0


def test_malformed_gift_is_reported_with_its_line(app, client, login_as):
    login_as("instructor")
    bad = SAMPLE_GIFT.replace("{#36:1}", "{#36:x}")
    response = upload(client, bad, "lights.gift")
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "36:x" in text)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Line {line}" in page and "expected a tolerance" in page
    assert counts(app)["Bank"] == 0


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_csv_templates_download_and_upload_cleanly(app, client, login_as, kind):
    login_as("instructor")
    response = client.get(f"/banks/templates/{kind}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="bank-{kind}.csv"'
    form = {"file": (io.BytesIO(response.data), f"{kind}.csv"), "preview": "1"}
    checked = client.post("/banks/upload", data=form, content_type="multipart/form-data")
    assert checked.status_code == 200, checked.get_data(as_text=True)[:3000]
    assert "is valid" in checked.get_data(as_text=True)


def test_unknown_template_is_404(client, login_as):
    login_as("instructor")
    assert client.get("/banks/templates/nothing.csv").status_code == 404


def test_version_list_names_each_format(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_YAML, "lights.yaml")
    bank_id, _, _ = _only_bank(app)
    header = SAMPLE_CSV.splitlines()[2] + "\n"
    response = upload(
        client,
        header + "wick_lit,date,first_lit,Wick light,lighthouse,,,,1901,,,,,"
        "Coastal survey 1990,Wick was lit in 1901.\n",
        "more.csv",
        bank=bank_id,
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        formats = db.session.scalars(
            select(BankVersion.source_format).order_by(BankVersion.number)
        ).all()
    assert formats == ["yaml", "csv"]


def test_editing_a_gift_bank_keeps_its_hand_written_questions(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_GIFT, "lights.gift")
    bank_id, _, _ = _only_bank(app)
    response = client.post(
        f"/banks/{bank_id}/entities/new", data={"name": "North Head", "type": "lighthouse"}
    )
    assert response.status_code == 302
    downloaded = _download(client, bank_id, 2)
    assert len(downloaded["questions"]) == 6
    assert downloaded["entities"] == [
        {"id": "north-head", "name": "North Head", "type": "lighthouse"}
    ]
