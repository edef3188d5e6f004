"""Values no bank can hold are refused with their line (and column), in every upload format:
huge numbers and dates, characters no database stores, numbers that read two ways, and lines
counted the way editors count them."""

from __future__ import annotations

import json

import pytest

from quizapp.engine.errors import BankError, BankIssue
from quizapp.engine.importers import parse_upload

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
    from quizapp.engine.loader import load_bank_text

    text = json.dumps(json.loads(json.dumps(_data(load_bank_text(yaml_bank(), filename="b.yaml")))))
    marks = {"NUMBER": '"number": 5', "VALUE": '"value": 1', "HIGH": '"max": 2'}
    for key, value in changes.items():
        old = marks[key]
        text = text.replace(old, old.split(":")[0] + ": " + value, 1)
    return text


def _data(bank: object) -> object:
    from quizapp.engine.loader import bank_to_dict

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
