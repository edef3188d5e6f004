"""Exports: GIFT, Moodle XML and CSV written out and read back give the same questions and facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from quizapp.engine.bank import (
    Bank,
    FixedQuestion,
    NumberAnswer,
    bank_to_dict,
    load_bank,
    load_bank_text,
)
from quizapp.engine.exporters.csv_facts import dump_csv
from quizapp.engine.exporters.frozen import frozen_sample
from quizapp.engine.exporters.gift import dump_gift, escape
from quizapp.engine.exporters.moodle_xml import dump_moodle_xml
from quizapp.engine.importers import parse_csv, parse_gift, parse_moodle_xml, parse_upload
from quizapp.engine.questions import grade
from quizapp.engine.quiz import build_quiz

SHIPPED = sorted((Path(__file__).parents[3] / "question_bank").glob("*.yaml"))

QUESTIONS = """\
$CATEGORY: $course$/top/Geography

::Capital:: What is the capital of France? {
  =Paris#Yes
  ~%50%Versailles#close: but no
  ~Lyon
  ####Paris has been the capital since 987.
}

Which are primes? {~%33.3%2 ~%33.3%3 ~%33.4%5 ~%-100%4}

The sun is a star.{T#No, it is.#Right####Stars shine.}

// [id:moon-star]
The moon is a star.{F}

Name a colour of the \\{flag\\} \\= French\\: {=blue =%50%azure#hmm =white}

What is 2+2? {#=4:0 =%50%4:1#close ~#Not even close}

Between 4 and 6? {#4..6}

Match them. {=cat -> meow =dog -> woof = -> moo}

$CATEGORY: $course$/top

A line\\nand another, with a backslash \\\\ here.{T}
"""


def hand_written() -> list[FixedQuestion]:
    return list(parse_gift(QUESTIONS, filename="mixed.gift").questions.values())


def same_numbers(question: FixedQuestion) -> FixedQuestion:
    """Return the question with its numerical answers as the intervals they accept."""
    answers = tuple(
        NumberAnswer(low=a.bounds()[0], high=a.bounds()[1], weight=a.weight, feedback=a.feedback)
        if not a.any_value
        else a
        for a in question.number_answers
    )
    return replace(question, number_answers=answers)


def test_gift_export_then_import_gives_the_same_questions() -> None:
    questions = hand_written()
    again = list(parse_gift(dump_gift(questions), filename="again.gift").questions.values())
    assert again == questions


def test_gift_export_writes_what_moodle_writes() -> None:
    text = dump_gift(hand_written())
    assert "// [id:moon-star]\nThe moon is a star.{FALSE}" in text
    assert "::Capital::What is the capital of France?{\n\t=Paris#Yes\n" in text
    assert "\t~%50%Versailles#close\\: but no\n" in text
    assert "\t####Paris has been the capital since 987.\n}" in text
    assert "{#\n\t=%100%4:0#\n\t=%50%4:1#close\n\t~#Not even close\n}" in text
    assert "{TRUE#No, it is.#Right####Stars shine.}" in text
    assert "$CATEGORY: $course$/top/Geography" in text
    assert "A line\\nand another, with a backslash \\\\ here.{TRUE}" in text
    assert escape("a~b=c#d{e}f:g") == "a\\~b\\=c\\#d\\{e\\}f\\:g"


def test_moodle_xml_export_then_import_gives_the_same_questions() -> None:
    questions = hand_written()
    text = dump_moodle_xml(questions)
    again = list(parse_moodle_xml(text, filename="again.xml").questions.values())
    assert [same_numbers(q) for q in again] == [same_numbers(q) for q in questions]
    assert '<question type="category">' in text and "<idnumber>moon-star</idnumber>" in text


def test_a_shuffle_setting_survives_moodle_xml() -> None:
    question = replace(hand_written()[0], shuffle=False)
    again = parse_moodle_xml(dump_moodle_xml([question]), filename="q.xml").questions
    assert again[question.id].shuffle is False


SOURCED = """\
bank: {id: capitals, title: Capitals}
sources:
  - {id: atlas, title: School atlas}
questions:
  - id: capital-france
    type: multiple_choice
    stem: What is the capital of France?
    shuffle: false
    options:
      - {text: Paris, weight: 100, feedback: Right.}
      - {text: Lyon, feedback: Too far south.}
    source: atlas
    sentence: Paris is the capital of France.
"""


@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_re_uploading_exported_questions_keeps_their_sources(fmt: str) -> None:
    bank = load_bank_text(SOURCED, filename="capitals.yaml")
    questions = list(bank.questions.values())
    text = dump_gift(questions) if fmt == "gift" else dump_moodle_xml(questions)
    again = parse_upload(text.encode(), f"back.{fmt}", base=bank)
    question = again.questions["capital-france"]
    assert (question.source, question.sentence) == ("atlas", "Paris is the capital of France.")
    assert set(again.questions) == set(bank.questions)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_generated_questions_freeze_into_questions_that_grade_alike(path: Path) -> None:
    bank = load_bank(path)
    sample = frozen_sample(bank, count=40, seed=3)
    generated = build_quiz(bank, count=40, seed=3, types=[t for t in _types() if t != "fixed"])
    assert len(sample.questions) + sum(sample.skipped.values()) == len(generated)
    assert set(sample.skipped) <= {"ordering"}
    kinds = {q.kind for q in sample.questions}
    assert {"multiple_choice", "true_false"} <= kinds
    for frozen in sample.questions:
        assert frozen.id not in bank.facts and frozen.category == "Generated"
    # Each format carries them: write, read, same questions.
    gift = parse_gift(dump_gift(sample.questions), filename="g.gift").questions
    assert len(gift) == len(sample.questions)
    xml = parse_moodle_xml(dump_moodle_xml(sample.questions), filename="g.xml").questions
    assert [same_numbers(q) for q in xml.values()] == [
        same_numbers(replace(q, source=None, sentence="")) for q in sample.questions
    ]


def test_a_frozen_question_asks_and_grades_as_the_generated_one() -> None:
    bank = load_bank(SHIPPED[0])
    generated = build_quiz(bank, count=40, seed=3, types=[t for t in _types() if t != "fixed"])
    sample = frozen_sample(bank, count=40, seed=3)
    frozen = iter(sample.questions)
    checked = 0
    for question in generated:
        if question.type == "ordering":
            continue
        fixed = next(frozen)
        assert fixed.stem == question.stem
        if question.type == "true_false":
            assert fixed.answer is question.answer["true"]
        if question.type == "numeric":
            value = float(question.answer["values"][0])
            exact = next(a for a in fixed.number_answers if a.weight == 100)
            assert exact.bounds()[0] <= value <= exact.bounds()[1]
            assert grade(question, str(value)).outcome == "correct"
        if question.type in ("multiple_choice", "who_said"):
            right = {o.label for o in question.options if o.id in question.answer["correct"]}
            assert {c.text for c in fixed.choices if c.weight == 100} == right
        if question.type == "matching":
            assert len([p for p in fixed.pairs if p.left]) == len(question.answer["pairs"])
        checked += 1
    assert checked == len(sample.questions)


def test_a_skipped_type_is_counted_in_the_message() -> None:
    from quizapp.engine.exporters.frozen import FrozenSample

    sample = FrozenSample()
    assert sample.message() == ""
    sample.skipped["ordering"] = 3
    assert sample.message() == (
        "Skipped 3 generated questions this format cannot express (3 ordering)."
    )


def _types() -> list[str]:
    from quizapp.engine.questions import REGISTRY

    return list(REGISTRY)


# ---- CSV ------------------------------------------------------------------------------------


def _effective(bank: Bank) -> dict[str, Any]:
    """Return the bank as data, a fact's templates only where they differ from its relation's."""
    data = bank_to_dict(bank)
    relations = {r["id"]: r for r in data["relations"]}
    for fact in data["facts"]:
        for key in ("ask", "ask_reverse", "statement"):
            if fact.get(key) == relations[fact["relation"]].get(key):
                fact.pop(key, None)
    data["facts"].sort(key=lambda f: f["id"])
    return data


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_csv_export_re_uploaded_to_its_bank_gives_the_same_bank(path: Path) -> None:
    bank = load_bank(path)
    again = parse_csv(dump_csv(bank), filename=f"{path.stem}.csv", base=bank)
    assert _effective(again) == _effective(bank)


CSV_SHEET = """\
#id,sheet-bank
#title,A sheet bank
kind,subject,subject_type,subject_aliases,relation,relation_question,statement,value,value_type,\
value_entity_type,values,closed,unit,approximate,source_title,source_origin,sentence,note,fact_id
date,Tower,landmark,The Tower;Big T,opened,When was {subject} opened?,{subject} opened on {value}.,\
2020-03-19,,,one,yes,,,Guide,A guidebook,The Tower opened on 19 March 2020.,Rebuilt later.,
figure,Tower,,,height,How tall is {subject}?,{subject} is {value} tall.,"2,5",,,,,km,yes,Guide,,\
The Tower is about 2.5 km tall.,,
figure,Bridge,landmark,,height,,,120,,,,,m,,Atlas,,The Bridge is 120 m tall.,,bridge_h
figure,Bridge,landmark,,height,,,125,,,,,m,,Guide,,The Bridge is 125 m tall.,,bridge_h
base,Bridge,,,located_in,Where is {subject}?,{subject} is in {value}.,Paris,entity,city,,,,,Atlas,,\
The Bridge is in Paris.,,
"""


def test_a_sheet_exported_and_imported_as_a_new_bank_is_the_same_bank() -> None:
    bank = parse_csv(CSV_SHEET.replace('"2,5"', "2.5"), filename="sheet.csv")
    text = dump_csv(bank)
    again = parse_csv(text, filename="other-name.csv")
    assert bank_to_dict(again) == bank_to_dict(bank)
    assert text.splitlines()[0] == "#id,sheet-bank"


def test_an_edited_sheet_updates_the_same_facts() -> None:
    bank = parse_csv(CSV_SHEET.replace('"2,5"', "2.5"), filename="sheet.csv")
    text = dump_csv(bank).replace("2020-03-19", "2020-03-20")
    again = parse_csv(text, filename="sheet.csv", base=bank)
    assert set(again.facts) == set(bank.facts)
    changed = [f for f in again.facts if again.facts[f] != bank.facts[f]]
    assert len(changed) == 1 and again.facts[changed[0]].value.iso() == "2020-03-20"
