"""Chronological ordering: non-overlapping uncontested events, pairwise partial credit."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.model import Claim, DateValue, Fact
from quizapp.engine.questions import REGISTRY, grade

ORDER = REGISTRY["ordering"]


def test_events_are_uncontested_distinct_and_named_without_dates(bank):
    for seed in range(40):
        q = ORDER.generate(bank, bank.facts["taji_handover"], Random(seed))
        assert q is not None
        assert 3 <= len(q.options) <= 5
        assert "al_qaim_handover" not in q.fact_ids and "k1_handover" not in q.fact_ids
        assert q.fact_ids[0] == "taji_handover"
        assert len(set(q.fact_ids)) == len(q.fact_ids) == len(q.options)
        assert sorted(q.answer["order"]) == sorted(o.id for o in q.options)
        for option in q.options:
            assert "2020" not in option.label and option.label.endswith(
                "handed over to Iraqi forces"
            )
        dates = [bank.facts[i].value for i in q.fact_ids]
        assert len(set(dates)) == len(dates)


def test_contested_facts_are_not_ordered(bank):
    assert not ORDER.applies(bank, bank.facts["al_qaim_handover"])


def test_a_month_never_sits_with_a_day_inside_it(bank_with):
    bank = bank_with(
        Fact("taqaddum_month", "base", "handed_over_on", "taji",
             (Claim(DateValue(2020, 4), "tic", "In April 2020 Taji ..."),)),
    )  # fmt: skip
    for seed in range(40):
        q = ORDER.generate(bank, bank.facts["taqaddum_month"], Random(seed))
        if q is not None:
            assert "taqaddum_handover" not in q.fact_ids  # 4 April 2020 is inside April 2020
            assert "abu_ghraib_handover" not in q.fact_ids


@pytest.fixture
def four(bank):
    for seed in range(100):
        q = ORDER.generate(bank, bank.facts["qayyarah_handover"], Random(seed))
        if q is not None and len(q.options) == 4:
            return q
    raise AssertionError("no four-event question")


def test_grading_right_reversed_and_one_swap(four):
    order = list(four.answer["order"])
    assert grade(four, order).outcome == "correct"
    assert grade(four, tuple(order)).points == 1.0
    reversed_ = grade(four, order[::-1])
    assert (reversed_.outcome, reversed_.points) == ("incorrect", 0.0)
    swapped = [order[1], order[0], *order[2:]]
    g = grade(four, swapped)
    assert g.outcome == "partial" and g.points == pytest.approx(5 / 6, abs=1e-3)
    assert "5 of 6 pairs" in g.feedback


@pytest.mark.parametrize(
    "response",
    [None, "", [], "a,b,c,d", ["a", "b"], ["a", "a", "b", "c"], ["a", "b", "c", "z"], [1, 2, 3, 4],
     {"a": 1}],
)  # fmt: skip
def test_malformed_orders_are_incorrect(four, response):
    g = grade(four, response)
    assert g.outcome == "incorrect" and g.points == 0
    assert g.feedback == "No answer." or "The order is:" in g.feedback
