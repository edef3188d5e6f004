"""The bank loader: valid banks become the right dataclasses; every bad bank says where and why."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from quizapp.engine.bank import (
    Bank,
    DateValue,
    EntityRef,
    Quantity,
    bank_to_dict,
    dump_bank_yaml,
    load_bank,
    load_bank_text,
    parse_bank_data,
)
from quizapp.engine.parsing import BankError, BankIssue

FIXTURES = Path(__file__).parents[1] / "fixtures"
VALID_PATH = FIXTURES / "valid_bank.yaml"
VALID = VALID_PATH.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """Return the 1-based line of the only occurrence of `needle` in `text`."""
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def edited(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def errors_of(text: str | bytes, filename: str = "bank.yaml", **kwargs: object) -> list[BankIssue]:
    with pytest.raises(BankError) as caught:
        load_bank_text(text, filename=filename, base_dir=FIXTURES, **kwargs)  # type: ignore[arg-type]
    return list(caught.value.issues)


def only_error(text: str | bytes, filename: str = "bank.yaml", **kwargs: object) -> BankIssue:
    issues = errors_of(text, filename, **kwargs)
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


# ---- valid banks ---------------------------------------------------------------------------------


def test_valid_bank_loads_into_dataclasses() -> None:
    bank = load_bank(VALID_PATH)
    assert bank.info.id == "northport-harbour"
    assert bank.info.subject == "Local history"
    assert "Harbour Report" in (bank.sources["report"].text or "")
    assert bank.sources["report"].file == "sources/harbour_report.txt"
    assert bank.sources["paper"].text is None
    harbour = bank.entities["harbour"]
    assert harbour.aliases == ("old harbour", "the harbour")
    assert dict(harbour.attributes) == {"city": "Northport", "built": "1880"}
    assert bank.relations["mayor_of"].entity_type == "place"

    handover = bank.facts["harbour_handover"]
    assert handover.kind == "date"
    assert handover.values == (DateValue(2019, 5, 14), DateValue(2019, 5))
    assert handover.contested
    assert [c.source_id for c in handover.claims] == ["report", "paper"]
    assert handover.note == "The newspaper gives only the month."

    workers = bank.facts["harbour_workers"].value
    assert workers == Quantity(1200, "workers", "harbour workers", DateValue(2019, 3), "about")
    # A folded YAML block becomes one line: the sentence is stored as the reader sees it.
    assert bank.facts["harbour_workers"].claims[0].sentence.endswith("report said.")
    assert bank.facts["ruiz_mayor"].value == EntityRef("northport")
    assert bank.facts["ruiz_mayor"].ask == "Which city did Ana Ruiz lead as mayor?"
    assert bank.facts["ruiz_quote"].kind == "quote"
    assert bank.facts["ruiz_quote"].value == "The harbour belongs to the people now."
    assert bank.is_true("harbour", "handed_over_on", DateValue(2019, 5))


def _same_bank(a: Bank, b: Bank) -> None:
    assert a.info == b.info
    assert a.facts == b.facts
    assert a.entities == b.entities
    assert a.relations == b.relations
    assert a.sources == b.sources


def test_round_trip_through_yaml_dump_gives_the_same_bank() -> None:
    bank = load_bank(VALID_PATH)
    dumped = dump_bank_yaml(bank)
    assert "Harbour Report\n\nThe old harbour" not in dumped  # source texts stay out of the dump
    again = load_bank_text(dumped, filename="download.yaml", base_dir=FIXTURES)
    _same_bank(bank, again)
    assert bank_to_dict(again) == bank_to_dict(bank)


def test_round_trip_keeps_texts_that_look_like_other_yaml_types() -> None:
    data = bank_to_dict(load_bank(VALID_PATH))
    tricky = ["1e5", "no", "2020", "null", "yes: no", "#hash", "-", "3:30", "0x1F", "'quoted'"]
    for i, text in enumerate(tricky):
        data["facts"].append(
            {
                "id": f"q{i}",
                "relation": "said",
                "subject": "ruiz",
                "value": {"text": text},
                "source": "paper",
                "sentence": text,
            }
        )
    bank = parse_bank_data(data, filename="tricky.yaml")
    again = load_bank_text(dump_bank_yaml(bank), filename="tricky.yaml")
    assert [again.facts[f"q{i}"].value for i in range(len(tricky))] == tricky
    assert again.facts == bank.facts


def test_json_bank_is_accepted_even_when_indented_with_tabs(tmp_path: Path) -> None:
    bank = load_bank(VALID_PATH)
    text = json.dumps(bank_to_dict(bank), indent="\t", ensure_ascii=False)
    assert "\n\t" in text
    from_text = load_bank_text(text, filename="upload.json", base_dir=FIXTURES)
    _same_bank(bank, from_text)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "harbour_report.txt").write_text(
        bank.sources["report"].text or "", encoding="utf-8"
    )
    (tmp_path / "bank.json").write_text(text, encoding="utf-8")
    _same_bank(bank, load_bank(tmp_path / "bank.json"))


def test_upload_without_files_skips_the_sentence_check_and_keeps_no_text() -> None:
    bank = load_bank_text(VALID, filename="upload.yaml")
    assert bank.sources["report"].text is None
    assert bank.sources["report"].file == "sources/harbour_report.txt"


def test_upload_with_source_texts_checks_sentences_against_them() -> None:
    texts = {"report": "Nothing about harbours here."}
    issues = errors_of(VALID, source_texts=texts)
    assert len(issues) == 4  # the four sentences citing 'report'
    assert all("sentence not found in source 'report'" in i.message for i in issues)


# ---- one test per kind of error ----------------------------------------------------------------


def test_bad_yaml_syntax_names_the_line() -> None:
    text = edited("    title: Harbour Report\n", '    title: "Harbour Report\n')
    issue = only_error(text)
    assert issue.message.startswith("invalid YAML")
    assert issue.line is not None and issue.line >= line_of(text, '"Harbour Report')
    assert str(issue).startswith(f"bank.yaml:{issue.line}:")


def test_tab_indentation_is_explained() -> None:
    text = edited("    origin: City council\n", "\torigin: City council\n")
    issue = only_error(text)
    assert issue.line == line_of(text, "\torigin")
    assert "spaces, not tabs" in issue.message


def test_unknown_field_names_its_line_and_suggests_the_right_one() -> None:
    text = edited("    note: The newspaper", "    note_: The newspaper")
    issue = only_error(text)
    assert issue.line == line_of(text, "note_:")
    assert issue.path == "facts[0].note_"
    assert "unknown field 'note_'" in issue.message and "did you mean 'note'" in issue.message


def test_missing_field_names_the_record_and_what_was_expected() -> None:
    text = edited("    title: Northport Daily\n", "")
    issue = only_error(text)
    assert issue.line == line_of(text, "- id: paper")
    assert issue.message.startswith("missing field 'title'; expected a source with id and title")


def test_wrong_type_says_what_was_expected() -> None:
    text = edited("    aliases: [Ruiz]", "    aliases: Ruiz")
    issue = only_error(text)
    assert issue.line == line_of(text, "aliases: Ruiz")
    assert issue.message == "expected a list of alternative names, got 'Ruiz'"


def test_bad_id_pattern_is_reported() -> None:
    text = edited("  - id: northport\n", "  - id: North Port\n")
    issues = errors_of(text)
    first = issues[0]
    assert first.line == line_of(text, "id: North Port")
    assert "lowercase letters" in first.message
    # The fact that points at 'northport' now points at an unknown entity: reported too.
    assert any("unknown entity 'northport'" in i.message for i in issues)


def test_unknown_reference_names_the_line_and_a_close_match() -> None:
    text = edited("    subject: ruiz\n    value: {entity: northport}", "    subject: ruis\n"
                  "    value: {entity: northport}")  # fmt: skip
    issue = only_error(text)
    assert issue.line == line_of(text, "subject: ruis")
    assert issue.path == "facts[2].subject"
    assert "unknown entity 'ruis' (did you mean 'ruiz'?)" in issue.message


def test_unknown_source_in_disputed_by() -> None:
    text = edited("        source: paper\n", "        source: gazette\n")
    issue = only_error(text)
    assert issue.line == line_of(text, "source: gazette")
    assert issue.path == "facts[0].disputed_by[0].source"


def test_duplicate_id_names_the_second_line() -> None:
    text = edited("  - id: northport\n", "  - id: ruiz\n")
    issues = errors_of(text)
    duplicate = next(i for i in issues if "duplicate id" in i.message)
    assert duplicate.line == line_of(text, "  - id: ruiz\n    name: Northport")
    assert duplicate.message == "duplicate id 'ruiz': entities[1] already uses it"


def test_impossible_date_is_refused_with_its_line() -> None:
    text = edited("{date: 2019-05-14}", "{date: 2019-02-30}")
    issue = only_error(text)
    assert issue.line == line_of(text, "2019-02-30")
    assert issue.path == "facts[0].value.date"
    assert "expected a real calendar date, got '2019-02-30'" in issue.message


def test_malformed_date_is_refused_by_the_schema() -> None:
    text = edited("as_of: 2019-03,", "as_of: March 2019,")
    issue = only_error(text)
    assert issue.line == line_of(text, "as_of: March 2019")
    assert "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'March 2019'" in issue.message


def test_value_of_the_wrong_type_for_its_relation() -> None:
    text = edited("{date: 2019-05-14}", '{text: "in May"}')
    issue = only_error(text)
    assert issue.line == line_of(text, '{text: "in May"}')
    assert "expected a date value {date: ...}" in issue.message
    assert "got a text value" in issue.message


def test_value_with_two_kinds_is_refused() -> None:
    text = edited("{entity: northport}", "{entity: northport, text: Northport}")
    issue = only_error(text)
    assert issue.line == line_of(text, "{entity: northport, text")
    assert "exactly one of 'date', 'number', 'entity' or 'text'" in issue.message


def test_quantity_without_unit() -> None:
    text = edited("{number: 1200, unit: workers, ", "{number: 1200, ")
    issue = only_error(text)
    assert issue.line == line_of(text, "{number: 1200")
    assert issue.message.startswith("missing field 'unit'")


def test_entity_of_the_wrong_type() -> None:
    text = edited("{entity: northport}", "{entity: harbour}")
    issue = only_error(text)
    assert issue.line == line_of(text, "{entity: harbour}")
    assert "expected an entity of type place" in issue.message


def test_bad_template_placeholder() -> None:
    text = edited("How many workers were employed at {subject}?", "How many {unit} at {subject}?")
    issue = only_error(text)
    assert issue.line == line_of(text, "{unit}")
    assert issue.path == "relations[1].ask"
    assert "only {subject} and {value}" in issue.message and "{unit}" in issue.message


def test_ask_reverse_must_ask_with_the_value() -> None:
    text = edited("Who was the mayor of {value}?", "Who was the mayor?")
    issue = only_error(text)
    assert issue.line == line_of(text, "Who was the mayor?")
    assert "contain {value}" in issue.message


def test_ask_that_gives_the_answer_away_is_refused() -> None:
    text = edited("Which city did Ana Ruiz lead as mayor?", "Did {subject} lead {value}?")
    issue = only_error(text)
    assert issue.line == line_of(text, "Did {subject} lead {value}?")
    assert "give its answer away" in issue.message


def test_disputed_value_must_differ() -> None:
    text = edited("{date: 2019-05}", "{date: 2019-05-14}")
    issue = only_error(text)
    assert issue.line == line_of(text, "      - value: {date: 2019-05-14}")
    assert "differs from the fact's own value" in issue.message


def test_sentence_not_found_in_source_text() -> None:
    text = edited("handed over to the city council on 14 May 2019.",
                  "handed over to the city on 14 May 2019.")  # fmt: skip
    issue = only_error(text)
    assert issue.line == line_of(text, "handed over to the city on")
    assert issue.path == "facts[0].sentence"
    assert issue.message.startswith(
        "sentence not found in source 'report' (file sources/harbour_report.txt)"
    )


def test_missing_source_file_is_reported_at_its_line() -> None:
    text = edited("file: sources/harbour_report.txt", "file: sources/missing.txt")
    issue = only_error(text)
    assert issue.line == line_of(text, "sources/missing.txt")
    assert "cannot read source file 'sources/missing.txt'" in issue.message


def test_upload_cannot_read_files_outside_its_folder() -> None:
    text = edited("file: sources/harbour_report.txt", "file: ../../../../../../etc/passwd")
    issue = only_error(text)
    assert issue.path == "sources[0].file"
    assert "inside the bank's folder" in issue.message


def test_all_errors_are_reported_at_once_in_file_order() -> None:
    text = VALID.replace("{date: 2019-05-14}", "{date: 2019-13-01}")
    text = text.replace(
        "    subject: ruiz\n    value: {entity", "    subject: nobody\n    value: {entity"
    )
    text = text.replace("{subject} said: {value}", "{speaker} said: {value}")
    issues = errors_of(text)
    assert len(issues) == 3, [str(i) for i in issues]
    assert [i.line for i in issues] == [
        line_of(text, "{speaker} said"),
        line_of(text, "2019-13-01"),
        line_of(text, "subject: nobody"),
    ]
    rendered = str(BankError(issues)).splitlines()
    assert rendered[1].startswith(f"bank.yaml:{line_of(text, '2019-13-01')}:")
    assert len(rendered) == 3


def test_json_syntax_error_names_the_line() -> None:
    text = json.dumps(bank_to_dict(load_bank(VALID_PATH)), indent=2)
    text = text.replace('"Harbour Report"', '"Harbour Report",', 1)
    issue = only_error(text, filename="bank.json")
    assert issue.line == line_of(text, '"Harbour Report",')
    assert issue.message.startswith("invalid JSON: expected a key in double quotes")


def test_json_schema_errors_name_the_line() -> None:
    text = json.dumps(bank_to_dict(load_bank(VALID_PATH)), indent=2)
    text = text.replace('"date": "2019-05-14"', '"date": "2019-02-30"')
    issue = only_error(text, filename="bank.json")
    assert issue.line == line_of(text, "2019-02-30")


# ---- hostile input -------------------------------------------------------------------------------

ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


def test_alias_bomb_fails_fast_with_little_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        issue = only_error(ALIAS_BOMB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "anchors and aliases" in issue.message and issue.line == 1
    assert peak < 5_000_000
    assert time.perf_counter() - started < 5  # generous: it stops at the first anchor


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"bank: !!python/object/apply:os.system ['touch {marker}']\n"
    issue = only_error(text)
    assert "tag !!python/object/apply:os.system is not allowed" in issue.message
    assert issue.line == 1
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "filename"),
    [("x: " + "[" * 40 + "]" * 40 + "\n", "deep.yaml"), ("[" * 40 + "]" * 40, "deep.json")],
)
def test_deep_nesting_is_refused(text: str, filename: str) -> None:
    issue = only_error(text, filename)
    assert "at most 32 levels of nesting" in issue.message
    assert issue.line == 1


def test_oversize_input_is_refused_before_parsing() -> None:
    big = b"# " + b"x" * 5_000_000 + b"\n"
    issue = only_error(big)
    assert issue.line is None
    assert "expected at most 5,000,000" in issue.message
    assert "expected at most 1,000" in only_error(VALID, max_bytes=1000).message


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 6_000_000)
    with pytest.raises(BankError, match="expected at most 5,000,000"):
        load_bank(path)


def test_non_utf8_bytes_name_the_offset_and_line() -> None:
    data = VALID.encode("utf-8").replace(b"Local history", b"Local hist\xf6ry")
    issue = only_error(data)
    offset = data.index(b"\xf6")
    assert issue.line == line_of(VALID, "Local history")
    assert f"byte 0xf6 at offset {offset} is not valid UTF-8" in issue.message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "just text",
        "- a list\n",
        "bank: [1, 2]\nsources: x\nrelations: {}\nentities: 3\nfacts: null\n",
        "facts:\n  - 12\n  - [1]\n  - {id: x, value: {date: [1]}}\n",
        "a: 1\na: 2\n",
        "---\na: 1\n---\nb: 2\n",
        "a: \x07\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!int twelve\n",
        "? [complex]\n: key\n",
    ],
)
def test_garbage_always_gives_a_bank_error(text: str) -> None:
    assert errors_of(text)


def test_unknown_file_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bank.txt"
    path.write_text(VALID, encoding="utf-8")
    with pytest.raises(BankError, match=r"expected a \.yaml, \.yml or \.json bank file"):
        load_bank(path)
