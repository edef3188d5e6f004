"""Each rule that keeps questions fair, on a small bank that reproduces the defect it prevents.

The bank (fixtures/fair_bank.yaml) holds, one relation each, what made a teacher reject the first
engine's questions: an open list of allies (Croatia offered as "false"), bases used by several
countries (a reverse question keyed to one), two chairmen of the Joint Chiefs, "over 30
countries", free-text places, ranks written two ways, and "1 American fatality".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from random import Random

import pytest

from quizapp.engine.bank import Bank, EntityRef, Question, load_bank
from quizapp.engine.bank.truth import compatible, known_false
from quizapp.engine.questions import REGISTRY, grade, phrasing
from quizapp.engine.questions.types.ordering import DATE_WORDS

FAIR = Path(__file__).parents[1] / "fixtures" / "fair_bank.yaml"
TYPES = [name for name in REGISTRY if name != "fixed"]


@pytest.fixture(scope="module")
def fair() -> Bank:
    return load_bank(FAIR)


def questions(bank: Bank, type_name: str, fact_id: str, seeds: int = 40) -> Iterator[Question]:
    """Yield every question a type makes about a fact over many seeds."""
    for seed in range(seeds):
        question = REGISTRY[type_name].generate(bank, bank.facts[fact_id], Random(seed))
        if question is not None:
            yield question


def with_relation(bank: Bank, relation_id: str, **changes: object) -> Bank:
    """Return the bank with one relation's meaning changed."""
    relations = {**bank.relations, relation_id: replace(bank.relations[relation_id], **changes)}
    return Bank(bank.info, bank.sources, bank.entities, relations, bank.facts, bank.questions)


# ---- open lists and many true answers (T) -----------------------------------------------------


@pytest.mark.parametrize("type_name", TYPES)
def test_an_open_list_never_offers_an_unstated_value_as_wrong(fair, type_name):
    """ "... the United Kingdom, France, Jordan and more": Croatia is not known to be false."""
    assert not list(questions(fair, type_name, "ally_uk"))
    assert not known_false(fair, "syria_intervention", "ally", EntityRef("croatia"))


@pytest.mark.parametrize("type_name", ["multiple_choice", "short_answer"])
def test_a_value_several_subjects_share_is_never_asked_in_reverse_as_if_unique(fair, type_name):
    """Spain used Al-Taqaddum and Besmaya: "Which base did Spain use?" has two answers."""
    assert not list(questions(fair, type_name, "besmaya_spain"))
    assert not list(questions(fair, type_name, "taqaddum_spain"))


def test_a_closed_relation_asked_in_reverse_accepts_every_true_subject(fair):
    """Milley and Dempsey both chaired the Joint Chiefs: the typed answer takes either."""
    reverse = [q for q in questions(fair, "short_answer", "milley_post") if "Who held" in q.stem]
    assert reverse
    for question in reverse:
        assert grade(question, "Martin Dempsey").outcome == "correct"
        assert grade(question, "milley").outcome == "correct"
        assert grade(question, "Frank McKenzie").outcome == "incorrect"
    for question in questions(fair, "multiple_choice", "dempsey_post"):
        if question.stem.startswith("Who held"):
            wrong = {o.label for o in question.options} - {"Martin Dempsey"}
            assert "Mark Milley" not in wrong


def test_used_by_becomes_fair_once_the_bank_says_it_lists_every_user(fair):
    closed = with_relation(fair, "used_by", closed=True, typed_answers=True)
    reverse = [q for q in questions(closed, "short_answer", "besmaya_spain") if "Spain" in q.stem]
    assert reverse
    assert all(grade(q, "Al-Taqaddum Air Base").outcome == "correct" for q in reverse)
    assert all(grade(q, "Besmaya").outcome == "correct" for q in reverse)


def test_names_are_typed_only_where_the_bank_says_they_are_written_one_way(fair):
    """"Who used Besmaya?" might be "Spain", "Spanish forces", "the Spanish": not typed."""
    closed = with_relation(fair, "used_by", closed=True)
    assert not list(questions(closed, "short_answer", "besmaya_spain"))
    assert list(questions(closed, "multiple_choice", "besmaya_spain"))


# ---- numbers with qualifiers (F) --------------------------------------------------------------


def test_over_30_does_not_make_over_20_false(fair):
    size = fair.facts["coalition_size"].value
    bound = replace(size, amount=20)
    assert compatible(fair, bound, size)  # "more than 20" holds if "more than 30" does
    assert compatible(fair, replace(size, amount=45, qualifier="exact"), size)
    assert not compatible(fair, replace(size, amount=20, qualifier="exact"), size)
    for type_name in ("true_false", "multiple_choice", "matching"):
        assert not list(questions(fair, type_name, "coalition_size")), type_name


