"""Chronological ordering: put 3-5 dated events in order, earliest first.

The anchor fact and the others are uncontested date facts whose periods do not overlap (a
month-precision date never sits next to a day inside it), taken from the anchor's relation first,
then its kind, then a few of every kind; each event is named by its statement without the date.
Credit is the fraction of pairs of events put in the right relative order (Kendall's concordance):
all right is correct, some right is partial.

Answer key: ``{"order": [option_id, ...]}`` earliest first.
Response: a list of every option id once, in the chosen order. A list that misses, repeats or
invents ids, or anything that is not a list, grades as incorrect with feedback.
"""

from __future__ import annotations

import random
from itertools import combinations

from quizapp.engine import phrasing
from quizapp.engine.bank import Bank
from quizapp.engine.distractors import sample
from quizapp.engine.model import FACT_KINDS, DateValue, Fact, Grade, Question
from quizapp.engine.questions.base import (
    QuestionType,
    build,
    is_blank,
    leaks,
    lettered,
    no_answer,
    register,
    scored,
)
from quizapp.engine.text import normalize

MIN_ITEMS, MAX_ITEMS = 3, 5
_LOOK = 16


def _dated(fact: Fact) -> DateValue | None:
    value = fact.value
    return value if isinstance(value, DateValue) and not fact.contested else None


class Ordering(QuestionType):
    """Order events in time."""

    name = "ordering"
    label = "Chronological order"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True for uncontested date facts."""
        return _dated(fact) is not None

    def generate(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        """Return an ordering question around the fact, or None if too few events fit."""
        if _dated(fact) is None:
            return None
        want = rng.randint(MIN_ITEMS, MAX_ITEMS)
        chosen: list[tuple[Fact, DateValue, str]] = []
        labels: set[str] = set()
        pools = [
            *sample(bank.facts_by_relation.get(fact.relation, ()), _LOOK, rng),
            *sample(bank.facts_by_kind.get(fact.kind, ()), _LOOK, rng),
            *(f for kind in FACT_KINDS for f in sample(bank.facts_by_kind.get(kind, ()), 6, rng)),
        ]
        for other in (fact, *pools):
            date = _dated(other)
            if date is None or len(chosen) >= want or any(other.id == c[0].id for c in chosen):
                continue
            if any(_overlap(date, c[1]) for c in chosen):
                continue
            label = phrasing.event_label(bank, other)
            key = normalize(label)
            if not key or key in labels or leaks(label, [date.display(), date.iso()]):
                continue
            chosen.append((other, date, label))
            labels.add(key)
        if len(chosen) < MIN_ITEMS or chosen[0][0].id != fact.id:
            return None
        shown = chosen[:]
        rng.shuffle(shown)
        options = lettered([c[2] for c in shown])
        by_label = {o.label: o.id for o in options}
        order = [by_label[c[2]] for c in sorted(chosen, key=lambda c: c[1].ordinal())]
        return build(
            self.name,
            bank,
            [c[0] for c in chosen],
            stem="Put these events in chronological order, earliest first.",
            answer={"order": order},
            options=options,
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade an order by the share of pairs placed right."""
        if is_blank(response):
            return no_answer(question)
        order = list(question.answer.get("order", ())) if isinstance(question.answer, dict) else []
        labels = {o.id: o.label for o in question.options}
        right = " → ".join(labels.get(i, "") for i in order)
        if (
            not isinstance(response, list | tuple)
            or not all(isinstance(r, str) for r in response)
            or sorted(response) != sorted(order)
        ):
            return scored(question, 0.0, f"Place every event once. The order is: {right}.")
        rank = {option_id: i for i, option_id in enumerate(response)}
        pairs = list(combinations(order, 2))
        good = sum(1 for a, b in pairs if rank[a] < rank[b])
        if good == len(pairs):
            return scored(question, 1.0, "Correct order.")
        feedback = f"{good} of {len(pairs)} pairs in the right order. The order is: {right}."
        return scored(question, good / len(pairs), feedback)


def _overlap(a: DateValue, b: DateValue) -> bool:
    a0, a1 = a.span()
    b0, b1 = b.span()
    return a0 <= b1 and b0 <= a1


register(Ordering())
