"""Units of numerical questions: read from Moodle XML and the bank format, graded as Moodle grades
them ("150 cm" is 1.5 m), written back out, and refused clearly when they make no sense."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from upload_fuzz import FUZZ

from quizapp.engine.bank import (
    Bank,
    Grade,
    NumberAnswer,
    Question,
    Unit,
    dump_bank_yaml,
    load_bank_text,
)
from quizapp.engine.cards import card_for_question
from quizapp.engine.exporters.gift import dump_gift
from quizapp.engine.exporters.moodle_xml import dump_moodle_xml
from quizapp.engine.importers import parse_gift, parse_moodle_xml
from quizapp.engine.parsing import BankError, BankIssue
from quizapp.engine.questions import grade
from quizapp.engine.questions.display import describe_answer
from quizapp.engine.questions.types.fixed import make_question

UNITS = """\
    <units>
      <unit>
        <multiplier>1</multiplier>
        <unit_name>m</unit_name>
      </unit>
      <unit>
        <multiplier>100</multiplier>
        <unit_name>cm</unit_name>
      </unit>
      <unit>
        <multiplier>1000</multiplier>
        <unit_name>mm</unit_name>
      </unit>
    </units>
"""


def moodle(units: str = UNITS, grading: str = "1", penalty: str = "0.1000000", show: str = "0",
           left: str = "0", value: str = "1.5", tolerance: str = "0.01") -> str:  # fmt: skip
    """Return a Moodle XML export of one numerical question with units, as Moodle writes it."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
        '  <question type="numerical">\n'
        "    <name><text>Rod</text></name>\n"
        '    <questiontext format="html"><text><![CDATA[<p>How long is the rod?</p>]]></text>'
        "</questiontext>\n"
        "    <idnumber>rod</idnumber>\n"
        '    <answer fraction="100" format="moodle_auto_format">\n'
        f"      <text>{value}</text>\n"
        '      <feedback format="html"><text>Well measured.</text></feedback>\n'
        f"      <tolerance>{tolerance}</tolerance>\n"
        "    </answer>\n"
        f"{units}"
        f"    <unitgradingtype>{grading}</unitgradingtype>\n"
        f"    <unitpenalty>{penalty}</unitpenalty>\n"
        f"    <showunits>{show}</showunits>\n"
        f"    <unitsleft>{left}</unitsleft>\n"
        "  </question>\n</quiz>\n"
    )


def served(bank: Bank, qid: str = "rod") -> Question:
    return make_question(bank, bank.questions[qid], random.Random(1))


def graded(question: Question, response: str) -> Grade:
    return grade(question, response)


def issues(text: str) -> list[BankIssue]:
    with pytest.raises(BankError) as caught:
        parse_moodle_xml(text, filename="units.xml")
    return list(caught.value.issues)


def test_a_moodle_question_with_m_cm_and_mm_imports_every_unit_and_the_grading_rule() -> None:
    rod = parse_moodle_xml(moodle(), filename="units.xml").questions["rod"]
    assert rod.stem == "How long is the rod?"  # the stem stays as written; the page adds the note
    assert rod.units == (Unit("m", 1), Unit("cm", 100), Unit("mm", 1000))
    assert (rod.unit_grading, rod.unit_penalty) == ("required", 0.1)
    assert rod.unit_penalty_of == "response"
    answer = NumberAnswer(value=1.5, tolerance=0.01, feedback="Well measured.")
    assert rod.number_answers == (answer,)


def test_150_cm_and_1_5_m_and_1500_mm_are_all_right_for_1_5_m() -> None:
    rod = served(parse_moodle_xml(moodle(), filename="units.xml"))
    assert rod.stem == "How long is the rod? (write the unit after the number: m, cm or mm)"
    for response in ("150 cm", "1.5 m", "1500 mm", "150cm", "1.5m", "1,500 mm", "1.5e2 cm",
                     "15x10^-1 m"):  # fmt: skip
        result = graded(rod, response)
        assert (result.outcome, result.points) == ("correct", 1.0), response
        assert result.feedback == "Correct. Well measured."


