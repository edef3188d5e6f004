"""Values no bank can hold are refused with their line (and column), in every upload format:
huge numbers and dates, characters no database stores, numbers that read two ways, and lines
counted the way editors count them."""

from __future__ import annotations

import json

import pytest

from quizapp.engine.importers import parse_upload
from quizapp.engine.parsing import BankError, BankIssue

HUGE = "9" * 400
BANK_YAML = """\
bank: {id: b, title: B}
sources: [{id: s, title: S}]
relations:
  - {id: r, kind: figure, value_type: quantity, ask: 'How many at {subject}?',
     statement: '{subject}: {value}'}
  - {id: d, kind: date, value_type: date, ask: 'When {subject}?', statement: '{subject}: {value}'}
entities: [{id: e, name: E, type: base}]
facts:
  - {id: f, relation: r, subject: e, value: {number: NUMBER, unit: troops, as_of: "AS_OF"},
     source: s, sentence: x}
  - {id: g, relation: d, subject: e, value: {date: "DATE"}, source: s, sentence: x}
questions:
  - {id: q, type: numerical, stem: N?, answers: [{value: VALUE, tolerance: TOLERANCE},
     {min: LOW, max: HIGH, weight: 50}]}
"""
GOOD = {"NUMBER": "5", "AS_OF": "2020", "DATE": "2020-03-19", "VALUE": "1", "TOLERANCE": "0",
        "LOW": "1", "HIGH": "2"}  # fmt: skip


def refused(data: bytes | str, filename: str) -> list[BankIssue]:
    """Return the issues of an upload that must be refused."""
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(BankError) as caught:
        parse_upload(raw, filename)
    return list(caught.value.issues)


def yaml_bank(**changes: str) -> str:
    text = BANK_YAML
    for key, value in {**GOOD, **changes}.items():
        text = text.replace(key, value)
    return text


def json_bank(**changes: str) -> str:
    """The same bank as JSON, with the changed values written as raw JSON numbers or texts."""
    from quizapp.engine.bank import load_bank_text

    text = json.dumps(json.loads(json.dumps(_data(load_bank_text(yaml_bank(), filename="b.yaml")))))
    marks = {"NUMBER": '"number": 5', "VALUE": '"value": 1', "HIGH": '"max": 2'}
    for key, value in changes.items():
        old = marks[key]
        text = text.replace(old, old.split(":")[0] + ": " + value, 1)
    return text


def _data(bank: object) -> object:
    from quizapp.engine.bank import bank_to_dict

    return bank_to_dict(bank)  # type: ignore[arg-type]


def test_the_hostile_value_banks_are_valid_without_their_hostile_values() -> None:
    assert parse_upload(yaml_bank().encode(), "b.yaml").facts
    assert parse_upload(json_bank().encode(), "b.json").questions


# --- item 3: huge numbers and dates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "line"),
    [
        ("NUMBER", HUGE, 9),
        ("NUMBER", "-" + HUGE, 9),
        ("NUMBER", "1e300", 9),
        ("VALUE", HUGE, 13),
        ("TOLERANCE", HUGE, 13),
        ("LOW", "-" + HUGE, 14),
        ("HIGH", HUGE, 14),
    ],
)
def test_a_huge_number_in_yaml_is_refused_with_its_line(key: str, value: str, line: int) -> None:
    (issue,) = refused(yaml_bank(**{key: value}), "b.yaml")
    assert issue.line == line and issue.column is not None
    assert "expected a number from -10^15 to 10^15" in issue.message


@pytest.mark.parametrize(
    ("key", "value"),
    [("AS_OF", f"2020-03-{HUGE}"), ("DATE", f"2020-03-{HUGE}"), ("DATE", f"2020-{HUGE}"),
     ("DATE", f"2020-01-{'9' * 20}")],
)  # fmt: skip
def test_a_huge_month_or_day_in_yaml_is_refused_with_its_line(key: str, value: str) -> None:
    issues = refused(yaml_bank(**{key: value}), "b.yaml")
    assert {i.line for i in issues} == {9 if key == "AS_OF" else 11}
    assert all("expected a date as YYYY, YYYY-MM or YYYY-MM-DD" in i.message for i in issues)


