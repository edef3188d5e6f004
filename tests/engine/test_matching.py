"""Matching: unique pairs from one relation, per-pair credit, malformed responses."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.questions import REGISTRY, grade

MATCH = REGISTRY["matching"]


def test_pairs_are_unique_and_true(bank):
    for seed in range(40):
        q = MATCH.generate(bank, bank.facts["k1_handover"], Random(seed))
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
        # K-1 (29/30 March) and Al-Sqoor (30 March) together would make two right matchings.
        assert not {"k1_handover", "sqoor_handover"} <= set(q.fact_ids)


def test_person_to_role(bank, oid):
    q = MATCH.generate(bank, bank.facts["soleimani_role"], Random(0))
    assert q is not None and len(q.options) == 3
    key = {
        oid(q, "Qassem Soleimani"): oid(q, "commander of the Quds Force"),
        oid(q, "Abu Mahdi al-Muhandis"): oid(q, "deputy chief of the PMF"),
        oid(q, "Adil Abdul-Mahdi"): oid(q, "Prime Minister of Iraq"),
    }
    assert q.answer["pairs"] == key
    assert grade(q, key).outcome == "correct"
    one_right = dict(key)
    a, b = [k for k in key if k != oid(q, "Qassem Soleimani")]
    one_right[a], one_right[b] = key[b], key[a]
    g = grade(q, one_right)
    assert g.outcome == "partial" and g.points == pytest.approx(1 / 3, abs=1e-3)
    assert "1 of 3 pairs" in g.feedback
    swapped_all = dict(zip(key, [key[k] for k in list(key)[1:] + list(key)[:1]], strict=True))
    assert grade(q, swapped_all).outcome == "incorrect"
    assert grade(q, {**key, "zz": "9"}).outcome == "correct"  # unknown extras earn nothing extra
    bad_values = {k: 1 for k in key}
    assert grade(q, bad_values).outcome == "incorrect"


@pytest.mark.parametrize("response", [None, {}, "", "a=1", ["a", "1"], 42])
def test_malformed(bank, response):
    q = MATCH.generate(bank, bank.facts["soleimani_role"], Random(0))
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