def test_a_missing_unknown_or_wrong_unit_costs_the_penalty_when_units_are_required() -> None:
    rod = served(parse_moodle_xml(moodle(), filename="units.xml"))
    bare = graded(rod, "1.5")
    assert (bare.outcome, bare.points) == ("partial", pytest.approx(0.9))
    assert "The unit is missing: expected m, cm or mm." in bare.feedback
    assert "The answer is 1.5 ± 0.01 m." in bare.feedback
    furlongs = graded(rod, "1.5 furlongs")
    assert furlongs.outcome != "correct" and furlongs.points == pytest.approx(0.9)
    assert "'furlongs' is not one of the units (m, cm or mm)." in furlongs.feedback
    wrong_unit = graded(rod, "1.5 cm")  # the right number in the wrong unit: Moodle's 0.8 case
    assert wrong_unit.points == pytest.approx(0.9)
    assert "The number fits m, not cm." in wrong_unit.feedback
    for response in ("150", "150 m", "15 cm"):  # 150 without a unit is 150 m: wrong
        assert graded(rod, response).points == 0, response
    assert graded(rod, "about a metre").feedback.startswith("That is not a number.")


def test_the_penalty_can_be_a_fraction_of_the_question_grade_and_units_can_go_first() -> None:
    # Moodle's own currency case: "$" before the number, 0.2 off the question's grade.
    currency = moodle(
        units="<units><unit><multiplier>1</multiplier><unit_name>$</unit_name></unit></units>\n",
        grading="2", penalty="0.2", left="1", value="1332", tolerance="0",
    )  # fmt: skip
    bank = parse_moodle_xml(currency, filename="money.xml")
    assert bank.questions["rod"].units_left
    money = served(bank)
    assert money.stem.endswith("(write the unit before the number: $)")
    expected = {"$1332": 1.0, "$ 1332": 1.0, "frog 1332": 0.8, "1332": 0.8, " 1332": 0.8,
                "1332 $": 0.0, "1332 frogs": 0.0, "$1": 0.0}  # fmt: skip
    for response, points in expected.items():
        assert graded(money, response).points == pytest.approx(points), response
    assert "The answer is $ 1332." in graded(money, "1332").feedback


def test_optional_units_convert_a_given_unit_and_read_a_bare_number_in_the_base_unit() -> None:
    rod = served(parse_moodle_xml(moodle(grading="0"), filename="units.xml"))
    assert rod.stem.endswith("(in m, or write another unit after the number: cm or mm)")
    for response in ("150 cm", "1.5", "1.5 m", "1500 mm"):
        assert graded(rod, response).outcome == "correct", response
    assert graded(rod, "150").points == 0
    # As in Moodle (its own test: "3.14 frogs" is right when units are optional), a unit that
    # is not graded costs nothing; the feedback still says what was wrong with it.
    furlongs = graded(rod, "1.5 furlongs")
    assert furlongs.points == 1.0
    assert "'furlongs' is not one of the units (m, cm or mm)" in furlongs.feedback
    assert "units are not graded in this question" in furlongs.feedback


def test_units_not_used_ask_for_the_number_alone_in_the_base_unit() -> None:
    rod = served(parse_moodle_xml(moodle(grading="0", show="3"), filename="units.xml"))
    assert rod.stem == "How long is the rod? (in m)"
    assert graded(rod, "1.5").outcome == "correct"
    typed_unit = graded(rod, "150 cm")
    assert typed_unit.points == 0
    assert typed_unit.feedback.startswith("Type the number only, in m, without a unit.")


def test_moodle_export_then_import_gives_the_same_question() -> None:
    for text in (moodle(), moodle(grading="0"), moodle(grading="0", show="3"),
                 moodle(grading="2", penalty="0.25", left="1")):  # fmt: skip
        first = parse_moodle_xml(text, filename="units.xml").questions["rod"]
        exported = dump_moodle_xml([first])
        assert "<unit_name>cm</unit_name>" in exported
        assert "<multiplier>100</multiplier>" in exported
        again = parse_moodle_xml(exported, filename="again.xml").questions["rod"]
        assert again == first


def test_the_bank_format_writes_and_reads_units_back() -> None:
    bank = parse_moodle_xml(moodle(grading="2", penalty="0.25"), filename="units.xml")
    text = dump_bank_yaml(bank)
    assert "unit_grading: required" in text and "unit_penalty_of: question" in text
    assert load_bank_text(text, filename="again.yaml").questions["rod"] == bank.questions["rod"]


