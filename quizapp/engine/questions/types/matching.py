"""Matching: pair 3-5 subjects with their values for one relation (base → handover date,
person → post, base → province).

Only relations where the bank knows what is false take part (`values: one` or `closed`), with
dates, numbers or entities as values (never free text: two texts can mean the same thing, and
then two pairings are right). A pair joins only when the match stays unique: every other pair's
value must be known false for its subject, and the other way round; no two subjects or values
share a label or could be ways of saying each other; no subject's label holds its value or its
year. A fact worded by its own question does not read under the relation's shared heading and
stays out. A contested fact stays out too (one claimed value would be shown as the only one), and
dates in the value column are a month apart, as in chronological ordering. Each subject is credited
separately.

Answer key: ``{"pairs": {left_id: right_id, ...}}``; left ids are letters, right ids numbers, each
column shuffled on its own.
Response: a dict ``{left_id: right_id}``. Unknown ids and non-string values earn nothing; anything
that is not a dict grades as incorrect with feedback.
"""

from __future__ import annotations

import random
from collections.abc import Set

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import DateValue, Fact, Grade, Quantity, Question, Value
from quizapp.engine.bank.truth import compatible, known_false
from quizapp.engine.questions import phrasing
from quizapp.engine.questions.base import (
    QuestionType,
    build,
    is_blank,
    lettered,
    no_answer,
    numbered,
    register,
    scored,
    trivia,
)
from quizapp.engine.questions.distractors import sample
from quizapp.engine.questions.types.ordering import apart
from quizapp.engine.text import canonical, contains_phrase

MAX_LABEL = 80
MIN_PAIRS, MAX_PAIRS = 3, 5
_LOOK = 20


def _pairable(bank: Bank, fact: Fact) -> bool:
    """Tell whether a fact can be one row of a matching question about its relation."""
    meaning = bank.relations[fact.relation]
    if meaning.value_type == "text" or not (meaning.closed or meaning.values == "one"):
        return False
    if fact.contested or any(isinstance(v, Quantity) and v.bounded for v in fact.values):
        return False
    return fact.ask is None and all(len(bank.display(v)) <= MAX_LABEL for v in fact.values)


def _gives_away(left: str, value: Value, right: str) -> bool:
    if contains_phrase(left, right):
        return True
    return isinstance(value, DateValue) and contains_phrase(left, str(value.year))


class Matching(QuestionType):
    """Match subjects to values of one relation."""

    name = "matching"
    label = "Matching"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True when the fact's relation has enough facts to pair up."""
        return _pairable(bank, fact) and (
            len(bank.facts_by_relation.get(fact.relation, ())) >= MIN_PAIRS
        )

    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return a matching question around the fact, or None if too few pairs stay unique."""
        if not self.applies(bank, fact):
            return None
        want = rng.randint(MIN_PAIRS, MAX_PAIRS)
        chosen: list[tuple[Fact, Value, str, str]] = []
        seen: set[str] = set()
        others = sample(bank.facts_by_relation.get(fact.relation, ()), _LOOK, rng)
        for other in (fact, *others):
            if len(chosen) >= want:
                break
            if other.id in avoid or other.id in {c[0].id for c in chosen}:
                continue
            if trivia(bank, other) and not trivia(bank, fact):
                continue  # a question about the core is not padded with trivia
            if not _pairable(bank, other):
                continue
            value = rng.choice(other.values)
            left = bank.entities[other.subject].label()
            right = bank.display(value)
            keys = {"l:" + canonical(left), "r:" + canonical(right)}
            if keys & seen or _gives_away(left, value, right):
                continue
            if not all(self._unique(bank, fact.relation, other, value, c) for c in chosen):
                continue
            chosen.append((other, value, left, right))
            seen |= keys
        if len(chosen) < MIN_PAIRS or chosen[0][0].id != fact.id:
            return None
        lefts, rights = chosen[:], chosen[:]
        rng.shuffle(lefts)
        rng.shuffle(rights)
        left_options = lettered([c[2] for c in lefts])
        right_options = numbered([c[3] for c in rights])
        right_id = {c[3]: o.id for c, o in zip(rights, right_options, strict=True)}
        pairs = {o.id: right_id[c[3]] for c, o in zip(lefts, left_options, strict=True)}
        return build(
            self.name,
            bank,
            [c[0] for c in chosen],
            stem=phrasing.match_prompt(bank, fact.relation),
            answer={"pairs": pairs},
            options=left_options,
            right_options=right_options,
        )

    @staticmethod
    def _unique(
        bank: Bank, relation: str, other: Fact, value: Value, pair: tuple[Fact, Value, str, str]
    ) -> bool:
        """Return True if neither subject could also be matched with the other's value."""
        fact, shown = pair[0], pair[1]
        if compatible(bank, value, shown) or fact.subject == other.subject:
            return False
        if (
            isinstance(value, DateValue)
            and isinstance(shown, DateValue)
            and not apart(value.span(), shown.span())
        ):
            return False  # 26 and 29 March 2020 side by side: learnt by heart, not understood
        return known_false(bank, fact.subject, relation, value) and known_false(
            bank, other.subject, relation, shown
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade each pair separately."""
        if is_blank(response):
            return no_answer(question)
        pairs = dict(question.answer.get("pairs", {})) if isinstance(question.answer, dict) else {}
        left = {o.id: o.label for o in question.options}
        right = {o.id: o.label for o in question.right_options}
        key = "; ".join(f"{left.get(k, '')} → {right.get(v, '')}" for k, v in pairs.items())
        if not isinstance(response, dict):
            return scored(question, 0.0, f"Match each item. The pairs are: {key}.")
        good = sum(1 for k, v in pairs.items() if response.get(k) == v)
        if good == len(pairs):
            return scored(question, 1.0, "All pairs correct.")
        feedback = f"{good} of {len(pairs)} pairs correct. The pairs are: {key}."
        return scored(question, good / max(1, len(pairs)), feedback)


register(Matching())
