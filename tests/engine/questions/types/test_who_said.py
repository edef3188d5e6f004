"""Who said it: quote shown, speakers as options, graded like a pick."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.questions import REGISTRY, grade

WHO = REGISTRY["who_said"]


def test_stem_quotes_and_options_are_people(bank):
    for seed in range(20):
        q = WHO.generate(bank, bank.facts["trump_quote"], Random(seed))
        assert q is not None
        assert (
            q.stem == "Who said: “We will charge them sanctions like they've never seen before.”?"
        )
        labels = {o.label for o in q.options}
        assert "Donald Trump" in labels
        people = {e.name for e in bank.entities_by_type["person"]}
        assert labels <= people
        assert [o.label for o in q.options if o.id in q.answer["correct"]] == ["Donald Trump"]


def test_only_quote_facts(bank):
    assert WHO.applies(bank, bank.facts["mahdi_quote"])
    assert not WHO.applies(bank, bank.facts["soleimani_role"])


@pytest.mark.parametrize(("pick", "outcome"), [("right", "correct"), ("wrong", "incorrect"),
                                               (None, "incorrect")])
def test_grading(bank, pick, outcome):
    q = WHO.generate(bank, bank.facts["trump_quote"], Random(2))
    assert q is not None
    right = q.answer["correct"][0]
    chosen = {"right": right, "wrong": next(o.id for o in q.options if o.id != right), None: None}
    g = grade(q, chosen[pick])
    assert g.outcome == outcome
    if pick == "wrong":
        assert g.feedback == "Incorrect. The answer is Donald Trump."
