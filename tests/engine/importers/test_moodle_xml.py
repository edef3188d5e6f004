"""Moodle XML import: a question bank export reads as Moodle reads it; errors name line and path."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from quizapp.engine.bank import Choice, NumberAnswer, Pair, TextAnswer, Unit
from quizapp.engine.importers import parse_moodle_xml, parse_upload
from quizapp.engine.parsing import BankError, BankIssue
from quizapp.engine.questions import grade
from quizapp.engine.questions.types.fixed import make_question

FIXTURE = Path(__file__).parents[1] / "fixtures" / "moodle" / "bank_export.xml"


def issues(text: str) -> list[BankIssue]:
    with pytest.raises(BankError) as caught:
        parse_moodle_xml(text, filename="quiz.xml")
    return list(caught.value.issues)


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def question(kind: str, body: str, text: str = "Q?") -> str:
    return (
        f'  <question type="{kind}">\n    <name><text>N</text></name>\n'
        f"    <questiontext><text>{text}</text></questiontext>\n{body}  </question>"
    )


def test_an_export_imports_every_type_with_its_fractions_feedback_and_categories() -> None:
    bank = parse_upload(FIXTURE.read_bytes(), FIXTURE.name)
    q = bank.questions
    assert list(q) == ["planet-1", "gas_giants", "pluto", "red_planet", "planets", "distance",
                       "moons"]  # fmt: skip
    largest = q["planet-1"]
    assert largest.title == "Largest planet"
    assert largest.stem == "Which planet is the largest in the Solar System?"  # HTML, image gone
    assert largest.category == "Default for Astronomy/Planets"
    assert largest.choices == (
        Choice("Jupiter", 100, "Yes – the gas giant."), Choice("Saturn", 0, "Second largest."),
        Choice("Earth", 0),
    )  # fmt: skip
    assert not largest.multiple and largest.shuffle
    assert largest.general_feedback.startswith("Jupiter is more than twice")
    giants = q["gas_giants"]
    assert giants.multiple and not giants.shuffle
    assert [c.weight for c in giants.choices] == [50, 50, -100]
    pluto = q["pluto"]
    assert pluto.answer is False
    assert (pluto.feedback_true, pluto.feedback_false) == ("No: it was reclassified.", "Right.")
    assert pluto.general_feedback == "Since 2006 Pluto is a dwarf planet."
    red = q["red_planet"]
    assert red.category == "Default for Astronomy/Numbers"
    assert red.text_answers == (TextAnswer("Mars", 100, "Well done!"),
                                TextAnswer("*", 0, "Think of its colour."))  # fmt: skip
    planets = q["planets"]
    assert planets.number_answers == (
        NumberAnswer(value=8, tolerance=0.001, weight=100, feedback="Well done!"),
        NumberAnswer(value=9, tolerance=1, weight=0, feedback="Not since 2006."),
        NumberAnswer(any_value=True, weight=0, feedback="Completely wrong."),
    )
    distance = q["distance"]
    assert distance.units == (Unit("km", 1), Unit("mi", 0.621371))
    assert distance.unit_grading == "none"  # <showunits>3: only the number is typed
    served = make_question(bank, distance, random.Random(1))
    assert served.stem == "How far is the Earth from the Sun, in millions? (in km)"
    moons = q["moons"]
    assert moons.pairs == (Pair("Titan", "Saturn"), Pair("Io", "Jupiter"), Pair("Phobos", "Mars"),
                           Pair("", "Venus"))  # fmt: skip
    assert not moons.shuffle
    assert moons.general_feedback == "Titan -> Saturn, Io -> Jupiter."


def test_imported_questions_grade_as_moodle_grades_them() -> None:
    bank = parse_upload(FIXTURE.read_bytes(), FIXTURE.name)
    planets = make_question(bank, bank.questions["planets"], random.Random(1))
    assert grade(planets, "8").outcome == "correct"
    assert grade(planets, "9.5").points == 0
    giants = make_question(bank, bank.questions["gas_giants"], random.Random(1))
    ids = {o.label: o.id for o in giants.options}
    assert grade(giants, [ids["Jupiter"], ids["Saturn"]]).outcome == "correct"
    assert grade(giants, [ids["Jupiter"]]).outcome == "partial"


def test_a_re_upload_updates_the_questions_by_idnumber() -> None:
    first = parse_upload(FIXTURE.read_bytes(), FIXTURE.name)
    changed = FIXTURE.read_text(encoding="utf-8").replace("Pluto is one of", "Pluto was one of")
    again = parse_upload(changed.encode(), FIXTURE.name, base=first)
    assert list(again.questions) == list(first.questions)
    assert again.questions["pluto"].stem == "Pluto was one of the eight planets."


def test_a_true_false_question_with_idnumber_keeps_it_as_its_id() -> None:
    body = (
        "    <idnumber>TestIdNum1</idnumber>\n"
        '    <answer fraction="100"><text>true</text><feedback><text>Well done!</text></feedback>'
        "</answer>\n"
        '    <answer fraction="0"><text>false</text><feedback><text>Doh!</text></feedback>'
        "</answer>\n"
    )
    bank = parse_moodle_xml(quiz(question("truefalse", body)), filename="tf.xml")
    tf = bank.questions["testidnum1"]
    assert tf.answer is True and (tf.feedback_true, tf.feedback_false) == ("Well done!", "Doh!")


def test_every_error_is_reported_with_its_line_and_element_path() -> None:
    text = quiz(
        question("multichoice", '    <answer fraction="lots"><text>a</text></answer>\n'),
        question("essay", ""),
        question("numerical", '    <answer fraction="100"><text>1_822</text></answer>\n'),
        question("truefalse", '    <answer fraction="0"><text>true</text></answer>\n'),
        question("matching", ""),
        question("shortanswer", '    <answer fraction="150"><text>x</text></answer>\n'),
    )
    found = issues(text)
    assert [(i.line, i.path) for i in found] == [
        (6, "question[1]/answer[1]/@fraction"),
        (8, "question[2]"),
        (15, "question[3]/answer[1]/text"),
        (17, "question[4]"),
        (22, "question[5]"),
        (29, "question[6]/answer[1]/@fraction"),
    ]
    messages = [i.message for i in found]
    assert "expected a fraction (a number), got 'lots'" in messages[0]
    assert "'essay' is not supported" in messages[1]
    assert "got '1_822'" in messages[2]
    assert "fraction 100" in messages[3]
    assert "<subquestion>" in messages[4]
    assert "from -100 to 100" in messages[5]


def test_loader_errors_point_at_the_element() -> None:
    body = '    <answer fraction="0"><text>a</text></answer>\n'  # no right answer at all
    found = issues(quiz(question("multichoice", body)))
    assert found and all(i.line is not None for i in found)
    assert found[0].path.startswith("question[1]")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("<quiz><question></quiz>", "not well-formed"),
        ("<questions/>", "<quiz> around the questions"),
        ("<quiz></quiz>", "at least one question"),
        ("", "not well-formed"),
    ],
)
def test_a_broken_file_is_refused_clearly(text: str, fragment: str) -> None:
    found = issues(text)
    assert len(found) == 1 and fragment in found[0].message


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="truefalse"><questiontext><text>&lol3;</text></questiontext></question></quiz>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><questiontext><text>&secret;</text></questiontext>
</question></quiz>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entities_and_dtds_are_refused(text: str) -> None:
    found = issues(text)
    assert len(found) == 1
    assert "refused for safety" in found[0].message
    assert found[0].line == 2


def test_an_unstorable_character_is_refused_with_its_line() -> None:
    found = issues(quiz(question("truefalse", "", text="a\x00b")))
    assert found[0].line == 5 and "U+0000" in found[0].message


def test_an_older_export_gives_the_category_path_without_a_text_element() -> None:
    body = '    <answer fraction="100"><text>true</text></answer>\n'
    old = '  <question type="category"><category>$course$/top/Old style</category></question>'
    bank = parse_moodle_xml(quiz(old, question("truefalse", body)), filename="old.xml")
    assert next(iter(bank.questions.values())).category == "Old style"
