"""Chronological ordering: put 3-5 events in order, earliest first.

Only facts on the bank's timeline take part: dated to the day or month, and named as an event by
a `label` the bank writes (on the fact or its relation), never by a statement cut short, so no
label is a non-event or carries its own date. Events are at least a week apart, measured between
the whole periods every source gives (a contested date takes part when both sources put it on the
same side of every other event). Others come from the anchor's relation first, then from the
whole timeline. Credit is the fraction of pairs of events put in the right relative order
(Kendall's concordance): all right is correct, some right is partial.

Answer key: ``{"order": [option_id, ...]}`` earliest first.
Response: a list of every option id once, in the chosen order. A list that misses, repeats or
invents ids, or anything that is not a list, grades as incorrect with feedback.
"""

from __future__ import annotations

import random
import re
from collections.abc import Set
from itertools import combinations

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import DateValue, Fact, Grade, Question
from quizapp.engine.questions import phrasing
from quizapp.engine.questions.base import (
    QuestionType,
    build,
    is_blank,
    lettered,
    no_answer,
    register,
    scored,
    trivia,
)
from quizapp.engine.questions.distractors import sample
from quizapp.engine.text import canonical

MIN_ITEMS, MAX_ITEMS = 3, 5
# Events closer than a month apart (the base handovers of March 2020) can only be told apart by
# learning their days by heart, which no teacher asks of a class.
MIN_GAP_DAYS = 30
_LOOK = 16
# A year or a month name in a label would tell the order.
DATE_WORDS = re.compile(
    r"\b(?:1[0-9]|20)[0-9]{2}s?\b|\b(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b",
    re.IGNORECASE,
)


def period(fact: Fact) -> tuple[int, int] | None:
    """Return the first and last day any source dates the fact to, or None if not datable."""
    if not fact.values or not all(isinstance(v, DateValue) for v in fact.values):
        return None
    spans = [v.span() for v in fact.values if isinstance(v, DateValue)]
    return min(s[0] for s in spans), max(s[1] for s in spans)


def apart(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Tell whether two periods (first and last day) are a fair gap apart."""
    return b[0] - a[1] >= MIN_GAP_DAYS or a[0] - b[1] >= MIN_GAP_DAYS


class Ordering(QuestionType):
    """Order events in time."""

    name = "ordering"
    label = "Chronological order"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True for facts on the bank's timeline, when it holds enough events."""
        return len(bank.timeline) >= MIN_ITEMS and bank.on_timeline(fact)

    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return an ordering question around the fact, or None if too few events fit."""
        if not self.applies(bank, fact):
            return None
        want = rng.randint(MIN_ITEMS, MAX_ITEMS)
        chosen: list[tuple[Fact, tuple[int, int], str]] = []
        labels: set[str] = set()
        related = bank.timeline_by_relation.get(fact.relation, ())
        pools = [*sample(related, _LOOK, rng), *sample(bank.timeline, _LOOK, rng)]
        for other in (fact, *pools):
            if len(chosen) >= want:
                break
            span = period(other)
            label = phrasing.event_label(bank, other)
            if span is None or label is None or DATE_WORDS.search(label):
                continue
            if other.id in avoid or any(other.id == c[0].id for c in chosen):
                continue
            if trivia(bank, other) and not trivia(bank, fact):
                continue  # a question about the core is not padded with trivia
            key = canonical(label)
            if not key or key in labels or not all(apart(span, c[1]) for c in chosen):
                continue
            chosen.append((other, span, label))
            labels.add(key)
        if len(chosen) < MIN_ITEMS or chosen[0][0].id != fact.id:
            return None
        shown = chosen[:]
        rng.shuffle(shown)
        options = lettered([c[2] for c in shown])
        by_label = {o.label: o.id for o in options}
        order = [by_label[c[2]] for c in sorted(chosen, key=lambda c: c[1][0])]
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


register(Ordering())