def test_gift_has_no_units_so_its_export_names_the_base_unit_and_nothing_else() -> None:
    bank = parse_moodle_xml(moodle(), filename="units.xml")
    gift = dump_gift(bank.questions.values())
    assert "How long is the rod? (in m)\\{" not in gift  # the brace opens the answers unescaped
    assert "How long is the rod? (in m){#" in gift
    assert "cm" not in gift and "mm" not in gift  # GIFT cannot accept them: it does not say so
    again = parse_gift(gift, filename="units.gift").questions["rod"]
    assert again.stem == "How long is the rod? (in m)"
    assert again.number_answers == bank.questions["rod"].number_answers
    # Exporting the re-imported question again does not name the unit twice.
    assert dump_gift([again]).count("(in m)") == 1


def test_the_flashcard_and_the_review_show_the_answer_with_its_unit() -> None:
    bank = parse_moodle_xml(moodle(), filename="units.xml")
    assert card_for_question(bank, bank.questions["rod"]).back == "1.5 ± 0.01 m"
    assert describe_answer(served(bank)) == "1.5 ± 0.01 m"


def test_questions_without_units_grade_as_before() -> None:
    text = (
        "bank: {id: u, title: U}\nquestions:\n  - id: crowd\n    type: numerical\n"
        "    stem: How many came?\n    answers: [{value: 2500}]\n"
    )
    bank = load_bank_text(text, filename="bank.yaml")
    crowd = served(bank, "crowd")
    assert crowd.stem == "How many came?" and "units" not in crowd.answer
    assert graded(crowd, "2,500").outcome == "correct"
    assert graded(crowd, "2500 people").outcome == "correct"  # read as before: words may follow


@pytest.mark.parametrize(
    ("units", "path", "fragment"),
    [
        ("<unit><multiplier>0</multiplier><unit_name>m</unit_name></unit>",
         "question[1]/units[1]/unit[1]/multiplier[1]", "expected a number above 0, got 0"),
        ("<unit><multiplier>-100</multiplier><unit_name>m</unit_name></unit>",
         "question[1]/units[1]/unit[1]/multiplier[1]", "expected a number above 0, got -100"),
        ("<unit><multiplier>1e400</multiplier><unit_name>m</unit_name></unit>",
         "question[1]/units[1]/unit[1]/multiplier[1]",
         "expected the unit's multiplier (a finite number), got '1e400'"),
        (f"<unit><multiplier>{'7' * 400}</multiplier><unit_name>m</unit_name></unit>",
         "question[1]/units[1]/unit[1]/multiplier[1]",
         "expected the unit's multiplier (a finite number), got a 400-character value"),
        (f"<unit><multiplier>{'7' * 300}</multiplier><unit_name>m</unit_name></unit>",
         "question[1]/units[1]/unit[1]/multiplier[1]",
         "expected a multiplier from 10^-15 to 10^15, got a 300-digit number"),
        ("<unit><multiplier>lots</multiplier><unit_name>m</unit_name></unit>",
         "question[1]/units[1]/unit[1]/multiplier[1]",
         "expected the unit's multiplier (a number), got 'lots'"),
        ("<unit><multiplier>1</multiplier><unit_name>m</unit_name></unit>"
         "<unit><multiplier>100</multiplier><unit_name> m </unit_name></unit>",
         "question[1]/units[1]/unit[2]/unit_name[1]", "duplicate unit 'm': same name as unit 1"),
        ("<unit><multiplier>100</multiplier><unit_name>cm</unit_name></unit>",
         "question[1]/units[1]", "expected a unit of multiplier 1"),
        ("<unit><multiplier>1</multiplier><unit_name></unit_name></unit>",
         "question[1]/units[1]/unit[1]/unit_name[1]", "expected the unit's name"),
        ("<unit><multiplier>1</multiplier><unit_name>5</unit_name></unit>",
         "question[1]/units[1]/unit[1]/unit_name[1]", "expected a unit name, not a number"),
    ],
)  # fmt: skip
def test_hostile_units_are_refused_with_the_element_path_and_line(
    units: str, path: str, fragment: str
) -> None:
    text = moodle(units=f"    <units>\n      {units}\n    </units>\n")
    found = issues(text)
    assert len(found) == 1, found
    (issue,) = found
    assert issue.path == path and fragment in issue.message
    assert issue.line == (12 if path.endswith("/units[1]") else 13)  # <units>, or the <unit>


