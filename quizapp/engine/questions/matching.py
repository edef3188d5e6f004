"""Matching: pair 3-5 subjects with their values for one relation (base → handover date,
person → role, speaker → quote).

Pairs come from facts of the anchor's relation. A pair joins only when the match stays unique: no
subject may also be true of another pair's value according to the bank (dates that overlap count),
and no two subjects or values share a label. For a contested fact one claimed value is shown.
Each subject is credited separately.

Answer key: ``{"pairs": {left_id: right_id, ...}}``; left ids are letters, right ids numbers, each
column shuffled on its own.
Response: a dict ``{left_id: right_id}``. Unknown ids and non-string values earn nothing; anything
that is not a dict grades as incorrect with feedback.
"""

from __future__ import annotations

import random

from quizapp.engine import phrasing
from quizapp.engine.bank import Bank
from quizapp.engine.distractors import is_false, sample
from quizapp.engine.model import Fact, Grade, Question, Value
from quizapp.engine.questions.base import (
    QuestionType,
    build,
    is_blank,
    lettered,
    no_answer,
    numbered,
    register,
    scored,
)
from quizapp.engine.text import normalize

MAX_LABEL = 80
MIN_PAIRS, MAX_PAIRS = 3, 5
_LOOK = 20


class Matching(QuestionType):
    """Match subjects to values of one relation."""

    name = "matching"
    label = "Matching"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True when the fact's relation has enough facts to pair up."""
        return _pairable(bank, fact) and (
            len(bank.facts_by_relation.get(fact.relation, ())) >= MIN_PAIRS
        )

    def generate(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        """Return a matching question around the fact, or None if too few pairs stay unique."""
        want = rng.randint(MIN_PAIRS, MAX_PAIRS)
        chosen: list[tuple[Fact, Value, str, str]] = []
        seen: set[str] = set()
        others = sample(bank.facts_by_relation.get(fact.relation, ()), _LOOK, rng)
        for other in (fact, *others):
            if len(chosen) >= want:
                break
            if not _pairable(bank, other):
                continue
            value = rng.choice(other.values)
            left = bank.entities[other.subject].name
            right = bank.display(value)
            keys = {"l:" + normalize(left), "r:" + normalize(right)}
            if other.id in {c[0].id for c in chosen} or keys & seen:
                continue
            if not all(
                is_false(bank, c[0].subject, fact.relation, value)
                and is_false(bank, other.subject, fact.relation, c[1])
                for c in chosen
            ):
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
        template = bank.relations[fact.relation].ask
        prompt = phrasing.render(template, subject="…", value="…")
        return build(
            self.name,
            bank,
            [c[0] for c in chosen],
            stem=f"Match each one on the left with its answer to: “{prompt}”",
            answer={"pairs": pairs},
            options=left_options,
            right_options=right_options,
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


def _pairable(bank: Bank, fact: Fact) -> bool:
    """Tell whether a fact fits one shared column heading.

    A fact that needs its own question wording (`ask` set on the fact) does not read well under
    the relation's generic heading, and a long text value makes an unreadable column.
    """
    return fact.ask is None and len(bank.display(fact.value)) <= MAX_LABEL
