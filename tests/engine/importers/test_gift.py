"""GIFT import: each construct Moodle defines becomes the right fixed question; errors say where."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.engine.bank import (
    Bank,
    Choice,
    FixedQuestion,
    NumberAnswer,
    Pair,
    TextAnswer,
    parse_bank_data,
)
from quizapp.engine.importers import parse_gift, parse_upload
from quizapp.engine.parsing import BankError, BankIssue


def one(text: str) -> FixedQuestion:
    bank = parse_gift(text, filename="quiz.gift")
    assert len(bank.questions) == 1, list(bank.questions)
    return next(iter(bank.questions.values()))


def issues(text: str, filename: str = "quiz.gift") -> list[BankIssue]:
    with pytest.raises(BankError) as caught:
        parse_gift(text, filename=filename)
    return list(caught.value.issues)


CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "multiple choice with feedback",
        "Who's buried in Grant's tomb?{=Grant#Yes ~Jefferson#No ~no one#Really?}",
        {
            "kind": "multiple_choice",
            "stem": "Who's buried in Grant's tomb?",
            "multiple": False,
            "choices": (
                Choice("Grant", 100, "Yes"),
                Choice("Jefferson", 0, "No"),
                Choice("no one", 0, "Really?"),
            ),
        },
    ),
    (
        "multiple choice with a partial-credit answer, over several lines",
        "What is the capital of France? {\n  =Paris\n  ~%50%Versailles#close\n  ~Lyon\n}",
        {"choices": (Choice("Paris", 100), Choice("Versailles", 50, "close"), Choice("Lyon"))},
    ),
    (
        "several right answers (no '=') with a penalty",
        "Which are primes? {~%33.3%2 ~%33.3%3 ~%33.4%5 ~%-100%4}",
        {
            "multiple": True,
            "choices": (Choice("2", 33.3), Choice("3", 33.3), Choice("5", 33.4), Choice("4", -100)),
        },
    ),
    ("true as T", "The sun is a star.{T}", {"kind": "true_false", "answer": True}),
    ("true as TRUE", "The sun is a star.{TRUE}", {"answer": True}),
    ("false as F", "The moon is a star.{F}", {"answer": False}),
    ("false as FALSE", "The moon is a star.{FALSE}", {"answer": False}),
    (
        "true/false feedback: first if wrong, second if right",
        "The moon is a star.{FALSE#No, it reflects light.#Right, it is a satellite.}",
        {
            "answer": False,
            "feedback_true": "No, it reflects light.",
            "feedback_false": "Right, it is a satellite.",
        },
    ),
    (
        "short answer with weights and feedback",
        "Who's buried in Grant's tomb?{=no one =nobody#Fine =%50%Grant#Half right}",
        {
            "kind": "short_answer",
            "text_answers": (
                TextAnswer("no one"),
                TextAnswer("nobody", 100, "Fine"),
                TextAnswer("Grant", 50, "Half right"),
            ),
        },
    ),
    (
        "numerical with a tolerance",
        "When was Ulysses S. Grant born?{#1822:5}",
        {"kind": "numerical", "number_answers": (NumberAnswer(value=1822, tolerance=5),)},
    ),
    (
        "numerical range",
        "What is a number from 1 to 5?{#1..5}",
        {"number_answers": (NumberAnswer(low=1, high=5),)},
    ),
    (
        "numerical, several answers with partial credit and wrong-answer feedback",
        "When was Grant born?{#\n=1822:0#Exactly\n=%50%1822:2#Close\n~#Look it up}",
        {
            "number_answers": (
                NumberAnswer(value=1822, feedback="Exactly"),
                NumberAnswer(value=1822, tolerance=2, weight=50, feedback="Close"),
                NumberAnswer(any_value=True, weight=0, feedback="Look it up"),
            ),
        },
    ),
    (
        "numerical with negative numbers",
        "Lowest temperature?{#-40..-30}",
        {"number_answers": (NumberAnswer(low=-40, high=-30),)},
    ),
    (
        "matching, with an extra answer on the right",
        "Match the capitals.{=Canada -> Ottawa =Italy -> Rome =Japan->Tokyo = -> Paris}",
        {
            "kind": "matching",
            "pairs": (
                Pair("Canada", "Ottawa"),
                Pair("Italy", "Rome"),
                Pair("Japan", "Tokyo"),
                Pair("", "Paris"),
            ),
        },
    ),
    (
        "general feedback after ####",
        "2 + 2 = 4?{T####Basic arithmetic.}",
        {"answer": True, "general_feedback": "Basic arithmetic."},
    ),
    (
        "title",
        "::Grant's tomb::Who is buried there?{=Grant ~Lee}",
        {"title": "Grant's tomb", "id": "grants_tomb", "stem": "Who is buried there?"},
    ),
    ("escape \\=", r"Is 1 \= 1?{T}", {"stem": "Is 1 = 1?"}),
    ("escape \\~", r"About \~5?{=yes ~no}", {"stem": "About ~5?"}),
    ("escape \\#", r"Item \#3 is red?{T}", {"stem": "Item #3 is red?"}),
    (
        "escape \\{ and \\}",
        r"What does \{x\} mean?{=a set ~a list}",
        {"stem": "What does {x} mean?"},
    ),
    ("escape \\:", r"::Ratio\: a title::What is 1\:2?{=half ~double}", {"title": "Ratio: a title"}),
    ("escape \\n", r"First line\nsecond line{T}", {"stem": "First line\nsecond line"}),
    ("escaped backslash", r"Path C:\\temp?{T}", {"stem": "Path C:\\temp?"}),
    (
        "escapes inside answers and feedback",
        r"Pick one{=a\=b#c\~d \#1 ~x\{y\}#p\:q}",
        {"choices": (Choice("a=b", 100, "c~d #1"), Choice("x{y}", 0, "p:q"))},
    ),
    (
        "escapes inside matching",
        r"Match{=1\=1 -> true =1\=2 -> false}",
        {"pairs": (Pair("1=1", "true"), Pair("1=2", "false"))},
    ),
    (
        "[html] prefix: the markup becomes plain text",
        "[html]Is <b>this</b> bold?{T}",
        {"stem": "Is this bold?", "answer": True},
    ),
    ("[markdown] prefix", "[markdown]Is *this* emphasised?{T}", {"stem": "Is *this* emphasised?"}),
    ("[moodle] prefix", "[moodle]Plain?{T}", {"stem": "Plain?"}),
    (
        "[plain] prefix on an answer",
        "Which?{=[plain]one ~two}",
        {"choices": (Choice("one", 100), Choice("two"))},
    ),
    (
        "a comment line inside a question",
        "// written by the teacher\nIs water wet?\n// really\n{T}",
        {"stem": "Is water wet?", "answer": True},
    ),
    (
        "lowercase true is still true/false",
        "Is water wet?{true}",
        {"kind": "true_false", "answer": True},
    ),
    (
        "short answer without '=' (Moodle reads it so)",
        "Capital of Italy?{Rome}",
        {"kind": "short_answer", "text_answers": (TextAnswer("Rome"),)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gift_construct(text: str, expected: dict[str, Any]) -> None:
    question = one(text)
    for field, value in expected.items():
        assert getattr(question, field) == value, field


def test_categories_comments_and_blank_lines() -> None:
    text = (
        "// Moodle export\n"
        "$CATEGORY: $course$/top/Geography/Europe\n"
        "\n"
        "::France::Capital of France?{=Paris ~Lyon}\n"
        "\n\n"
        "// a comment block of its own\n"
        "\n"
        "::Italy::Capital of Italy?{=Rome ~Milan}\n"
        "\n"
        "$CATEGORY: History\n"
        "::Rome::Rome was founded in 753 BC.{T}\n"
    )
    bank = parse_gift(text, filename="geo.gift")
    assert {q.id: q.category for q in bank.questions.values()} == {
        "france": "Geography/Europe",
        "italy": "Geography/Europe",
        "rome": "History",
    }
    assert bank.info.id == "geo"
    assert bank.info.title == "Geo"
    assert not bank.facts


def test_same_title_twice_gets_distinct_ids_and_untitled_ids_come_from_the_words() -> None:
    text = "::Q::One?{T}\n\n::Q::Two?{F}\n\nWhat is the capital of Peru today?{=Lima ~Cusco}"
    assert list(parse_gift(text, filename="x.gift").questions) == [
        "q",
        "q_2",
        "what_is_the_capital_of_peru_today",
    ]


MALFORMED = [
    ("What is it?\n{=a ~b", 2, "expected '}' to close"),
    ("Closing first } then {=a ~b", 1, "expected answers in {...}"),
    ("::Title without end\nWhat?{T}", 1, "title to end with '::'"),
    ("A description with no answers.", 1, "description items"),
    ("Write an essay.{}", 1, "essay questions"),
    ("Grant is {~buried =entombed ~living} in Grant's tomb.", 1, "missing-word questions"),
    ("Weights?{~%abc%a =b}", 1, "expected a weight like %50%"),
    ("Weights?{~%150%a =b}", 1, "from -100% to 100%"),
    ("How many?{#five}", 1, "expected a number, got 'five'"),
    ("How many?{#5:x}", 1, "expected a tolerance (a number)"),
    ("How many?{#}", 1, "expected a number after '#'"),
    ("Match{=a -> 1 =b}", 1, "expected 'left -> right'"),
    ("Pick{=a ~ ~b}", 1, "expected an answer after"),
    ("Only wrong answers?{~a ~b}", 1, "add up to 100"),
    ("Just one option?{=a ~}", 1, "expected an answer after"),
    ("One pair only{=a -> 1}", 1, "at least 2 pairs"),
    ("Several right but not 100?{~%50%a ~%25%b ~c}", 1, "add up to 100, got 75"),
]


@pytest.mark.parametrize(("text", "line", "fragment"), MALFORMED)
def test_malformed_gift_names_its_line(text: str, line: int, fragment: str) -> None:
    found = issues(text)
    assert len(found) == 1, [str(i) for i in found]
    assert found[0].file == "quiz.gift"
    assert found[0].line == line
    assert fragment in found[0].message


def test_errors_name_the_line_of_the_bad_question_and_answer_in_a_longer_file() -> None:
    text = (
        "// header\n"
        "::ok::Fine?{T}\n"
        "\n"
        "::bad::Which of these\n"
        "are right? {\n"
        "  =one\n"
        "  ~%x%two\n"
        "}\n"
        "\n"
        "Numbers{#\n"
        "  =1..3\n"
        "  =%50%4..zz\n"
        "}\n"
    )
    found = issues(text)
    assert [(i.line, i.path) for i in found] == [(7, "question 2"), (12, "question 3")]


def test_rule_errors_point_at_the_answer_line() -> None:
    text = "Too few pairs {\n=a -> 1\n=a -> 2\n}"
    found = issues(text)
    assert [(i.line, i.path) for i in found] == [(3, "question 1, answer 2")]
    assert "duplicate left side" in found[0].message


def test_an_empty_gift_file_is_refused() -> None:
    found = issues("// only a comment\n\n$CATEGORY: x\n")
    assert found[0].message == "expected at least one question"


def test_private_use_characters_cannot_smuggle_escapes() -> None:
    found = issues("Is \ue003 odd?{T}")
    assert found[0].line == 1
    assert "U+E003" in found[0].message


def test_upload_with_a_base_adds_questions_and_updates_by_title(bank: Bank) -> None:
    first = parse_upload(b"::Capital::Capital of France?{=Paris ~Lyon}", "q.gift", base=bank)
    assert first.info == bank.info
    assert set(first.facts) == set(bank.facts)
    assert list(first.questions) == ["capital"]
    again = parse_upload(
        b"::Capital::Capital of France?{=Paris ~Lyon ~Nice}\n\n::New::New?{T}", "q.gift", base=first
    )
    assert list(again.questions) == ["capital", "new"]
    assert [c.text for c in again.questions["capital"].choices] == ["Paris", "Lyon", "Nice"]


def test_a_gift_question_never_takes_a_fact_id(bank: Bank) -> None:
    added = parse_upload(b"::taji_handover::Is Taji a base?{T}", "q.gift", base=bank)
    assert list(added.questions) == ["taji_handover_2"]
    assert "taji_handover" in added.facts


def test_imported_bank_reloads_from_its_data() -> None:
    from quizapp.engine.bank import bank_to_dict

    bank = parse_gift("::a::A?{T}\n\n::b::B?{#1..2}", filename="x.txt")
    again = parse_bank_data(bank_to_dict(bank), filename="again")
    assert again.questions == bank.questions


# ---- what Moodle's GIFT reader does that ours once did not -----------------------------------


def test_an_id_comment_gives_the_question_its_stable_id() -> None:
    bank = parse_gift("// [id:Q-7]\n// [tag:easy]\n::T::Stem?{T}\n\nOther?{F}", filename="q.gift")
    assert list(bank.questions) == ["q-7", "other"]
    messy = parse_gift("// [id:Unit 3.1]\nStem?{T}", filename="q.gift")
    assert list(messy.questions) == ["unit_3_1"]


def test_a_repeated_id_comment_is_refused_with_its_line() -> None:
    found = issues("// [id:a]\nOne?{T}\n\n// [id:a]\nTwo?{T}")
    assert [(i.line, i.path) for i in found] == [(4, "question 2")]
    assert "already the id of the question on line 1" in found[0].message


def test_html_questions_become_plain_text_with_their_paragraphs() -> None:
    q = one(
        "::H::[html]<p>Is <b>bold</b> &amp; <i>italic</i> fun?</p><p>Second&nbsp;part</p>"
        "{=<p>Yes &lt;3</p>#<em>Right</em> ~No####<p>Because.</p>}"
    )
    assert q.stem == "Is bold & italic fun?\n\nSecond part"
    assert q.choices[0] == Choice("Yes <3", 100, "Right")
    assert q.general_feedback == "Because."
    plain = one("::P::[plain]<b>kept</b>{T}")
    assert plain.stem == "<b>kept</b>"


@pytest.mark.parametrize("answer", ["#1_822", "#١٢", "#1,5", "#=5:1_0"])
def test_numbers_are_read_as_moodle_reads_them(answer: str) -> None:
    found = issues(f"How many?{{{answer}}}")
    assert len(found) == 1 and found[0].line == 1
    assert "expected" in found[0].message


def test_lines_stay_right_after_html_and_id_comments() -> None:
    text = "// [id:a]\n[html]<p>One</p>{T}\n\n// [id:b]\n[html]<p>\nTwo\n</p>{~%500%x ~y}"
    found = issues(text)
    assert [(i.line, i.path) for i in found] == [(7, "question 2")]
