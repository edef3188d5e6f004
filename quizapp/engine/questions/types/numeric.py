"""Numeric entry: type a figure, graded with a tolerance that follows the source's qualifier.

Applies to facts whose value is a quantity and whose right answers the bank knows (one value per
subject, or the fact's own question). An exact figure earns full credit within 2% and half credit
within 10%; an "about" figure full credit within 10% and half within 25%. A bound ("more than 30
countries") is asked only by a stem that asks for the bound ("More than how many ...?"), and the
bound itself earns full credit. For a contested figure the response is measured against the
nearest claimed value. A figure of 0 needs exactly 0. `params` carry the unit and what is
counted, so the form can show them; the review shows each value with its qualifier.

Answer key: ``{"values": [amount, ...], "labels": [display, ...], "tolerances": [[full, half],
...]}`` (older questions carry one ``"full"`` and ``"partial"`` for every value).
Response: a number or a string `text.parse_number` reads ("2,500", "2.5k", "about 2500 troops").
Anything unreadable grades as incorrect with a hint.
"""

from __future__ import annotations

import random
import re
from collections.abc import Set
from typing import Any

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import Fact, Grade, Quantity, Question
from quizapp.engine.bank.truth import right_answers
from quizapp.engine.questions import phrasing
from quizapp.engine.questions.base import (
    QuestionType,
    build,
    is_blank,
    leaks,
    no_answer,
    register,
    scored,
)
from quizapp.engine.questions.choice import answer_texts, states_number
from quizapp.engine.text import parse_number

FULL = 0.02
PARTIAL = 0.10
TOLERANCES = {"exact": (FULL, PARTIAL), "about": (0.10, 0.25)}
# A stem that asks for a bound says which side of it the truth lies.
_BOUND_WORDS = {
    "at_least": r"at least|or more|minimum",
    "more_than": r"more than|over|above|upwards of",
    "at_most": r"at most|or fewer|or less|maximum|up to",
    "fewer_than": r"fewer than|less than|under|below",
}


def asks_for_bound(stem: str, quantity: Quantity) -> bool:
    """Return True when the stem asks for the bound the source gives, not for an exact number."""
    words = _BOUND_WORDS.get(quantity.qualifier)
    return words is None or re.search(rf"\b(?:{words})\b", stem, re.IGNORECASE) is not None


class Numeric(QuestionType):
    """Type a number, graded with a tolerance."""

    name = "numeric"
    label = "Numeric entry"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True for quantity facts whose right answers the bank knows."""
        values = right_answers(bank, fact)
        return bool(values) and all(isinstance(v, Quantity) for v in values or ())

    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return a numeric-entry question, or None if the stem would give the figure away."""
        values = [v for v in right_answers(bank, fact) or () if isinstance(v, Quantity)]
        if not values or len(values) != len(right_answers(bank, fact) or ()):
            return None
        stem = phrasing.ask(bank, fact)
        if leaks(stem, [t for v in values for t in answer_texts(bank, v)]) or states_number(
            stem, values
        ):
            return None
        if not all(asks_for_bound(stem, v) for v in values):
            return None  # "How many countries?" with "more than 30" would mark 45 wrong
        first = values[0]
        return build(
            self.name,
            bank,
            [fact],
            stem=stem,
            answer={
                "values": [v.amount for v in values],
                "labels": [v.display() for v in values],
                "tolerances": [list(TOLERANCES.get(v.qualifier, (FULL, PARTIAL))) for v in values],
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
        values = list(answer.get("values", ()))
        tolerances = _tolerances(answer, len(values))
        best = max(
            (_credit(number, float(v), tol) for v, tol in zip(values, tolerances, strict=False)),
            default=0.0,
        )
        if best >= 1.0:
            return scored(question, 1.0, f"Correct: {labels}.")
        if best > 0:
            return scored(question, best, f"Close: the answer is {labels}.")
        return scored(question, 0.0, f"Incorrect. The answer is {labels}.")


def _tolerances(answer: dict[str, Any], count: int) -> list[tuple[float, float]]:
    given = answer.get("tolerances")
    if isinstance(given, list) and len(given) == count:
        return [(float(full), float(half)) for full, half in given]
    return [(float(answer.get("full", FULL)), float(answer.get("partial", PARTIAL)))] * count


def _credit(number: float, truth: float, tolerance: tuple[float, float]) -> float:
    if truth == 0:
        return 1.0 if number == 0 else 0.0
    full, half = tolerance
    error = abs(number - truth) / abs(truth)
    if error <= full + 1e-12:
        return 1.0
    return 0.5 if error <= half + 1e-12 else 0.0


register(Numeric())
