"""Date entry: graded at the fact's precision, in every documented input form."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.bank import Claim, DateValue, Fact
from quizapp.engine.questions import REGISTRY, grade


@pytest.mark.parametrize(
    ("response", "outcome", "points"),
    [
        ("26 March 2020", "correct", 1.0),
        ("2020-03-26", "correct", 1.0),
        ("March 26, 2020", "correct", 1.0),
        ("26th of March 2020", "correct", 1.0),
        ("26/03/2020", "correct", 1.0),
        ("26 mar 2020", "correct", 1.0),
        ({"year": 2020, "month": 3, "day": 26}, "correct", 1.0),
        ({"year": "2020", "month": "3", "day": "26"}, "correct", 1.0),
        ("27 March 2020", "partial", 0.5),
        ("March 2020", "partial", 0.5),
        ("26 March 2019", "incorrect", 0.0),
        ("2020", "incorrect", 0.0),
        ("04/03/2020", "incorrect", 0.0),  # ambiguous day/month: refused
        ("31 February 2020", "incorrect", 0.0),
        ("yesterday", "incorrect", 0.0),
        ({"year": "x"}, "incorrect", 0.0),
        ({"day": 26}, "incorrect", 0.0),
        (20200326, "incorrect", 0.0),
        (None, "incorrect", 0.0),
        ("", "incorrect", 0.0),
    ],
)
def test_day_precision(gen, response, outcome, points):
    q = gen("date_entry", "qayyarah_handover")
    assert q.params["precision"] == "day"
    g = grade(q, response)
    assert (g.outcome, g.points) == (outcome, points)


@pytest.fixture
def coarse(bank_with):
    return bank_with(
        Fact("taji_year", "base", "handed_over_on", "taji",
             (Claim(DateValue(2020), "wiki", "In 2020 Taji was handed over."),)),
        Fact("taqaddum_month", "base", "handed_over_on", "taqaddum",
             (Claim(DateValue(2020, 4), "tic", "In April 2020 ..."),)),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fact_id", "response", "outcome"),
    [
        ("taji_year", "2020", "correct"),
        ("taji_year", "2019", "incorrect"),
        ("taji_year", "23 August 2020", "correct"),  # only the year is graded
        ("taqaddum_month", "April 2020", "correct"),
        ("taqaddum_month", "04/2020", "correct"),
        ("taqaddum_month", "2020-04", "correct"),
        ("taqaddum_month", "4 April 2020", "correct"),
        ("taqaddum_month", "May 2020", "partial"),
        ("taqaddum_month", "April 2021", "incorrect"),
    ],
)
def test_coarser_precisions(coarse, fact_id, response, outcome):
    q = REGISTRY["date_entry"].generate(coarse, coarse.facts[fact_id], Random(0))
    assert q is not None
    assert q.params["precision"] == ("year" if fact_id == "taji_year" else "month")
    assert grade(q, response).outcome == outcome
