"""Date entry: type the date, graded at the precision the sources give it.

Asked only where the bank knows every right answer (`truth.right_answers`), and never with a stem
that holds the date or its year.

A day-precision fact needs day, month and year (right month and year but a wrong or missing day:
half credit). A month-precision fact needs month and year (right year only: half credit); a day
typed as well is ignored. A year-precision fact needs the year. For a contested fact each claimed
date is tried at its own precision and the best credit counts.

Answer key: ``{"values": ["2020-03-19", ...], "labels": [...], "precision": "day"}``.
Response: a string `text.parse_date` reads ("19 March 2020", "2020-03-19", "March 19, 2020",
"03/2020") or a dict ``{"year": 2020, "month": 3, "day": 19}`` (month and day optional).
Anything unreadable grades as incorrect with a hint.
"""

from __future__ import annotations

import random
from collections.abc import Set

from quizapp.engine.bank.dates import parse_date
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import DateValue, Fact, Grade, Question
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

HINTS = {"day": "e.g. 19 March 2020", "month": "e.g. March 2020", "year": "e.g. 2020"}


class DateEntry(QuestionType):
    """Type a date, graded at the fact's precision."""

    name = "date_entry"
    label = "Date entry"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True for date facts whose right answers the bank knows."""
        values = right_answers(bank, fact)
        return bool(values) and all(isinstance(v, DateValue) for v in values or ())

    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return a date-entry question, or None if the stem would give the date away."""
        accepted = right_answers(bank, fact) or ()
        values = [v for v in accepted if isinstance(v, DateValue)]
        if not values or len(values) != len(accepted):
            return None
        stem = phrasing.ask(bank, fact)
        if leaks(stem, [t for v in values for t in (v.display(), v.iso(), str(v.year))]):
            return None  # even the year alone halves the question
        precision = max((v.precision for v in values), key=("year", "month", "day").index)
        return build(
            self.name,
            bank,
            [fact],
            stem=stem,
            answer={
                "values": [v.iso() for v in values],
                "labels": [v.display() for v in values],
                "precision": precision,
            },
            params={"precision": precision, "hint": HINTS[precision]},
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade a typed date against every claimed date at its precision."""
        if is_blank(response):
            return no_answer(question)
        answer = question.answer if isinstance(question.answer, dict) else {}
        labels = " or ".join(answer.get("labels", ()))
        typed = _read(response)
        if typed is None:
            hint = HINTS.get(answer.get("precision", "day"), "")
            return scored(question, 0.0, f"Write a date ({hint}). The answer is {labels}.")
        truths = [DateValue.parse(v) for v in answer.get("values", ())]
        best = max((_credit(typed, t) for t in truths), default=0.0)
        if best >= 1.0:
            return scored(question, 1.0, f"Correct: {labels}.")
        if best > 0:
            return scored(question, best, f"Nearly: the answer is {labels}.")
        return scored(question, 0.0, f"Incorrect. The answer is {labels}.")


def _read(response: object) -> DateValue | None:
    if isinstance(response, str):
        return parse_date(response)
    if isinstance(response, dict):
        try:
            year, month, day = (_int(response.get(k)) for k in ("year", "month", "day"))
            if year is None or (day is not None and month is None):
                return None
            return DateValue.parse(
                f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
            )
        except (TypeError, ValueError):
            return None
    return None


def _int(part: object) -> int | None:
    if part is None or part == "":
        return None
    if isinstance(part, int) and not isinstance(part, bool):
        return part
    if isinstance(part, str) and part.strip().isdigit():
        return int(part)
    raise ValueError(f"not a whole number: {part!r}")


def _credit(typed: DateValue, truth: DateValue) -> float:
    if typed.year != truth.year:
        return 0.0
    if truth.precision == "year":
        return 1.0
    if typed.month != truth.month:
        return 0.5 if truth.precision == "month" else 0.0
    if truth.precision == "month" or typed.day == truth.day:
        return 1.0
    return 0.5


register(DateEntry())
