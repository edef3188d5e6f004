"""Contested facts: every claimed value is right, none is ever a wrong option, sources differ."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.cards import card_for
from quizapp.engine.questions import REGISTRY, grade
from quizapp.engine.quiz import build_quiz

CONTESTED = ["al_qaim_handover", "k1_handover", "bases_by_april"]


@pytest.mark.parametrize("fact_id", CONTESTED)
def test_every_type_lists_both_sources_and_says_they_differ(bank, fact_id):
    fact = bank.facts[fact_id]
    for name, qtype in REGISTRY.items():
        if not qtype.applies(bank, fact):
            continue
        for seed in range(10):
            q = qtype.generate(bank, fact, Random(seed))
            if q is None or fact_id not in q.fact_ids:
                continue
            assert q.contested, name
            assert {s.source_id for s in q.sources if s.fact_id == fact_id} == {"wiki", "tic"}
            assert "Sources differ: " in q.explanation
            assert "“Wikipedia article” gives" in q.explanation
            assert "“TIC brief” gives" in q.explanation


@pytest.mark.parametrize("fact_id", ["al_qaim_handover", "k1_handover"])
def test_multiple_choice_never_offers_the_other_claim_as_wrong(bank, fact_id):
    fact = bank.facts[fact_id]
    claimed = {bank.display(v) for v in fact.values}
    shown_right = set()
    for seed in range(60):
        q = REGISTRY["multiple_choice"]._forward(bank, fact, Random(seed))
        assert q is not None
        labels = [o.label for o in q.options]
        assert len(claimed & set(labels)) == 1
        right = next(o for o in q.options if o.id in q.answer["correct"])
        assert right.label in claimed
        shown_right.add(right.label)
        g = grade(q, right.id)
        assert g.outcome == "correct" and "Sources differ" in g.feedback
    assert shown_right == claimed  # either claim may be the one shown


@pytest.mark.parametrize(
    ("type_name", "fact_id", "responses"),
    [
        ("date_entry", "al_qaim_handover", ["19 March 2020", "17 March 2020"]),
        ("date_entry", "k1_handover", ["2020-03-29", "30 March 2020"]),
        ("numeric", "bases_by_april", ["6", "8"]),
    ],
)
def test_every_claimed_value_is_graded_correct(gen, type_name, fact_id, responses):
    q = gen(type_name, fact_id)
    for response in responses:
        g = grade(q, response)
        assert g.outcome == "correct", response
        assert "Sources differ" in g.feedback


def test_a_contested_fact_is_never_stated_as_true_or_false_nor_matched(bank):
    # "al-Qaim was handed over on 17 March 2020" is false to whoever read the other source
    fact = bank.facts["al_qaim_handover"]
    for name in ("true_false", "matching"):
        assert not REGISTRY[name].applies(bank, fact)
        assert all(REGISTRY[name].generate(bank, fact, Random(s)) is None for s in range(40))
    quiz = build_quiz(bank, count=40, seed=3, types=["true_false", "matching"])
    assert quiz and all("al_qaim_handover" not in q.fact_ids for q in quiz)


def test_flashcard_back_lists_both_claims(bank):
    card = card_for(bank, bank.facts["al_qaim_handover"])
    assert card.front == "When was al-Qaim base handed over to Iraqi forces?"
    assert card.back == "19 March 2020 or 17 March 2020"
    assert card.contested and "Sources differ" in card.note
    assert [s.source_title for s in card.sources] == ["Wikipedia article", "TIC brief"]
    plain = card_for(bank, bank.facts["taji_handover"])
    assert plain.back == "23 August 2020" and not plain.contested and plain.note == ""
