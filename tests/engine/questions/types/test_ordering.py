"""Chronological ordering: non-overlapping uncontested events, pairwise partial credit."""

from __future__ import annotations

import itertools
from random import Random

import pytest

from quizapp.engine.bank import Claim, DateValue, Fact
from quizapp.engine.questions import REGISTRY, grade
from quizapp.engine.questions.types.ordering import MIN_GAP_DAYS, period

ORDER = REGISTRY["ordering"]


def test_events_are_a_month_apart_distinct_and_named_by_their_labels(bank):
    for seed in range(40):
        q = ORDER.generate(bank, bank.facts["taji_handover"], Random(seed))
        assert q is not None
        assert 3 <= len(q.options) <= 5
        assert q.fact_ids[0] == "taji_handover"
        assert len(set(q.fact_ids)) == len(q.fact_ids) == len(q.options)
        assert sorted(q.answer["order"]) == sorted(o.id for o in q.options)
        for option in q.options:
            assert "2020" not in option.label
            assert option.label.endswith("is handed over to Iraqi forces") or option.label == (
                "The parliament vote"
            )
        periods = sorted(period(bank.facts[i]) for i in q.fact_ids)
        assert all(b[0] - a[1] >= MIN_GAP_DAYS >= 30 for a, b in itertools.pairwise(periods))


def test_a_contested_date_is_ordered_by_the_whole_period_its_sources_give(bank, days_apart):
    """al-Qaim: 17 March (brief) or 19 March (article); either way a week before 26 March."""
    assert period(bank.facts["al_qaim_handover"]) == (
        DateValue(2020, 3, 17).ordinal(),
        DateValue(2020, 3, 19).ordinal(),
    )
    together = 0
    for seed in range(60):
        q = ORDER.generate(bank, bank.facts["al_qaim_handover"], Random(seed))
        if q is None:
            continue
        periods = sorted(period(bank.facts[i]) for i in q.fact_ids)
        assert all(b[0] - a[1] >= 1 for a, b in itertools.pairwise(periods))
        together += "qayyarah_handover" in q.fact_ids
    assert together  # 26 March is after the later claim


def test_facts_without_a_label_are_never_ordered(bank):
    unlabelled = [f for f in bank.facts.values() if f.relation == "troops"]
    assert unlabelled and not any(ORDER.applies(bank, f) for f in unlabelled)


def test_a_month_never_sits_with_a_day_inside_it(bank_with, days_apart):
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
def four(bank, days_apart):
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
