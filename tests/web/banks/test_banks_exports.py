"""Every export is a download on the bank page; each file reads back as what was exported."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from sqlalchemy import select

from quizapp.engine.bank import bank_to_dict
from quizapp.engine.importers import parse_csv, parse_gift, parse_moodle_xml, parse_upload
from quizapp.extensions import db
from quizapp.models.bank import Bank
from tests.web.bank_samples import SAMPLE_CSV, SAMPLE_GIFT, upload

MOODLE = Path(__file__).parents[2] / "engine" / "fixtures" / "moodle" / "bank_export.xml"


def _bank_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Bank.id))


def test_the_bank_page_names_every_download_plainly(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_GIFT, "questions.gift")
    page = client.get(f"/banks/{_bank_id(app)}").get_data(as_text=True)
    names = ("Bank file (YAML)", "Spreadsheet of the facts (CSV)", "Moodle XML",
             "Moodle GIFT text", "Anki deck (.apkg)", "with 25 generated questions")  # fmt: skip
    for name in names:
        assert name in page
    for fmt in ("yaml", "csv", "gift", "moodle-xml", "apkg"):
        assert f"/export/{fmt}" in page


def test_hand_written_questions_download_as_gift_and_moodle_xml(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_GIFT, "questions.gift")
    bank_id = _bank_id(app)
    expected = parse_upload(SAMPLE_GIFT.encode(), "questions.gift").questions
    gift = client.get(f"/banks/{bank_id}/export/gift")
    assert gift.status_code == 200
    assert gift.headers["Content-Disposition"].endswith('.gift.txt"')
    assert list(parse_gift(gift.get_data(as_text=True), filename="g.gift").questions) == list(
        expected
    )
    xml = client.get(f"/banks/{bank_id}/export/moodle-xml")
    assert xml.status_code == 200 and xml.mimetype == "application/xml"
    back = parse_moodle_xml(xml.get_data(as_text=True), filename="m.xml").questions
    assert list(back) == list(expected)


def test_a_moodle_xml_upload_becomes_a_bank_and_goes_back_out(app, client, login_as):
    login_as("instructor")
    response = upload(client, MOODLE.read_text(encoding="utf-8"), "planets.xml")
    assert response.status_code == 302
    bank_id = _bank_id(app)
    xml = client.get(f"/banks/{bank_id}/export/moodle-xml").get_data(as_text=True)
    assert len(parse_moodle_xml(xml, filename="m.xml").questions) == 7


def test_the_csv_download_re_uploads_as_the_same_bank(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_CSV, "lights.csv")
    bank_id = _bank_id(app)
    response = client.get(f"/banks/{bank_id}/export/csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    sheet = response.get_data(as_text=True)
    original = bank_to_dict(parse_upload(SAMPLE_CSV.encode(), "lights.csv"))
    again = bank_to_dict(parse_csv(sheet, filename="lights.csv"))
    assert again["facts"] == original["facts"]
    same = upload(client, sheet, "lights.csv", bank=bank_id)
    assert same.status_code == 302
    page = client.get(same.headers["Location"]).get_data(as_text=True)
    assert "Nothing changed" in page


def test_a_sample_of_generated_questions_downloads_for_a_bank_of_facts(
    app, client, login_as, make_bank
):
    user = login_as("instructor")
    bank = make_bank(owner=user)
    empty = client.get(f"/banks/{bank.id}/export/gift")
    assert empty.status_code == 302
    page = client.get(empty.headers["Location"]).get_data(as_text=True)
    assert "no hand-written questions" in page
    sample = client.get(f"/banks/{bank.id}/export/moodle-xml?sample=25")
    assert sample.status_code == 200
    questions = parse_moodle_xml(sample.get_data(as_text=True), filename="s.xml").questions
    assert 0 < len(questions) <= 25
    assert all(q.category == "Generated" for q in questions.values())


def test_the_anki_download_holds_the_hand_written_questions(app, client, login_as, tmp_path):
    login_as("instructor")
    upload(client, SAMPLE_GIFT, "questions.gift")
    response = client.get(f"/banks/{_bank_id(app)}/export/apkg")
    assert response.status_code == 200
    path = tmp_path / "deck.apkg"
    path.write_bytes(response.data)
    collection = Collection(str(tmp_path / "c.anki2"))
    try:
        collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(path), options=ImportAnkiPackageOptions(merge_notetypes=True)
            )
        )
        count = len(parse_upload(SAMPLE_GIFT.encode(), "questions.gift").questions)
        assert len(collection.find_notes("")) == count
    finally:
        collection.close()


def test_students_cannot_export_and_unknown_formats_are_not_found(app, client, login_as):
    login_as("instructor")
    upload(client, SAMPLE_GIFT, "questions.gift")
    bank_id = _bank_id(app)
    assert client.get(f"/banks/{bank_id}/export/docx").status_code == 404
    client.post("/auth/logout")
    login_as("student")
    assert client.get(f"/banks/{bank_id}/export/csv").status_code in (302, 403)


def test_the_anki_download_with_cloze_cards_holds_them(app, client, login_as, make_bank, tmp_path):
    user = login_as("instructor")
    bank = make_bank(owner=user, slug="iraq-web-cloze")
    page = client.get(f"/banks/{bank.id}").get_data(as_text=True)
    assert "Anki deck with cloze cards (.apkg)" in page
    assert f"/banks/{bank.id}/export/apkg?cloze=1" in page
    response = client.get(f"/banks/{bank.id}/export/apkg?cloze=1")
    assert response.status_code == 200
    assert 'filename="iraq-web-cloze-cloze.apkg"' in response.headers["Content-Disposition"]
    path = tmp_path / "deck.apkg"
    path.write_bytes(response.data)
    collection = Collection(str(tmp_path / "c.anki2"))
    try:
        collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(path), options=ImportAnkiPackageOptions(merge_notetypes=True)
            )
        )
        assert len(collection.find_cards("tag:cloze")) == 221
    finally:
        collection.close()
    plain = client.get(f"/banks/{bank.id}/export/apkg")
    assert plain.status_code == 200 and len(plain.data) < len(response.data)  # off by default
