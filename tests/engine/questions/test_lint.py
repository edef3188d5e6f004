"""The linter catches what a teacher would reject, and the quiz builder drops and counts it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from quizapp.engine.bank import Bank, Option, Question, SourceRef, load_bank
from quizapp.engine.questions import lint as rules
from quizapp.engine.questions.lint import lint
from quizapp.engine.quiz import build_quiz

FAIR = Path(__file__).parents[1] / "fixtures" / "fair_bank.yaml"


@pytest.fixture(scope="module")
def fair() -> Bank:
    return load_bank(FAIR)


def pick(
    stem: str, right: str, *wrong: str, fact: str = "brennan_rank", **params: object
) -> Question:
    labels = [right, *wrong]
    options = tuple(Option("abcd"[i], label) for i, label in enumerate(labels))
    return Question(
        type="multiple_choice",
        stem=stem,
        answer={"correct": ["a"]},
        fact_ids=(fact,),
        sources=(SourceRef(fact, "wiki", "Wikipedia article", "A sentence."),),
        explanation="",
        options=options,
        params=params,
    )


def test_a_fair_question_passes(fair):
    q = pick("What was John Brennan's rank?", "Major General", "General", "Lieutenant General")
    assert lint(fair, q) == []


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        (
            pick(
                "What was Major General John Brennan's rank?",
                "Major General",
                "General",
                "Lt. Gen.",
            ),
            rules.ANSWER_IN_STEM,
        ),
        (
            pick("What was John Brennan's rank?", "Major General", "Maj. Gen.", "General"),
            rules.DUPLICATE,
        ),
        (
            pick("What was John Brennan's rank?", "Major General", "General", "Gen."),
            rules.DUPLICATE,
        ),
        (
            pick("What was John Brennan's rank?", "Major General", "General", "19 March 2020"),
            rules.MIXED,
        ),
        (
            pick(
                "What was John Brennan's rank?",
                "Major General of the coalition's land forces in northern Iraq",
                "General",
                "Colonel",
            ),
            rules.LENGTH,
        ),
        (
            pick(
                "What was the state of ISIS as of 2024 in Syria?",
                "as of 2024, contained in Syria to a small area",
                "spreading across the whole region",
                "defeated and disbanded for good",
            ),
            rules.ECHOES_STEM,
        ),
        (
            pick("what was John  Brennan's rank ?", "Major General", "General", "Colonel"),
            rules.GARBLED,
        ),
    ],
)
def test_each_rule(fair, question, reason):
    assert reason in lint(fair, question)


def test_a_wrong_option_the_bank_says_is_true(fair):
    """Milley and McKenzie were both Generals: offering "General" as wrong for McKenzie is T."""
    q = pick("What was Frank McKenzie's rank?", "Lieutenant General", "General", "Major General",
             fact="mckenzie_rank")  # fmt: skip
    assert rules.TRUE_OPTION in lint(fair, q)


def test_reverse_options_held_by_the_value_are_true(fair):
    """Who held the post of Chairman of the Joint Chiefs? Dempsey offered as wrong beside Milley."""
    q = pick("Who held the post of Chairman of the Joint Chiefs?", "Mark Milley", "Martin Dempsey",
             "Frank McKenzie", fact="milley_post", form="reverse")  # fmt: skip
    assert rules.TRUE_OPTION in lint(fair, q)


def test_ordering_labels_with_dates(fair):
    q = Question(
        type="ordering",
        stem="Put these events in chronological order, earliest first.",
        answer={"order": ["a", "b", "c"]},
        fact_ids=("k1_attack_date", "soleimani_strike_date", "besmaya_handover"),
        sources=(),
        explanation="",
        options=(
            Option("a", "Attack on the U.S. Embassy (2019–2020) begins"),
            Option("b", "The airstrike that killed Qasem Soleimani"),
            Option("c", "Besmaya Camp is handed over"),
        ),
    )
    assert rules.DATED_LABEL in lint(fair, q)


def test_the_builder_drops_what_the_linter_rejects_and_counts_why(fair):
    """An answer three times longer than its wrong options tells itself: never asked that way."""
    long_name = "Major General commanding the coalition's land component in northern Iraq"
    entities = {
        **fair.entities,
        "major_general": replace(fair.entities["major_general"], name=long_name, aliases=()),
    }
    bank = Bank(fair.info, fair.sources, entities, fair.relations, fair.facts)  # fmt: skip
    rejected: Counter[str] = Counter()
    for seed in range(10):
        quiz = build_quiz(bank, count=25, seed=seed, types=["multiple_choice"], kinds=["actor"],
                          rejected=rejected)  # fmt: skip
        assert quiz
        for question in quiz:
            assert lint(bank, question) == []
            right = [o.label for o in question.options if o.id in question.answer["correct"]]
            assert right != [long_name]
    assert rejected[rules.LENGTH] > 0