@pytest.mark.parametrize("key", ["NUMBER", "VALUE", "HIGH"])
def test_a_huge_number_in_json_is_refused_with_its_line(key: str) -> None:
    (issue,) = refused(json_bank(**{key: HUGE}), "b.json")
    assert issue.line == 1 and issue.column is not None
    assert "expected a number from -10^15 to 10^15" in issue.message


def test_a_huge_date_part_in_json_is_refused() -> None:
    text = json_bank().replace('"2020-03-19"', f'"2020-03-{HUGE}"')
    (issue,) = refused(text, "b.json")
    assert "expected a date" in issue.message


def test_the_largest_number_allowed_imports() -> None:
    bank = parse_upload(yaml_bank(NUMBER=str(10**15), LOW=str(-(10**15))).encode(), "b.yaml")
    assert bank.facts["f"].value.amount == 10**15  # type: ignore[union-attr]


CSV_HEAD = (
    "kind,subject,subject_type,relation_question,statement,value,unit,source_title,sentence\n"
)


@pytest.mark.parametrize("value", ["9" * 30, "1" + ",000" * 6])
def test_a_huge_csv_number_is_refused_with_line_and_column(value: str) -> None:
    row = f'figure,Base,base,How many at {{subject}}?,{{subject}} had {{value}}.,"{value}",m,S,x\n'
    (issue,) = refused(CSV_HEAD + row, "f.csv")
    assert (issue.line, issue.column) == (2, 6)
    assert "expected a number from -10^15 to 10^15" in issue.message


@pytest.mark.parametrize("answer", [f"#{HUGE}", "#1e300", "#1..1e300", "#5:1e300"])
def test_a_huge_gift_number_is_refused_with_its_line(answer: str) -> None:
    (issue,) = refused(f"::ok::Fine?{{T}}\n\n// note\n::Big::How many?{{{answer}}}\n", "q.gift")
    assert issue.line == 4
    assert "expected a finite number" in issue.message or "10^15" in issue.message


# --- item 4: characters no database stores --------------------------------------------------

YAML_TEXT = (
    "bank: {id: b, title: B}\nquestions:\n  - {id: q, type: true_false, stem: STEM, answer: true}\n"
)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (YAML_TEXT.replace("STEM", '"Is it\\0?"'), (3, 37)),
        (YAML_TEXT.replace("STEM", '"Is it\\x00?"'), (3, 37)),
        (YAML_TEXT.replace("STEM", '"ok"').replace("answer:", '"an\\0swer":'), (3, 43)),
        (YAML_TEXT.replace("STEM", "Is\x00it?"), (3, 39)),  # raw: not even YAML allows it
    ],
    ids=["escape", "hex-escape", "key", "raw"],
)
def test_nul_in_yaml_is_refused_with_line_and_column(text: str, where: tuple[int, int]) -> None:
    (issue,) = refused(text, "b.yaml")
    assert (issue.line, issue.column) == where
    assert "U+0000" in issue.message


JSON_TEXT = (
    '{"bank": {"id": "b", "title": "B"},\n "questions": [{"id": "q", "type": "true_false",\n'
    '  "stem": STEM, "answer": true}]}'
)


@pytest.mark.parametrize(
    ("stem", "code"),
    [('"Is it\\u0000?"', "U+0000"), ('"Is it\\ud800?"', "U+D800"), ('"\\udfff"', "U+DFFF")],
)
def test_nul_and_lone_surrogates_in_json_are_refused_with_line_and_column(
    stem: str, code: str
) -> None:
    (issue,) = refused(JSON_TEXT.replace("STEM", stem), "b.json")
    assert (issue.line, issue.column) == (3, 11)
    assert code in issue.message


