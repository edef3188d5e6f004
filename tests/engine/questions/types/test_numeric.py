"""Numeric entry: tolerance, partial credit, parsing of typed numbers, junk responses."""

from __future__ import annotations

import pytest

from quizapp.engine.questions import REGISTRY, grade


def test_question_carries_unit_and_no_answer_in_stem(gen):
    q = gen("numeric", "us_troops_2021")
    assert q.stem == "How many troops did United States have in Iraq in January 2021?"
    assert q.params["unit"] == "troops"
    assert "2,500" not in q.stem and "2500" not in q.stem
    assert q.options == ()


def test_not_for_dates(bank):
    assert not REGISTRY["numeric"].applies(bank, bank.facts["taji_handover"])


@pytest.mark.parametrize(
    ("response", "outcome", "points"),
    [
        ("2500", "correct", 1.0),
        ("2,500", "correct", 1.0),
        ("2 500 troops", "correct", 1.0),
        ("about 2500", "correct", 1.0),
        ("2.5k", "correct", 1.0),
        (2500, "correct", 1.0),
        (2540.0, "correct", 1.0),  # within 2%
        ("2,300", "partial", 0.5),  # 8% off
        ("2700", "partial", 0.5),
        ("2000", "incorrect", 0.0),
        ("25000", "incorrect", 0.0),
        ("-2500", "incorrect", 0.0),
        ("lots", "incorrect", 0.0),
        ("2,500-3,000", "incorrect", 0.0),
        (True, "incorrect", 0.0),
        ([2500], "incorrect", 0.0),
        (None, "incorrect", 0.0),
        ("", "incorrect", 0.0),
        (float("nan"), "incorrect", 0.0),
    ],
)
def test_grading(gen, response, outcome, points):
    g = grade(gen("numeric", "us_troops_2021"), response)
    assert (g.outcome, g.points) == (outcome, points)
    if outcome != "correct" and response not in (None, ""):
        assert "2,500 troops" in g.feedback


def test_small_counts_need_the_exact_number(gen):
    q = gen("numeric", "bases_by_april")
    assert grade(q, "7").outcome == "incorrect"  # 7 is 12.5% from 8 and 17% from 6
