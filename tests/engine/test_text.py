"""Answer normalisation, date parsing and number parsing."""

from __future__ import annotations

import pytest

from quizapp.engine.bank import DateValue
from quizapp.engine.bank.dates import parse_date
from quizapp.engine.text import answer_key, normalize, parse_number


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al-Qā’im", "al qaim"),
        ("  K-1   Air Base ", "k 1 air base"),
        ("“Quoted”", "quoted"),
        ("Ain al‑Asad", "ain al asad"),
    ],
)
def test_normalize(a, b):
    assert normalize(a) == b


def test_answer_key_drops_article_and_spaces():
    assert answer_key("The United-States.") == answer_key("united states") == "unitedstates"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2020", DateValue(2020)),
        ("2020-03", DateValue(2020, 3)),
        ("2020-03-19", DateValue(2020, 3, 19)),
        ("2020/3/19", DateValue(2020, 3, 19)),
        ("19 March 2020", DateValue(2020, 3, 19)),
        ("March 19, 2020", DateValue(2020, 3, 19)),
        ("19th of March, 2020", DateValue(2020, 3, 19)),
        ("sept 2020", DateValue(2020, 9)),
        ("03/2020", DateValue(2020, 3)),
        ("19/03/2020", DateValue(2020, 3, 19)),
        ("03/19/2020", DateValue(2020, 3, 19)),
        ("04/03/2020", None),
        ("30 February 2020", None),
        ("March", None),
        ("19 Foo 2020", None),
        ("", None),
    ],
)
def test_parse_date(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2500", 2500),
        ("2,500", 2500),
        ("2 500", 2500),
        ("2.5k", 2500),
        ("1.2 million", 1_200_000),
        ("about 27 km", 27),
        ("0.5", 0.5),
        ("-3", -3),
        ("2,500-3,000", None),
        ("1.2.3", None),
        ("abc", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value