def test_nul_in_a_json_key_is_refused() -> None:
    (issue,) = refused(
        JSON_TEXT.replace("STEM", '"ok"').replace('"answer"', '"a\\u0000"'), "b.json"
    )
    assert issue.line == 3 and "U+0000" in issue.message


CSV_OK = (
    "kind,subject,subject_type,relation_question,statement,value,source_title,sentence\n"
    "actor,Ann,person,What was {subject}?,{subject} was {value}.,keeper,Survey,Ann kept it.\n"
)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [("Ann kept", "Ann\x00 kept", (2, 8)), ("keeper", '"kee\x00per"', (2, 6)),
     ("source_title", "source\x00title", (1, 7))],
    ids=["cell", "quoted-cell", "header"],
)  # fmt: skip
def test_nul_in_csv_is_refused_with_line_and_column(old: str, new: str, where: tuple) -> None:
    assert parse_upload(CSV_OK.encode(), "f.csv").facts
    issues = refused(CSV_OK.replace(old, new), "f.csv")
    assert (issues[0].line, issues[0].column) == where
    assert "U+0000" in issues[0].message


@pytest.mark.parametrize(
    "text",
    [
        "::ok::Fine?{T}\n\n::Ti\x00tle::Is it?{T}\n",
        "::ok::Fine?{T}\n\n::Title::Is it?{=a\x00 ~b}\n",
    ],
    ids=["title", "answer"],
)
def test_nul_in_gift_is_refused_with_its_line(text: str) -> None:
    (issue,) = refused(text, "q.gift")
    assert issue.line == 3 and issue.column is not None
    assert "U+0000" in issue.message


# --- item 6: lines are counted as editors count them ----------------------------------------

ODD_BREAKS = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("odd", ODD_BREAKS, ids=[f"U+{ord(c):04X}" for c in ODD_BREAKS])
def test_gift_errors_name_the_editor_line_whatever_characters_come_before(odd: str) -> None:
    text = f"::A::Is a{odd}b true?{{T}}\n\n::B::Why{odd}not?{{T}}\n\n::C::Broken{{=a\n"
    (issue,) = refused(text, "q.gift")
    assert issue.line == 5


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_gift_errors_name_the_line_whatever_the_line_ends(newline: str) -> None:
    text = newline.join(["// comment", "::A::One?{T}", "", "::B::Two?", "{=a ~%900%b}", ""])
    (issue,) = refused(text, "q.gift")
    assert issue.line == 5


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"], ids=["U+2028", "U+2029", "U+0085"])
def test_yaml_errors_name_the_editor_line_after_unicode_line_separators(odd: str) -> None:
    text = YAML_TEXT.replace("STEM", f'"Is a{odd}b{odd}true?"') + "  - {id: r, type: nope}\n"
    issues = refused(text, "b.yaml")
    assert {i.line for i in issues} == {4}
    assert all(i.column == 5 or i.column is None or i.column > 4 for i in issues)


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_json_errors_name_the_line_whatever_the_line_ends(newline: str) -> None:
    text = JSON_TEXT.replace("STEM", '"ok"').replace("true}", "tru}").replace("\n", newline)
    (issue,) = refused(text, "b.json")
    assert (issue.line, issue.column) == (3, 27)


@pytest.mark.parametrize("odd", ["\u2028", "\x0c", "\x85"], ids=["U+2028", "FF", "U+0085"])
def test_csv_errors_name_the_editor_line_after_odd_characters(odd: str) -> None:
    text = CSV_OK.replace("Ann kept it.", f"Ann{odd}kept{odd}it.") + CSV_OK.splitlines()[1].replace(
        "actor", "nonsense"
    )
    (issue,) = refused(text, "f.csv")
    assert (issue.line, issue.column) == (3, 1)