def test_a_bound_is_asked_only_by_a_stem_that_asks_for_the_bound(fair):
    assert not list(questions(fair, "numeric", "coalition_size"))  # "How many countries ...?"
    worded = replace(
        fair.facts["coalition_size"], ask="From more than how many countries does {subject} draw?"
    )
    bank = Bank(
        fair.info, fair.sources, fair.entities, fair.relations,
        {**fair.facts, "coalition_size": worded},
    )  # fmt: skip
    asked = list(questions(bank, "numeric", "coalition_size"))
    assert asked
    assert all(q.answer["labels"] == ["more than 30 countries"] for q in asked)
    assert grade(asked[0], "30").outcome == "correct"
    assert grade(asked[0], "45").outcome == "incorrect"


def test_units_agree_with_their_numbers(fair):
    fact = fair.facts["k1_fatalities"]
    stated = phrasing.statement(fair, fact)
    assert stated == "The rocket attack on K-1 Air Base caused one American fatality."
    false = [q for q in questions(fair, "true_false", "k1_fatalities") if not q.answer["true"]]
    assert false
    assert all(q.stem.endswith("American fatalities.") for q in false), [q.stem for q in false]


# ---- free text (E, W, S, A) -------------------------------------------------------------------


@pytest.mark.parametrize("type_name", TYPES)
def test_free_text_without_the_authors_distractors_is_asked_by_no_type(fair, type_name):
    assert not list(questions(fair, type_name, "al_qaim_west"))


def test_free_text_with_distractors_offers_only_those(fair):
    written = {"north of Basra", "east of Erbil", "west of Kirkuk", "south of Mosul"}
    asked = list(questions(fair, "multiple_choice", "qayyarah_mosul"))
    assert asked
    for question in asked:
        assert {o.label for o in question.options} <= written
        assert "west of Baghdad" not in {o.label for o in question.options}
    false = [q for q in questions(fair, "true_false", "qayyarah_mosul") if not q.answer["true"]]
    assert false and all("west of Baghdad" not in q.stem for q in false)
    for type_name in ("short_answer", "matching"):
        assert not list(questions(fair, type_name, "qayyarah_mosul")), type_name


# ---- synonyms (D) and typed answers (S) ------------------------------------------------------


def test_a_rank_and_its_abbreviation_are_one_option(fair):
    for question in questions(fair, "multiple_choice", "brennan_rank"):
        labels = {o.label for o in question.options}
        assert labels <= {"General", "Major General", "Lieutenant General"}
        assert len(labels) == len(question.options)
    asked = list(questions(fair, "short_answer", "brennan_rank"))
    assert asked
    assert grade(asked[0], "Maj. Gen.").outcome == "correct"
    assert grade(asked[0], "major general").outcome == "correct"
    assert grade(asked[0], "General").outcome == "incorrect"


# ---- the disagreement itself -----------------------------------------------------------------


def test_the_disagreement_is_asked_by_source(fair):
    asked = [
        q
        for q in questions(fair, "multiple_choice", "al_qaim_handover", seeds=80)
        if q.params.get("form") == "disagreement"
    ]
    assert asked
    for question in asked:
        labels = [o.label for o in question.options]
        assert {"19 March 2020", "17 March 2020"} <= set(labels)
        right = next(o.label for o in question.options if o.id in question.answer["correct"])
        expected = "17 March 2020" if "TIC Brief" in question.stem else "19 March 2020"
        assert right == expected
        assert "The sources differ" in question.stem


def test_a_contested_fact_is_never_graded_wrong_for_either_value(fair):
    for question in questions(fair, "date_entry", "al_qaim_handover"):
        assert grade(question, "17 March 2020").outcome == "correct"
        assert grade(question, "19 March 2020").outcome == "correct"
    for question in questions(fair, "true_false", "al_qaim_handover"):
        shows_a_claim = "17 March 2020" in question.stem or "19 March 2020" in question.stem
        assert question.answer["true"] == shows_a_claim


# ---- events and their labels (O, G) ----------------------------------------------------------


def test_ordering_uses_event_labels_without_dates(fair, days_apart):
    asked = list(questions(fair, "ordering", "besmaya_handover"))
    assert asked
    for question in asked:
        for option in question.options:
            assert not DATE_WORDS.search(option.label), option.label
        labels = {o.label for o in question.options}
        assert "Besmaya Camp is handed over to Iraqi forces" in labels


def test_no_date_entry_stem_holds_the_answers_year(fair):
    stems = [q.stem for f in fair.facts for q in questions(fair, "date_entry", f, seeds=3)]
    assert stems
    for stem in stems:
        assert "2019" not in stem and "2020" not in stem
