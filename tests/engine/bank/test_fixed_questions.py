"""Hand-written questions: loaded, checked, dumped, served, and graded as Moodle grades GIFT."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from quizapp.engine.bank import (
    Bank,
    FixedQuestion,
    Question,
    bank_to_dict,
    dump_bank_yaml,
    load_bank_text,
)
from quizapp.engine.importers import parse_gift
from quizapp.engine.parsing import BankError, BankIssue
from quizapp.engine.questions import REGISTRY, grade
from quizapp.engine.questions.types.fixed import make_question
from quizapp.engine.quiz import build_quiz

README = Path(__file__).resolve().parents[3] / "README.md"

BANK = """\
bank: {id: capitals, title: Capitals}
sources:
  - {id: atlas, title: School atlas}
questions:
  - id: capital-france
    type: multiple_choice
    stem: What is the capital of France?
    options:
      - {text: Paris, weight: 100, feedback: Right.}
      - {text: Versailles, weight: 50, feedback: Royal seat.}
      - {text: Lyon, feedback: Too far south.}
    general_feedback: Paris has been the capital since 987.
    source: atlas
    sentence: Paris is the capital of France.
"""


def load(text: str) -> Bank:
    return load_bank_text(text, filename="bank.yaml")


def issues(text: str) -> list[BankIssue]:
    with pytest.raises(BankError) as caught:
        load(text)
    return list(caught.value.issues)


def test_a_questions_only_bank_loads_without_the_fact_sections() -> None:
    bank = load(BANK)
    question = bank.questions["capital-france"]
    assert question.kind == "multiple_choice"
    assert [(c.text, c.weight) for c in question.choices] == [
        ("Paris", 100), ("Versailles", 50), ("Lyon", 0),
    ]  # fmt: skip
    assert question.source == "atlas"
    assert not bank.facts and not bank.entities


def test_the_readme_example_loads_and_grades() -> None:
    section = README.read_text(encoding="utf-8").split("### Hand-written questions", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example
    bank = load(example.group(1))
    assert [q.kind for q in bank.questions.values()] == [
        "multiple_choice", "multiple_choice", "true_false", "short_answer", "numerical",
        "numerical", "matching",
    ]  # fmt: skip
    numerical = make_question(bank, bank.questions["paris-arrondissements"], _rng(0))
    assert grade(numerical, "20").outcome == "correct"
    assert grade(numerical, "19").points == 0.5
    assert grade(numerical, "3").feedback == "Incorrect. The answer is 20. It is 20."
    tower = make_question(bank, bank.questions["eiffel-height"], _rng(0))
    assert tower.stem.endswith("(write the unit after the number: m, km or ft)")
    assert grade(tower, "0.33 km").outcome == "correct"
    assert grade(tower, "1083 ft").outcome == "correct"
    assert grade(tower, "330").points == pytest.approx(0.8)  # no unit: 0.2 off


def _rng(seed: int) -> Any:
    import random

    return random.Random(seed)


def _with(extra: str) -> str:
    return BANK + extra


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


BAD = [
    (
        "  - {id: q2, type: multiple_choice, stem: Pick, options: [{text: a}, {text: b}]}\n",
        "q2",
        "expected one option with weight 100",
    ),
    (
        "  - {id: q2, type: multiple_choice, multiple: true, stem: Pick,\n"
        "     options: [{text: a, weight: 50}, {text: b, weight: 20}]}\n",
        "options: [{text: a, weight: 50}",
        "add up to 100, got 70",
    ),
    (
        "  - {id: q2, type: multiple_choice, stem: Pick, options: [{text: a, weight: 100}]}\n",
        "q2",
        "expected at least 2 options",
    ),
    ("  - {id: q2, type: true_false, stem: Sky is blue.}\n", "q2", "missing field 'answer'"),
    (
        "  - {id: q2, type: true_false, stem: Sky is blue., answer: true, options: []}\n",
        "q2",
        "expected no 'options' in a true_false question",
    ),
    (
        "  - {id: q2, type: numerical, stem: How many?, answers: [{value: 1, min: 0, max: 2}]}\n",
        "q2",
        "expected exactly one of",
    ),
    (
        "  - {id: q2, type: numerical, stem: How many?, answers: [{min: 3, max: 2}]}\n",
        "q2",
        "expected min <= max",
    ),
    (
        "  - {id: q2, type: numerical, stem: How many?, answers: [{value: 1, weight: 50}]}\n",
        "q2",
        "expected an answer with weight 100",
    ),
    (
        "  - {id: q2, type: numerical, stem: How many?, answers: [{text: one}]}\n",
        "q2",
        "expected a number, not 'text'",
    ),
    (
        "  - {id: q2, type: short_answer, stem: Name?, answers: [{value: 1}]}\n",
        "q2",
        "expected {text: ...} in a short_answer answer",
    ),
    (
        "  - {id: q2, type: matching, stem: Match, pairs: [{left: a, right: '1'}, {right: '2'}]}\n",
        "q2",
        "expected at least 2 pairs with a left side",
    ),
    ("  - {id: q2, type: essay, stem: Write.}\n", "q2", "expected one of: multiple_choice"),
    (
        "  - {id: q2, type: true_false, stem: S., answer: true, source: atlsa}\n",
        "q2",
        "unknown source 'atlsa' (did you mean 'atlas'?)",
    ),
    (
        "  - {id: q2, type: true_false, stem: S., answer: true, sentence: Said so.}\n",
        "q2",
        "expected 'source' too",
    ),
    (
        "  - {id: capital-france, type: true_false, stem: S., answer: true}\n",
        "capital-france, type: true_false",
        "duplicate id 'capital-france'",
    ),
]


@pytest.mark.parametrize(("extra", "needle", "fragment"), BAD)
def test_invalid_questions_name_their_line(extra: str, needle: str, fragment: str) -> None:
    text = _with(extra)
    found = issues(text)
    assert len(found) == 1, [str(i) for i in found]
    assert found[0].line == line_of(text, needle)
    assert fragment in found[0].message


def test_a_question_cannot_reuse_a_fact_id() -> None:
    text = (Path(__file__).parents[1] / "fixtures" / "valid_bank.yaml").read_text(encoding="utf-8")
    text += "questions:\n  - {id: harbour_handover, type: true_false, stem: S., answer: true}\n"
    found = issues(text.replace("file: sources/harbour_report.txt", "file: null"))
    assert [i.message for i in found] == [
        "duplicate id 'harbour_handover': a fact uses it (facts and questions share ids)"
    ]


GIFT = """\
$CATEGORY: Mixed
::mc::Capital of France?{=Paris#Yes ~%50%Versailles#Close ~Lyon#No ~%-50%Nice#Far}

::multi::Which are primes?{~%33.3%2#prime ~%33.3%3 ~%33.4%5 ~%-100%4#not prime}

::tf::The moon is a star.{F#It is not.#Right.####The moon is a satellite.}

::short::Who is buried in Grant's tomb?{=no one#Right =nobody =%50%Grant*#Half}

::num::When was Grant born?{# =1822:0#Exactly =%50%1822:2#Close ~#Look it up}

::range::Pick a number from 1 to 5.{#1..5}

::match::Match the capitals.{=Canada -> Ottawa =Italy -> Rome = -> Paris}
"""


@pytest.fixture(scope="module")
def gift_bank() -> Bank:
    return parse_gift(GIFT, filename="mixed.gift")


def served(bank: Bank, qid: str, seed: int = 0) -> Question:
    return make_question(bank, bank.questions[qid], _rng(seed))


def pick(question: Question, *labels: str) -> list[str]:
    ids = {o.label: o.id for o in (*question.options, *question.right_options)}
    return [ids[label] for label in labels]


GRADES: list[tuple[str, Any, float, str]] = [
    ("mc", ("Paris",), 1.0, "Correct. Yes"),
    ("mc", ("Versailles",), 0.5, "Partly correct. The answer is Paris. Close"),
    ("mc", ("Lyon",), 0.0, "Incorrect. The answer is Paris. No"),
    ("mc", ("Nice",), 0.0, "Incorrect. The answer is Paris. Far"),  # negative weights stop at 0
    ("mc", ("Paris", "Lyon"), 0.0, "Choose one option."),
    ("multi", ("2", "3", "5"), 1.0, "Correct. prime"),  # 99.9 % of the positive weights: full
    ("multi", ("2", "3"), 0.666, "Partly correct."),
    ("multi", ("2", "3", "5", "4"), 0.0, "Incorrect."),  # the penalty takes it all back
    ("multi", ("2", "4"), 0.0, "not prime"),
    ("tf", "false", 1.0, "Correct: the statement is false. Right."),
    ("tf", True, 0.0, "Incorrect: the statement is false. It is not."),
    ("tf", "maybe", 0.0, "Answer true or false."),
    ("short", "No One", 1.0, "Correct. Right"),
    ("short", "  nobody ", 1.0, "Correct."),
    ("short", "Grant himself", 0.5, "Partly correct. The answer is no one or nobody. Half"),
    ("short", "Lee", 0.0, "Incorrect. The answer is no one or nobody."),
    ("num", "1822", 1.0, "Correct. Exactly"),
    ("num", 1823.5, 0.5, "Partly correct. The answer is 1822. Close"),
    ("num", "1830", 0.0, "Incorrect. The answer is 1822. Look it up"),
    ("num", "eighteen", 0.0, "That is not a number."),
    ("range", "1", 1.0, "Correct."),
    ("range", "5", 1.0, "Correct."),
    ("range", "5.01", 0.0, "Incorrect. The answer is 1 to 5."),
    ("match", {"Canada": "Ottawa", "Italy": "Rome"}, 1.0, "All pairs correct."),
    ("match", {"Canada": "Ottawa", "Italy": "Paris"}, 0.5, "1 of 2 pairs correct."),
    ("match", {"Canada": "Paris"}, 0.0, "0 of 2 pairs correct."),
    ("match", "Ottawa", 0.0, "Match each item."),
]


@pytest.mark.parametrize(("qid", "response", "points", "feedback"), GRADES)
def test_fixed_questions_grade_by_gift_semantics(
    gift_bank: Bank, qid: str, response: Any, points: float, feedback: str
) -> None:
    question = served(gift_bank, qid, seed=3)
    if qid in ("mc", "multi"):
        response = pick(question, *response)
        if qid == "mc" and len(response) == 1:
            response = response[0]
    elif qid == "match" and isinstance(response, dict):
        response = {pick(question, k)[0]: pick(question, v)[0] for k, v in response.items()}
    result = grade(question, response)
    assert result.points == pytest.approx(points, abs=0.001)
    assert result.feedback.startswith(feedback) or feedback in result.feedback, result.feedback


@pytest.mark.parametrize("qid", ["mc", "multi", "tf", "short", "num", "range", "match"])
def test_blank_and_junk_responses_never_raise(gift_bank: Bank, qid: str) -> None:
    question = served(gift_bank, qid)
    for junk in (None, "", [], {}, 42, ["zz"], {"a": 3}, "x" * 1000, [None]):
        assert grade(question, junk).points == 0.0


def test_served_question_keeps_answers_and_feedback_out_of_the_public_view(gift_bank: Bank) -> None:
    question = served(gift_bank, "mc")
    public = json.dumps(question.public())
    assert "Close" not in public and "weights" not in public
    assert question.public()["params"] == {"kind": "multiple_choice", "category": "Mixed",
                                           "multiple": False}  # fmt: skip
    assert question.explanation == ""
    assert served(gift_bank, "tf").explanation == "The moon is a satellite."
    assert Question.from_dict(json.loads(json.dumps(question.to_dict()))) == question


def test_options_are_shuffled_by_seed_unless_the_bank_says_not(gift_bank: Bank) -> None:
    orders = {tuple(o.label for o in served(gift_bank, "mc", seed).options) for seed in range(40)}
    assert len(orders) > 6
    fixed = load(_with("    shuffle: false\n"))
    orders = {
        tuple(o.label for o in served(fixed, "capital-france", seed).options) for seed in range(20)
    }
    assert orders == {("Paris", "Versailles", "Lyon")}


def test_sources_come_from_the_optional_sentence() -> None:
    question = served(load(BANK), "capital-france")
    assert question.fact_ids == ("capital-france",)
    assert [(s.source_title, s.sentence) for s in question.sources] == [
        ("School atlas", "Paris is the capital of France.")
    ]


def test_dump_and_reload_keep_every_question(gift_bank: Bank) -> None:
    again = load(dump_bank_yaml(gift_bank))
    assert again.questions == gift_bank.questions
    via_json = load_bank_text(json.dumps(bank_to_dict(gift_bank)), filename="b.json")
    assert via_json.questions == gift_bank.questions


def test_a_bank_without_questions_dumps_as_before(bank: Bank) -> None:
    assert "questions" not in bank_to_dict(bank)


# ---- quizzes -----------------------------------------------------------------------------------


def with_questions(bank: Bank, questions: dict[str, FixedQuestion]) -> Bank:
    return Bank(bank.info, bank.sources, bank.entities, bank.relations, bank.facts, questions)


@pytest.fixture(scope="module")
def mixed(bank: Bank, gift_bank: Bank) -> Bank:
    return with_questions(bank, dict(gift_bank.questions))


def test_fact_only_quizzes_are_exactly_what_they_were(bank: Bank) -> None:
    generated_types = [n for n in REGISTRY if n != "fixed"]
    for seed in range(5):
        plain = build_quiz(bank, count=12, seed=seed)
        assert plain == build_quiz(bank, count=12, seed=seed, types=generated_types)


def test_fixed_questions_mix_in_deterministically_and_at_most_once(mixed: Bank) -> None:
    first = [q.to_dict() for q in build_quiz(mixed, count=15, seed=9)]
    assert first == [q.to_dict() for q in build_quiz(mixed, count=15, seed=9)]
    assert len(first) == 15
    seen: Counter[str] = Counter()
    for seed in range(60):
        quiz = build_quiz(mixed, count=15, seed=seed)
        ids = [q.fact_ids[0] for q in quiz if q.type == "fixed"]
        assert len(ids) == len(set(ids))
        seen.update(ids)
    # 7 of 27 items are fixed, so about a quarter of each quiz: every question turns up.
    assert set(seen) == set(mixed.questions)
    assert 60 * 15 * 0.15 < sum(seen.values()) < 60 * 15 * 0.4


def test_type_filter_fixed_gives_only_fixed_questions(mixed: Bank) -> None:
    quiz = build_quiz(mixed, count=20, seed=1, types=["fixed"])
    assert sorted(q.fact_ids[0] for q in quiz) == sorted(mixed.questions)
    assert build_quiz(mixed, count=3, seed=1, types=["fixed"])[0].type == "fixed"
    assert all(q.type != "fixed" for q in build_quiz(mixed, count=20, seed=1, types=["numeric"]))


def test_kind_filter_leaves_fixed_questions_out_and_fact_ids_can_name_them(mixed: Bank) -> None:
    assert all(q.type != "fixed" for q in build_quiz(mixed, count=15, seed=2, kinds=["date"]))
    quiz = build_quiz(mixed, count=5, seed=2, fact_ids=["tf", "num", "taji_handover"])
    assert sorted(q.fact_ids[0] for q in quiz if q.type == "fixed") == ["num", "tf"]
    assert {q.fact_ids[0] for q in quiz} == {"tf", "num", "taji_handover"}


def test_a_fixed_question_is_never_made_from_a_fact(bank: Bank) -> None:
    fixed = REGISTRY["fixed"]
    fact = next(iter(bank.facts.values()))
    assert not fixed.applies(bank, fact)
    assert fixed.generate(bank, fact, _rng(0)) is None