# --- item 5: CSV numbers are read by the file's convention, never guessed -------------------


def _figures(delimiter: str, *values: str) -> str:
    head = ["kind", "subject", "subject_type", "relation_question", "statement", "value", "unit",
            "source_title", "sentence"]  # fmt: skip
    rows = [delimiter.join(head)]
    for i, value in enumerate(values):
        cells = ["figure", f"Base {i}", "base", "How many at {subject}?",
                 "{subject} had {value}.", value, "troops", "Survey", f"Sentence {i}."]  # fmt: skip
        rows.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
    return "\n".join(rows) + "\n"


def _amounts(text: str) -> list[float]:
    bank = parse_upload(text.encode(), "f.csv")
    return [fact.value.amount for fact in bank.facts.values()]  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["2.500", "2,500", "1.234", "2.000 troops"])
def test_a_number_that_reads_two_ways_in_a_semicolon_file_is_refused(value: str) -> None:
    (issue,) = refused(_figures(";", value), "f.csv")
    assert (issue.line, issue.column) == (2, 6)
    assert "ambiguous number" in issue.message and "no separator" in issue.message


def test_the_ambiguity_message_says_what_to_write() -> None:
    (issue,) = refused(_figures(";", "1", "2.500"), "f.csv")
    assert issue.line == 3
    assert issue.message == (
        "ambiguous number '2.500': 2500 if '.' separates thousands, 2.5 if it is the decimal "
        "mark, and no other number in this file shows which; write 2500 (no separator) or 2.5"
    )


@pytest.mark.parametrize(
    ("values", "amounts"),
    [
        (["2.500", "3,5"], [2500, 3.5]),  # a decimal comma elsewhere: German thousands
        (["2,500", "1.234.567"], [2.5, 1234567]),
        (["2.500", "2.500,75"], [2500, 2500.75]),
        (["2.500", "0.25"], [2.5, 0.25]),  # a decimal point elsewhere: English
        (["2,500", "1,234,567"], [2500, 1234567]),
        (["2 500", "2500", "about 2,5 million"], [2500, 2500, 2_500_000]),
    ],
)
def test_a_semicolon_file_reads_numbers_by_the_convention_it_shows(
    values: list[str], amounts: list[float]
) -> None:
    assert _amounts(_figures(";", *values)) == amounts


def test_a_file_showing_both_conventions_refuses_only_what_reads_two_ways() -> None:
    issues = refused(_figures(";", "2,5", "0.25", "2.500"), "f.csv")
    assert [(i.line, i.column) for i in issues] == [(4, 6)]
    assert _amounts(_figures(";", "2,5", "0.25")) == [2.5, 0.25]


@pytest.mark.parametrize(
    ("values", "amounts"),
    [(["2,500", "2.5"], [2500, 2.5]), (["2.500"], [2.5]), (["2,5", "2,500"], [2.5, 2.5])],
)
def test_a_comma_file_has_a_decimal_point_unless_it_shows_a_decimal_comma(
    values: list[str], amounts: list[float]
) -> None:
    assert _amounts(_figures(",", *values)) == amounts


def test_a_tab_separated_file_is_read_like_a_semicolon_one() -> None:
    assert _amounts(_figures("\t", "2.500", "3,5")) == [2500, 3.5]
    assert "ambiguous number" in refused(_figures("\t", "2.500"), "f.csv")[0].message


# --- found by the property tests ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [("value_type: quantity", "value_type: []"), ("value_type: date", "value_type: {a: 1}"),
     ("type: numerical", "type: []"), ("type: numerical", "type: {a: 1}")],
)  # fmt: skip
def test_a_list_or_mapping_where_a_name_belongs_is_refused_not_a_crash(old: str, new: str) -> None:
    issues = refused(yaml_bank().replace(old, new, 1), "b.yaml")
    assert any("expected one of" in i.message for i in issues)


