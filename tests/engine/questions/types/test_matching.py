"""Matching: unique pairs from one relation, per-pair credit, malformed responses."""

from __future__ import annotations

import itertools
from random import Random

import pytest

from quizapp.engine.bank import Claim, DateValue, Fact
from quizapp.engine.questions import REGISTRY, grade
from quizapp.engine.questions.types.ordering import MIN_GAP_DAYS

MATCH = REGISTRY["matching"]


def test_pairs_are_unique_and_true(bank, days_apart):
    for seed in range(40):
        q = MATCH.generate(bank, bank.facts["taqaddum_handover"], Random(seed))
        assert q is not None
        assert 3 <= len(q.options) == len(q.right_options) <= 5
        assert [o.id for o in q.options] == list("abcde"[: len(q.options)])
        assert [o.id for o in q.right_options] == [str(i + 1) for i in range(len(q.options))]
        lefts = {o.id: o.label for o in q.options}
        rights = {o.id: o.label for o in q.right_options}
        by_name = {bank.entities[bank.facts[i].subject].name: bank.facts[i] for i in q.fact_ids}
        for left, right in q.answer["pairs"].items():
            fact = by_name[lefts[left]]
            assert rights[right] in {bank.display(v) for v in fact.values}
        # K-1 (29 or 30 March, by source) would show one claim as the only one
        assert not any(bank.facts[i].contested for i in q.fact_ids)


def test_base_to_province(bank, oid):
    q = MATCH.generate(bank, bank.facts["al_qaim_province"], Random(0))
    assert q is not None and len(q.options) >= 3
    assert q.stem == "Match each item on the left with its answer to: “In which province is …?”"
    key = dict(q.answer["pairs"])
    assert key[oid(q, "al-Qaim base")] == oid(q, "Anbar")
    assert grade(q, key).outcome == "correct"
    a, b = list(key)[:2]
    one_swap = {**key, a: key[b], b: key[a]}
    g = grade(q, one_swap)
    assert g.outcome == "partial"
    assert g.points == pytest.approx((len(key) - 2) / len(key), abs=1e-3)
    assert f"{len(key) - 2} of {len(key)} pairs" in g.feedback
    assert grade(q, {**key, "zz": "9"}).outcome == "correct"  # unknown extras earn nothing extra
    assert grade(q, {k: 1 for k in key}).outcome == "incorrect"


def test_the_relation_prompt_heads_the_question(bank, days_apart):
    q = MATCH.generate(bank, bank.facts["taqaddum_handover"], Random(3))
    assert q is not None
    assert q.stem == "Match each base with the date it was handed over to Iraqi forces."


def test_free_text_never_fills_a_matching_column(bank):
    """Two texts can mean one thing ("in the north", "in northern Iraq"): two right pairings."""
    for fact_id in ("soleimani_role", "muhandis_role", "mahdi_role", "trump_quote"):
        assert not MATCH.applies(bank, bank.facts[fact_id])
        assert MATCH.generate(bank, bank.facts[fact_id], Random(0)) is None


def test_an_open_many_valued_relation_is_never_matched(bank_with):
    """Without values: one or closed, another pairing may be true too: no matching at all."""
    from dataclasses import replace

    from tests.engine.conftest import make_bank, standard_facts

    base = bank_with()
    open_relations = {
        **base.relations,
        "in_province": replace(base.relations["in_province"], values="many", closed=False),
    }
    bank = type(base)(base.info, base.sources, base.entities, open_relations, base.facts)
    assert make_bank(standard_facts()).facts.keys() == bank.facts.keys()
    assert not MATCH.applies(bank, bank.facts["al_qaim_province"])


@pytest.mark.parametrize("response", [None, {}, "", "a=1", ["a", "1"], 42])
def test_malformed(bank, response):
    q = MATCH.generate(bank, bank.facts["al_qaim_province"], Random(0))
    g = grade(q, response)
    assert g.outcome == "incorrect" and g.points == 0
    assert g.feedback == "No answer." or "The pairs are:" in g.feedback


def test_needs_three_facts_of_the_relation(bank):
    assert not MATCH.applies(bank, bank.facts["soleimani_killed"])


def test_shipped_bank_matching_uses_shared_headings_and_short_labels(iraq_bank):
    """Facts with their own wording or long texts never end up in a matching column."""
    import random

    from quizapp.engine.questions import REGISTRY

    matching = REGISTRY["matching"]
    bank = iraq_bank
    made = 0
    for fact in bank.facts.values():
        if not matching.applies(bank, fact):
            continue
        question = matching.generate(bank, fact, random.Random(fact.id))
        if question is None:
            continue
        made += 1
        assert all(bank.facts[f].ask is None for f in question.fact_ids)
        assert all(len(o.label) <= 80 for o in question.right_options)
    assert made >= 5


def test_a_question_about_the_core_is_not_padded_with_trivia(bank, days_apart):
    from dataclasses import replace

    from quizapp.engine.bank import Bank

    facts = {
        **bank.facts,
        "taji_handover": replace(bank.facts["taji_handover"], importance="peripheral"),
    }
    padded = Bank(bank.info, bank.sources, bank.entities, bank.relations, facts)
    for type_name in ("matching", "ordering"):
        for seed in range(40):
            fact = padded.facts["qayyarah_handover"]
            q = REGISTRY[type_name].generate(padded, fact, Random(seed))
            assert q is None or "taji_handover" not in q.fact_ids


def test_dates_in_the_value_column_are_a_month_apart(bank, bank_with):
    # 26 March, 30 March, 4 and 6 April side by side are learnt by heart, not understood: with
    # only Taji (August) a month from them, the standard bank has no handover matching
    assert not any(MATCH.generate(bank, bank.facts["taji_handover"], Random(s)) for s in range(40))
    spaced = bank_with(
        Fact("qayyarah_handover", "base", "handed_over_on", "qayyarah",
             (Claim(DateValue(2019, 11, 2), "wiki", "Q-West: 2 November 2019."),)),
        Fact("sqoor_handover", "base", "handed_over_on", "sqoor",
             (Claim(DateValue(2021, 1, 10), "wiki", "Al-Sqoor: 10 January 2021."),)),
        without=["qayyarah_handover", "sqoor_handover"],
    )  # fmt: skip
    made = [MATCH.generate(spaced, spaced.facts["taji_handover"], Random(s)) for s in range(40)]
    assert any(made)
    for q in filter(None, made):
        days = sorted(v.ordinal() for i in q.fact_ids for v in spaced.facts[i].values)
        assert all(b - a >= MIN_GAP_DAYS for a, b in itertools.pairwise(days))
        assert not {"taqaddum_handover", "abu_ghraib_handover"} <= set(q.fact_ids)
