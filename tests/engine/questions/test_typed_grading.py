"""Typed answers, table by table: what is accepted, what is refused, and why (defect S)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from random import Random

import pytest

from quizapp.engine.bank import Bank, Question, load_bank
from quizapp.engine.questions import REGISTRY, grade

FAIR = Path(__file__).parents[1] / "fixtures" / "fair_bank.yaml"


@pytest.fixture(scope="module")
def fair() -> Bank:
    return load_bank(FAIR)


def typed(bank: Bank, type_name: str, fact_id: str, *, reverse: bool | None = None) -> Question:
    """Return a question of the type about the fact, forward or reverse as asked."""
    for seed in range(60):
        question = REGISTRY[type_name].generate(bank, bank.facts[fact_id], Random(seed))
        if question is None:
            continue
        if reverse is None or (question.params.get("form") == "reverse") == reverse:
            return question
    raise AssertionError(f"no {type_name} question about {fact_id}")


RANKS = [
    ("Major General", "correct"),
    ("major general", "correct"),
    ("Maj. Gen.", "correct"),  # the alias
    ("maj gen", "correct"),  # abbreviation without its dots
    ("  MAJOR-GENERAL ", "correct"),
    ("General", "incorrect"),  # McKenzie's and Milley's rank: another fact's value
    ("Lieutenant General", "incorrect"),
    ("Major", "incorrect"),
    ("", "incorrect"),
]


@pytest.mark.parametrize(("response", "outcome"), RANKS)
def test_a_rank(fair, response, outcome):
    assert grade(typed(fair, "short_answer", "brennan_rank"), response).outcome == outcome


POSTS = [
    ("Mark Milley", "correct"),
    ("Milley", "correct"),
    ("Martin Dempsey", "correct"),  # he chaired the Joint Chiefs too: both are right
    ("dempsey", "correct"),
    ("Frank McKenzie", "incorrect"),
    ("Mark", "incorrect"),
]


@pytest.mark.parametrize(("response", "outcome"), POSTS)
def test_who_held_a_post_more_than_one_held(fair, response, outcome):
    question = typed(fair, "short_answer", "milley_post", reverse=True)
    assert question.stem == "Who held the post of Chairman of the Joint Chiefs?"
    assert grade(question, response).outcome == outcome


HANDOVER = [
    ("19 March 2020", "correct"),  # the article
    ("17 March 2020", "correct"),  # the brief: contested, so never wrong
    ("2020-03-17", "correct"),
    ("March 19, 2020", "correct"),
    ("26 March 2020", "partial"),  # Qayyarah's date: right month only
    ("March 2020", "partial"),
    ("2020", "incorrect"),
    ("19 April 2020", "incorrect"),
    ("soon after", "incorrect"),
]


@pytest.mark.parametrize(("response", "outcome"), HANDOVER)
def test_a_contested_date(fair, response, outcome):
    assert grade(typed(fair, "date_entry", "al_qaim_handover"), response).outcome == outcome


def _worded(bank: Bank, fact_id: str, ask: str) -> Bank:
    facts = {**bank.facts, fact_id: replace(bank.facts[fact_id], ask=ask)}
    return Bank(bank.info, bank.sources, bank.entities, bank.relations, facts)


BOUND = [
    ("30", "correct"),  # the bound the source gives
    ("more than 30", "correct"),
    ("31", "partial"),  # within 10 % of the bound
    ("45", "incorrect"),  # perhaps true, but not the bound the stem asks for
    ("20", "incorrect"),
]


@pytest.mark.parametrize(("response", "outcome"), BOUND)
def test_a_bound(fair, response, outcome):
    bank = _worded(fair, "coalition_size", "From more than how many countries does {subject} draw?")
    question = typed(bank, "numeric", "coalition_size")
    assert grade(question, response).outcome == outcome


def test_an_estimate_is_graded_more_loosely_than_an_exact_count(bank):
    """'About 2,500 troops' takes 2,300 as right; an exact 2,500 only gives half credit for it."""
    exact = typed(bank, "numeric", "us_troops_2021")
    assert grade(exact, "2,300").outcome == "partial"
    about = replace(
        bank.facts["us_troops_2021"],
        claims=(replace(bank.facts["us_troops_2021"].claims[0],
                        value=replace(bank.facts["us_troops_2021"].value, qualifier="about")),),
    )  # fmt: skip
    loose = Bank(bank.info, bank.sources, bank.entities, bank.relations,
                 {**bank.facts, "us_troops_2021": about})  # fmt: skip
    question = typed(loose, "numeric", "us_troops_2021")
    assert question.answer["labels"] == ["about 2,500 troops"]
    assert grade(question, "2,300").outcome == "correct"
    assert grade(question, "1,950").outcome == "partial"
    assert grade(question, "1,500").outcome == "incorrect"


def test_a_frozen_question_from_before_keeps_its_grading():
    """Questions served before qualifiers existed carry one 'full'/'partial' pair."""
    old = Question(
        type="numeric",
        stem="How many troops?",
        answer={"values": [2500.0], "labels": ["2,500 troops"], "full": 0.02, "partial": 0.1},
        fact_ids=("f",),
        sources=(),
        explanation="",
    )
    assert grade(old, "2,500").outcome == "correct"
    assert grade(old, "2,400").outcome == "partial"
    legacy = Question(
        type="short_answer",
        stem="Which army?",
        answer={"accepted": ["usarmy"], "labels": ["U.S. Army"]},
        fact_ids=("f",),
        sources=(),
        explanation="",
    )
    assert grade(legacy, "U.S. Army").outcome == "correct"
    assert grade(legacy, "United States Army").outcome == "incorrect"  # as it was then


APOLLO = Path(__file__).parents[3] / "question_bank" / "apollo_program.yaml"
SERIES = [
    ("Apollo 17", "correct"),
    ("17", "correct"),  # "During which Apollo mission ...?": the number names the mission
    (" apollo-17 ", "correct"),
    ("Apollo XVII", "correct"),
    ("XVII", "incorrect"),
    ("16", "incorrect"),
    ("Apollo 16", "incorrect"),
    ("Gemini 17", "incorrect"),
]


@pytest.mark.parametrize(("response", "outcome"), SERIES)
def test_a_number_alone_names_a_mission_when_the_stem_names_the_series(response, outcome):
    apollo = load_bank(APOLLO)
    question = typed(apollo, "short_answer", "schmitt_walked")
    assert "Apollo mission" in question.stem
    assert grade(question, response).outcome == outcome


def test_a_number_alone_is_not_enough_when_the_stem_does_not_name_the_series(iraq_bank):
    # "Which base was the third to be handed over?": "1" is not K-1 Air Base
    question = typed(iraq_bank, "short_answer", "k1_order", reverse=False)
    assert grade(question, "K-1").outcome == "correct"
    assert grade(question, "1").outcome == "incorrect"