def test_data_from_a_form_with_a_nul_is_refused_with_its_path() -> None:
    from quizapp.engine.bank import bank_to_dict, parse_bank_data

    data = bank_to_dict(parse_upload(yaml_bank().encode(), "b.yaml"))
    data["entities"][0]["name"] = "E\x00"
    with pytest.raises(BankError) as caught:
        parse_bank_data(data, filename="form")
    (issue,) = caught.value.issues
    assert issue.path == "entities[0].name" and "U+0000" in issue.message


# --- Moodle XML and Aiken: the same care as the other formats ---------------------------------

XML_NUMERICAL = (
    '<?xml version="1.0"?>\n<quiz>\n<question type="truefalse"><questiontext><text>Fine?</text>'
    '</questiontext><answer fraction="100"><text>true</text></answer></question>\n'
    '<question type="numerical">\n<questiontext><text>How many?</text></questiontext>\n'
    '<answer fraction="FRACTION"><text>VALUE</text><tolerance>TOLERANCE</tolerance></answer>\n'
    "</question>\n</quiz>\n"
)


def xml_numerical(**changes: str) -> str:
    text = XML_NUMERICAL
    for key, value in {"FRACTION": "100", "VALUE": "5", "TOLERANCE": "0", **changes}.items():
        text = text.replace(key, value)
    return text


@pytest.mark.parametrize(
    ("key", "value"),
    [("VALUE", HUGE), ("VALUE", "1e300"), ("VALUE", "1e400"), ("VALUE", "nan"),
     ("TOLERANCE", "1e300"), ("FRACTION", HUGE), ("FRACTION", "inf"), ("VALUE", "1_822"),
     ("VALUE", "١٢")],
)  # fmt: skip
def test_a_huge_or_foreign_number_in_moodle_xml_is_refused_with_its_line(
    key: str, value: str
) -> None:
    assert parse_upload(xml_numerical().encode(), "q.xml").questions
    issues = refused(xml_numerical(**{key: value}), "q.xml")
    assert issues and all(i.line in (5, 6) for i in issues), issues
    assert issues[0].path.startswith("question[2]")


@pytest.mark.parametrize("char", ["\x00", "\x0c", "\ud800"], ids=["NUL", "FF", "surrogate"])
def test_an_unstorable_or_invalid_character_in_moodle_xml_is_refused_with_its_line(
    char: str,
) -> None:
    text = xml_numerical().replace("How many?", f"How{char} many?")
    issues = refused(text.encode("utf-8", "surrogatepass"), "q.xml")
    assert len(issues) == 1
    assert issues[0].line in (5, None) or "UTF-8" in issues[0].message


@pytest.mark.parametrize("odd", ["\u2028", "\x85"], ids=["U+2028", "U+0085"])
def test_moodle_xml_errors_name_the_editor_line_after_odd_characters(odd: str) -> None:
    text = xml_numerical(FRACTION="lots").replace("Fine?", f"Fi{odd}ne{odd}?")
    (issue,) = refused(text, "q.xml")
    assert issue.line == 6


AIKEN_OK = "Fine?\nA. yes\nB. no\nANSWER: A\n\nBroken?\nA. yes\nB. no\nANSWER: C\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("odd", ["", "\u2028", "\x0c", "\x85"], ids=["plain", "LS", "FF", "NEL"])
def test_aiken_errors_name_the_editor_line(newline: str, odd: str) -> None:
    text = AIKEN_OK.replace("Fine?", f"Fi{odd}ne?").replace("\n", newline)
    (issue,) = refused(text, "q.aiken")
    assert issue.line == 9


def test_nul_in_aiken_is_refused_with_line_and_column() -> None:
    (issue,) = refused(AIKEN_OK.replace("B. no", "B. n\x00o", 1), "q.aiken")
    assert (issue.line, issue.column) == (3, 5)
    assert "U+0000" in issue.message
