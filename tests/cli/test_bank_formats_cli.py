"""`flask bank validate|import|preview|export` in every format, as an instructor runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from sqlalchemy import select

from quizapp.engine.bank import bank_to_dict, load_bank
from quizapp.engine.importers import parse_csv, parse_gift, parse_moodle_xml
from quizapp.extensions import db
from quizapp.models.bank import Bank, BankVersion

ROOT = Path(__file__).resolve().parents[2]
APOLLO = ROOT / "question_bank" / "apollo_program.yaml"
MOODLE = ROOT / "tests" / "engine" / "fixtures" / "moodle" / "bank_export.xml"
GIFT = "::Sun::The sun is a star.{T}\n\n::Moon::The moon is a star.{F}\n"
AIKEN = "Largest planet?\nA. Mars\nB. Jupiter\nANSWER: B\n"
CSV = (
    "#id,towers\n#title,Towers\n"
    "kind,subject,subject_type,relation,relation_question,statement,value,source_title,sentence,"
    "values\n"
    "date,Tower,landmark,opened,When was {subject} opened?,{subject} opened on {value}.,2020-03-19,"
    "Guide,The Tower opened on 19 March 2020.,one\n"
    "date,Bridge,landmark,opened,,,2001-05-02,Guide,The Bridge opened on 2 May 2001.\n"
    "date,Museum,landmark,opened,,,1987-11-30,Guide,The Museum opened on 30 November 1987.\n"
    "date,Station,landmark,opened,,,1964-07-14,Guide,The Station opened on 14 July 1964.\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    bank = load_bank(APOLLO)
    out = {
        "yaml": APOLLO,
        "json": tmp_path / "apollo.json",
        "csv": tmp_path / "towers.csv",
        "gift": tmp_path / "stars.gift",
        "moodle-xml": tmp_path / "planets.xml",
        "aiken": tmp_path / "planet.aiken",
    }
    out["json"].write_text(json.dumps(bank_to_dict(bank)), encoding="utf-8")
    shutil.copytree(APOLLO.parent / "sources", tmp_path / "sources")  # the texts it names
    out["csv"].write_text(CSV, encoding="utf-8")
    out["gift"].write_text(GIFT, encoding="utf-8")
    out["moodle-xml"].write_bytes(MOODLE.read_bytes())
    out["aiken"].write_text(AIKEN, encoding="utf-8")
    return out


EXPECTED = {
    "yaml": "132 facts",
    "json": "132 facts",
    "csv": "4 facts (date: 4)",
    "gift": "0 facts, 2 hand-written questions",
    "moodle-xml": "0 facts, 7 hand-written questions",
    "aiken": "0 facts, 1 hand-written questions",
}
FORMATS = list(EXPECTED)


@pytest.mark.parametrize("fmt", FORMATS)
def test_validate_reads_every_format(runner, files, fmt):
    result = runner.invoke(args=["bank", "validate", str(files[fmt])])
    assert result.exit_code == 0, result.output
    assert f"valid; {EXPECTED[fmt]}" in result.output


def test_validate_takes_the_format_from_the_option_when_the_extension_does_not_say(
    runner, tmp_path
):
    odd = tmp_path / "planet.quiz"
    odd.write_text(AIKEN, encoding="utf-8")
    unknown = runner.invoke(args=["bank", "validate", str(odd)])
    assert unknown.exit_code != 0 and "give --format" in unknown.output
    told = runner.invoke(args=["bank", "validate", str(odd), "--format", "aiken"])
    assert told.exit_code == 0 and "1 hand-written questions" in told.output
    as_gift = tmp_path / "planet.txt"
    as_gift.write_text(AIKEN, encoding="utf-8")
    forced = runner.invoke(args=["bank", "validate", str(as_gift), "--format", "gift"])
    assert forced.exit_code != 0 and "planet.txt:1" in forced.output


@pytest.mark.parametrize("fmt", ["csv", "gift", "moodle-xml", "aiken"])
def test_validate_names_the_line_of_each_error_in_every_format(runner, tmp_path, fmt):
    bad = {
        "csv": ("bad.csv", CSV.replace("2020-03-19", "someday")),
        "gift": ("bad.gift", "Fine?{T}\n\nWeight?{~%500%a ~b}\n"),
        "moodle-xml": ("bad.xml", '<quiz>\n<question type="essay"/>\n</quiz>\n'),
        "aiken": ("bad.aiken", "Q?\nA. a\nB. b\nANSWER: Z\n"),
    }[fmt]
    path = tmp_path / bad[0]
    path.write_text(bad[1], encoding="utf-8")
    result = runner.invoke(args=["bank", "validate", str(path)])
    assert result.exit_code != 0
    line = {"csv": 4, "gift": 3, "moodle-xml": 2, "aiken": 4}[fmt]
    assert f"{bad[0]}:{line}" in result.output, result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_stores_every_format(app, runner, files, fmt):
    result = runner.invoke(args=["bank", "import", str(files[fmt])])
    assert result.exit_code == 0, result.output
    assert "imported version 1" in result.output
    again = runner.invoke(args=["bank", "import", str(files[fmt])])
    assert "unchanged (version 1)" in again.output
    with app.app_context():
        version = db.session.scalar(select(BankVersion))
        assert version.source_format == fmt


def test_a_gift_file_imported_again_adds_to_its_bank(app, runner, files, tmp_path):
    runner.invoke(args=["bank", "import", str(files["csv"])])
    more = tmp_path / "more.gift"
    more.write_text("::Tall::Is the Tower tall?{T}\n", encoding="utf-8")
    result = runner.invoke(args=["bank", "import", str(more), "--bank", "towers"])
    assert result.exit_code == 0 and "imported version 2, 4 facts" in result.output
    with app.app_context():
        latest = db.session.scalars(select(BankVersion).order_by(BankVersion.number)).all()[-1]
        content = latest.content["bank"]
        assert [q["id"] for q in content["questions"]] == ["tall"]
        assert len(content["facts"]) == 4
    missing = runner.invoke(args=["bank", "import", str(more), "--bank", "nowhere"])
    assert missing.exit_code != 0 and "no bank with id 'nowhere'" in missing.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_preview_asks_questions_from_every_format(runner, files, fmt):
    result = runner.invoke(args=["bank", "preview", str(files[fmt]), "--count", "3"])
    assert result.exit_code == 0, result.output
    assert "1. [" in result.output and "Answer:" in result.output


def _import_apollo_with_questions(runner, tmp_path) -> None:
    runner.invoke(args=["bank", "import", str(APOLLO)])
    questions = tmp_path / "extra.gift"
    questions.write_text(GIFT, encoding="utf-8")
    slug = load_bank(APOLLO).info.id
    result = runner.invoke(args=["bank", "import", str(questions), "--bank", slug])
    assert result.exit_code == 0, result.output


def test_export_writes_every_format_and_each_reads_back(app, runner, tmp_path):
    _import_apollo_with_questions(runner, tmp_path)
    slug = load_bank(APOLLO).info.id
    with app.app_context():
        stored = db.session.scalar(select(Bank))
        assert stored.slug == slug
    outputs = {}
    for fmt in ("yaml", "csv", "gift", "moodle-xml", "apkg"):
        target = tmp_path / f"out.{fmt}"
        result = runner.invoke(args=["bank", "export", slug, "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert f"Wrote {target}" in result.output
        outputs[fmt] = target
    shutil.copytree(APOLLO.parent / "sources", tmp_path / "sources")  # the texts it names
    yaml_bank = load_bank(outputs["yaml"])
    assert len(yaml_bank.facts) == 132 and len(yaml_bank.questions) == 2
    csv_bank = parse_csv(outputs["csv"].read_text(encoding="utf-8"), filename="x.csv")
    assert set(csv_bank.facts) == set(yaml_bank.facts)
    gift = parse_gift(outputs["gift"].read_text(encoding="utf-8"), filename="x.gift")
    assert list(gift.questions) == ["sun", "moon"]
    xml = parse_moodle_xml(outputs["moodle-xml"].read_text(encoding="utf-8"), filename="x.xml")
    assert list(xml.questions) == ["sun", "moon"]
    collection = Collection(str(tmp_path / "c.anki2"))
    try:
        collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(outputs["apkg"]),
                options=ImportAnkiPackageOptions(merge_notetypes=True),
            )
        )
        fronts = [collection.get_note(n).fields[0] for n in collection.find_notes("")]
        assert len(fronts) == 134 and len(set(fronts)) == 134
        assert "The sun is a star." in fronts
    finally:
        collection.close()


def test_export_of_a_sample_of_generated_questions_says_what_it_skipped(app, runner, tmp_path):
    runner.invoke(args=["bank", "import", str(APOLLO)])
    slug = load_bank(APOLLO).info.id
    empty = runner.invoke(args=["bank", "export", slug, "--format", "gift", "-o", "-"])
    assert empty.exit_code != 0 and "no hand-written questions" in empty.output
    result = runner.invoke(
        args=["bank", "export", slug, "--format", "gift", "--sample", "60", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert "// [id:gen_" in result.output
    bank = parse_gift(result.stdout, filename="sample.gift")
    assert 0 < len(bank.questions) <= 60


def test_export_of_an_unknown_bank_is_refused(runner):
    result = runner.invoke(args=["bank", "export", "nowhere", "--format", "csv"])
    assert result.exit_code != 0 and "no bank with id 'nowhere'" in result.output


def test_import_all_imports_the_shipped_banks_once(app, runner):
    first = runner.invoke(args=["bank", "import-all"])
    assert first.exit_code == 0, first.output
    assert first.output.count("imported version 1") == 2
    again = runner.invoke(args=["bank", "import-all"])
    assert again.output.count("unchanged (version 1)") == 2


def test_a_yaml_bank_named_by_format_still_finds_its_source_texts(runner, tmp_path):
    odd = tmp_path / "apollo.bank"
    odd.write_bytes(APOLLO.read_bytes())
    shutil.copytree(APOLLO.parent / "sources", tmp_path / "sources")
    result = runner.invoke(args=["bank", "validate", str(odd), "--format", "yaml"])
    assert result.exit_code == 0 and "valid; 132 facts" in result.output, result.output


def test_export_with_cloze_adds_cloze_cards_to_the_anki_deck(runner, tmp_path):
    target = tmp_path / "apollo.apkg"
    result = runner.invoke(
        args=["bank", "export", str(APOLLO), "--format", "apkg", "--cloze", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "The deck holds 88 cloze cards" in result.output
    collection = Collection(str(tmp_path / "c.anki2"))
    try:
        collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(target), options=ImportAnkiPackageOptions(merge_notetypes=True)
            )
        )
        assert len(collection.find_cards("tag:cloze")) == 88
        assert len(collection.find_notes("")) == 132 + 88
    finally:
        collection.close()
    refused = runner.invoke(args=["bank", "export", str(APOLLO), "--format", "csv", "--cloze"])
    assert refused.exit_code != 0 and "--cloze goes with --format apkg" in refused.output
