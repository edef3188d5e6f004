"""Numeric entry: type a figure; full credit when within 2%, half credit when within 10%.

Applies to facts whose value is a quantity. `params` carry the unit, what is counted and whether
the source gives the figure as approximate, so the form can show them. For a contested figure the
response is measured against the nearest claimed value. A figure of 0 needs exactly 0.

Answer key: ``{"values": [amount, ...], "labels": [display, ...], "full": 0.02, "partial": 0.1}``.
Response: a number or a string `text.parse_number` reads ("2,500", "2.5k", "about 2500 troops").
Anything unreadable grades as incorrect with a hint.
"""

from __future__ import annotations

import random

from quizapp.engine import phrasing
from quizapp.engine.bank import Bank
from quizapp.engine.model import Fact, Grade, Quantity, Question
from quizapp.engine.questions.base import (
    QuestionType,
    build,
    is_blank,
    leaks,
    no_answer,
    register,
    scored,
)
from quizapp.engine.questions.choice import answer_texts
from quizapp.engine.text import parse_number

FULL = 0.02
PARTIAL = 0.10


class Numeric(QuestionType):
    """Type a number, graded with a tolerance."""

    name = "numeric"
    label = "Numeric entry"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True for facts whose values are all quantities."""
        return all(isinstance(v, Quantity) for v in fact.values)

    def generate(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        """Return a numeric-entry question, or None if the stem would give the figure away."""
        values = [v for v in fact.values if isinstance(v, Quantity)]
        if not values or len(values) != len(fact.values):
            return None
        stem = phrasing.ask(bank, fact)
        if leaks(stem, [t for v in values for t in answer_texts(bank, v)]):
            return None
        first = values[0]
        return build(
            self.name,
            bank,
            [fact],
            stem=stem,
            answer={
                "values": [v.amount for v in values],
                "labels": [v.display() for v in values],
                "full": FULL,
                "partial": PARTIAL,
            },
            params={"unit": first.unit, "counts": first.counts, "approximate": first.approximate},
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade a typed number against every claimed figure."""
        if is_blank(response):
            return no_answer(question)
        answer = question.answer if isinstance(question.answer, dict) else {}
        labels = " or ".join(answer.get("labels", ()))
        number = parse_number(response) if isinstance(response, str | int | float) else None
        if number is None:
            return scored(question, 0.0, f"That is not a number. The answer is {labels}.")
        best = max((_credit(number, float(v), answer) for v in answer.get("values", ())), default=0)
        if best >= 1.0:
            return scored(question, 1.0, f"Correct: {labels}.")
        if best > 0:
            return scored(question, best, f"Close: the answer is {labels}.")
        return scored(question, 0.0, f"Incorrect. The answer is {labels}.")


def _credit(number: float, truth: float, answer: dict[str, float]) -> float:
    if truth == 0:
        return 1.0 if number == 0 else 0.0
    error = abs(number - truth) / abs(truth)
    if error <= answer.get("full", FULL) + 1e-12:
        return 1.0
    return 0.5 if error <= answer.get("partial", PARTIAL) + 1e-12 else 0.0


register(Numeric())