def test_bad_unit_settings_are_refused_and_nothing_is_imported() -> None:
    (grading,) = issues(moodle(grading="5"))
    assert grading.path == "question[1]/unitgradingtype[1]"
    assert "expected 0, 1 or 2 in <unitgradingtype>, got '5'" in grading.message
    (penalty,) = issues(moodle(penalty="2"))
    assert penalty.path == "question[1]/unitpenalty[1]"
    assert "expected a unit penalty from 0 to 1, got 2" in penalty.message
    (show,) = issues(moodle(show="9"))
    assert "expected 0, 1, 2 or 3 in <showunits>" in show.message


@pytest.mark.parametrize(
    ("units", "extra", "fragment"),
    [
        ("[{name: m, multiplier: 0}]", "", "units[0].multiplier: expected a number above 0"),
        ("[{name: m, multiplier: 1}, {name: m, multiplier: 2}]", "",
         "units[1].name: duplicate unit 'm': same name as unit 1"),
        ("[{name: cm, multiplier: 100}]", "", "units: expected a unit of multiplier 1"),
        ("[{name: m, multiplier: " + "9" * 400 + "}]", "",
         "expected a multiplier from 10^-15 to 10^15, got a 400-digit number"),
        ("[{name: m, multiplier: 1}]", "    unit_penalty: 0.5\n",
         "unit_penalty: expected 'unit_penalty' only with unit_grading: required"),
        ("[]", "", "units: expected at least 1 unit"),
    ],
)  # fmt: skip
def test_the_bank_format_refuses_bad_units_naming_the_line(
    units: str, extra: str, fragment: str
) -> None:
    text = (
        "bank: {id: u, title: U}\nquestions:\n  - id: rod\n    type: numerical\n"
        "    stem: How long?\n    answers: [{value: 1.5}]\n"
        f"    units: {units}\n{extra}"
    )
    with pytest.raises(BankError) as caught:
        load_bank_text(text, filename="bank.yaml")
    found = [f"{i.path}: {i.message}" for i in caught.value.issues]
    assert any(fragment in f for f in found), found
    assert all(i.line in (7, 8) for i in caught.value.issues)


UNIT_NAMES = ["m", "cm", "mm", "km", "ft", "in", "mi", "µm", "m/s", "$", "€", "kg m"]
MULTIPLIERS = st.sampled_from([0.001, 0.5, 2, 3.28084, 100, 1000])


@settings(FUZZ, max_examples=60)
@given(
    value=st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3)),
    names=st.lists(st.sampled_from(UNIT_NAMES), min_size=1, max_size=4, unique=True),
    multipliers=st.lists(MULTIPLIERS, min_size=3, max_size=3),
    grading=st.sampled_from(["0", "1", "2"]),
    left=st.sampled_from(["0", "1"]),
    noise=st.text(max_size=12),
)
def test_any_unit_round_trips_and_converts_and_no_response_breaks_grading(
    value: float, names: list[str], multipliers: list[float], grading: str, left: str, noise: str
) -> None:
    units = "".join(
        f"<unit><multiplier>{1 if j == 0 else multipliers[(j - 1) % 3]}</multiplier>"
        f"<unit_name>{name}</unit_name></unit>"
        for j, name in enumerate(names)
    )
    text = moodle(units=f"<units>{units}</units>\n", grading=grading, left=left,
                  value=repr(value), tolerance="0")  # fmt: skip
    bank = parse_moodle_xml(text, filename="units.xml")
    rod = bank.questions["rod"]
    assert parse_moodle_xml(dump_moodle_xml([rod]), filename="again.xml").questions["rod"] == rod
    question = served(bank)
    for unit in rod.units:
        typed = repr(value * unit.multiplier)
        response = f"{unit.name} {typed}" if rod.units_left else f"{typed} {unit.name}"
        assert graded(question, response).outcome == "correct", response
    for response in (noise, f"{value}{noise}", f"{noise}{value}"):
        result = graded(question, response)  # never raises, always a grade between 0 and 1
        assert 0.0 <= result.points <= 1.0 and result.feedback
