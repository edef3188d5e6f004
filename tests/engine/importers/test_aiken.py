"""Aiken import: the simplest multiple-choice format, read as Moodle reads it; errors say where."""

from __future__ import annotations

import pytest

from quizapp.engine.bank import Choice
from quizapp.engine.importers import parse_aiken, parse_upload
from quizapp.engine.parsing import BankError, BankIssue

AIKEN = """\
What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most users?
A) Moodle
B) ATutor
C) Claroline
ANSWER: A
"""


def issues(text: str) -> list[BankIssue]:
    with pytest.raises(BankError) as caught:
        parse_aiken(text, filename="quiz.txt")
    return list(caught.value.issues)


def test_each_question_becomes_a_single_answer_multiple_choice() -> None:
    bank = parse_aiken(AIKEN, filename="quiz.aiken")
    first, second = bank.questions.values()
    assert first.kind == "multiple_choice" and not first.multiple
    assert first.stem == "What is the correct answer to this question?"
    assert first.choices[3] == Choice("Must be this one!", 100)
    assert [c.weight for c in second.choices] == [100, 0, 0]
    assert second.choices[0].text == "Moodle"


def test_a_txt_file_of_aiken_questions_is_read_as_aiken() -> None:
    bank = parse_upload(AIKEN.encode(), "quiz.txt")
    assert len(bank.questions) == 2
    gift = parse_upload(b"Q?{T}", "quiz.txt")
    assert next(iter(gift.questions.values())).kind == "true_false"


def test_a_re_upload_updates_the_same_questions() -> None:
    bank = parse_aiken(AIKEN, filename="quiz.aiken")
    again = parse_aiken(AIKEN.replace("ANSWER: D", "ANSWER: C"), filename="quiz.aiken", base=bank)
    assert list(again.questions) == list(bank.questions)
    first = next(iter(again.questions.values()))
    assert first.choices[2].weight == 100


def test_every_mistake_is_reported_with_its_line_and_nothing_imported() -> None:
    text = (
        "Q1?\nA. a\nB. b\nANSWER: E\n\n"  # no option E
        "Q2?\nA. a\nANSWER: A\n\n"  # one option only
        "A. no question\nB. b\nANSWER: A\n\n"  # options first
        "Q4?\nA. a\nB. b\n\n"  # no ANSWER
        "Q5?\nA. a\nA. b\nANSWER: A\n\n"  # A twice
        "Q6?\nA. a\nB. b\nstray text\nANSWER: A\n"
    )
    found = issues(text)
    assert [(i.line, i.path) for i in found] == [
        (4, "question 1"),
        (6, "question 2"),
        (10, "question 3"),
        (14, "question 4"),
        (20, "question 5"),
        (26, "question 6"),
    ]
    assert "one of A, B, got 'E'" in found[0].message
    assert "at least two options" in found[1].message
    assert "text before its options" in found[2].message
    assert "ANSWER:" in found[3].message
    assert "given twice" in found[4].message
    assert "after the options" in found[5].message


def test_an_empty_file_is_refused() -> None:
    assert "at least one question" in issues("\n\n")[0].message
