"""Property tests (Hypothesis) of the bank loader and of every upload format.

Whatever the file, importing it gives a whole bank or a BankError whose issues say what is wrong
and where: never another exception, never a bank missing part of what the file holds.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from upload_fuzz import (
    DAMAGES,
    FORMATS,
    FUZZ,
    Upload,
    bank_data,
    damaged_data,
    hostile_text,
    upload_file,
    upload_files,
)

from quizapp.engine.bank import Bank, bank_to_dict, load_bank_text, parse_bank_data
from quizapp.engine.importers import parse_upload
from quizapp.engine.parsing import BankError, editor_lines
from quizapp.engine.quiz import build_quiz


def imported(action: Any) -> Bank | BankError:
    """Run an import; return the bank or the BankError (any other exception escapes)."""
    try:
        return action()
    except BankError as error:
        return error


def assert_clear(error: BankError, text: str | None) -> None:
    """Every issue says what is wrong, and where, within the file."""
    assert error.issues
    lines = len(editor_lines(text)) if text is not None else None
    for issue in error.issues:
        assert issue.message.strip()
        assert issue.line is None or issue.line >= 1
        if lines is not None and issue.line is not None:
            assert issue.line <= lines + 1, (issue, lines)
        assert issue.column is None or issue.column >= 1


def assert_outcome(upload: Upload, result: Bank | BankError) -> None:
    """A valid file imports whole; any file gives a whole bank or a clear error."""
    text = upload.data.decode("utf-8", "replace")
    if isinstance(result, BankError):
        assert not upload.valid, f"a valid file was refused: {result}\n{text[:2000]}"
        assert_clear(result, text)
        return
    if upload.counts is not None:
        assert (len(result.facts), len(result.questions)) == upload.counts, text[:2000]
    assert_storable_and_usable(result)


def assert_storable_and_usable(bank: Bank) -> None:
    """What imports can be stored by any database and makes quizzes."""
    stored = json.dumps(bank_to_dict(bank), ensure_ascii=False)
    stored.encode("utf-8")  # a lone surrogate cannot be encoded
    assert "\x00" not in stored and "\\u0000" not in stored
    for seed in range(3):
        build_quiz(bank, count=8, seed=seed)


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("fmt", FORMATS)
@settings(FUZZ, max_examples=10)
@given(data=st.data())
def test_every_upload_imports_whole_or_is_refused_clearly(fmt: str, how: str, data: Any) -> None:
    upload = data.draw(upload_file(fmt, how))
    assert_outcome(upload, imported(lambda: parse_upload(upload.data, upload.filename)))


@FUZZ
@given(upload_files())
def test_any_upload_imports_whole_or_is_refused_clearly(upload: Upload) -> None:
    assert_outcome(upload, imported(lambda: parse_upload(upload.data, upload.filename)))


@FUZZ
@given(bank_data())
def test_a_valid_bank_loads_whole_in_either_format(data: dict) -> None:
    bank = parse_bank_data(data, filename="fuzz.json")
    assert_storable_and_usable(bank)
    assert set(bank.facts) == {f["id"] for f in data["facts"]}
    assert set(bank.entities) == {e["id"] for e in data["entities"]}
    assert set(bank.questions) == {q["id"] for q in data.get("questions", ())}
    again = load_bank_text(json.dumps(data), filename="fuzz.json")
    assert again.facts == bank.facts and again.questions == bank.questions


@FUZZ
@given(bank_data().flatmap(damaged_data))
def test_the_loader_checks_damaged_data_without_crashing(data: dict) -> None:
    result = imported(lambda: parse_bank_data(data, filename="fuzz.yaml"))
    if isinstance(result, BankError):
        assert_clear(result, None)
    else:
        assert len(result.facts) == len(data["facts"])
        assert_storable_and_usable(result)


KEYS = ["bank", "id", "title", "facts", "relations", "entities", "sources", "questions", "type",
        "value", "value_type", "kind", "relation", "subject", "options", "answers", "weight"]
JSON_LIKE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text(20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), hostile_text(8)), inner, max_size=4),
    ),
    max_leaves=20,
)  # fmt: skip


@FUZZ
@given(JSON_LIKE)
def test_the_loader_takes_any_data_without_crashing(data: Any) -> None:
    result = imported(lambda: parse_bank_data(data, filename="any.json"))
    assert isinstance(result, BankError)  # no bank without a `bank:` record of id and title
    assert_clear(result, None)


@FUZZ
@given(st.sampled_from(["yaml", "json"]), hostile_text(200))
def test_the_loader_reads_any_text_without_crashing(fmt: str, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    result = imported(lambda: load_bank_text(data, filename=f"any.{fmt}", fmt=fmt))  # type: ignore[arg-type]
    if isinstance(result, BankError):
        assert_clear(result, data.decode("utf-8", "replace"))
    else:
        assert_storable_and_usable(result)


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "aiken", "csv"])
@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_what_imports_exports_and_reads_back_the_same(fmt: str, data: Any) -> None:
    from dataclasses import replace

    from quizapp.engine.bank import NumberAnswer
    from quizapp.engine.exporters.csv_facts import dump_csv
    from quizapp.engine.exporters.gift import dump_gift
    from quizapp.engine.exporters.moodle_xml import dump_moodle_xml

    def intervals(q: Any) -> Any:
        answers = tuple(
            a if a.any_value else NumberAnswer(low=a.bounds()[0], high=a.bounds()[1],
                                               weight=a.weight, feedback=a.feedback)
            for a in q.number_answers
        )  # fmt: skip
        return replace(q, number_answers=answers)

    upload = data.draw(upload_file(fmt, "none"))
    bank = parse_upload(upload.data, upload.filename)
    if fmt == "csv":
        again = parse_upload(dump_csv(bank).encode(), upload.filename)
        assert bank_to_dict(again) == bank_to_dict(bank)
        return
    questions = list(bank.questions.values())
    gift = parse_upload(dump_gift(questions).encode(), "again.gift").questions
    assert [replace(q, shuffle=True) for q in gift.values()] == [
        replace(q, shuffle=True) for q in questions
    ]
    xml = parse_upload(dump_moodle_xml(questions).encode(), "again.xml").questions
    assert [intervals(q) for q in xml.values()] == [intervals(q) for q in questions]
