"""Short answer: type a name.

Only for relations whose names a learner writes one way (`typed_answers`): "Who carried out the
airstrike?" has too many right ways to write it to be typed. Forward when the value is an entity
and the bank knows every right answer
(`truth.right_answers`): each right entity's name and aliases are accepted, and for a contested
fact every claimed value's. Reverse ("Which base was handed over on 19 March 2020?") when the
value's subjects are known (`truth.subjects_pinned`), accepting every subject the bank gives that
value. Free text is never asked as a typed answer: a clause cannot be graded by spelling. Case,
accents, punctuation, extra spaces, a leading "the" and abbreviations ("Gen." for "General")
are forgiven (`text.answer_key`), and a number alone is enough when the stem names its series
("17" for "During which Apollo mission ...?", whose answer is Apollo 17).

Answer key: ``{"accepted": [key, ...], "labels": [display, ...]}``.
Response: a string. Anything else grades as incorrect with feedback.
"""

from __future__ import annotations

import random
from collections.abc import Set

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import EntityRef, Fact, Grade, Question, Value
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
from quizapp.engine.questions.types.multiple_choice import reversible
from quizapp.engine.text import answer_key, response_keys


def _forward_answers(bank: Bank, fact: Fact) -> list[EntityRef] | None:
    if not bank.relations[fact.relation].typed_answers:
        return None
    values = right_answers(bank, fact)
    if not values or not all(isinstance(v, EntityRef) for v in values):
        return None
    return [v for v in values if isinstance(v, EntityRef)]


def _typed_reverse(bank: Bank, fact: Fact) -> bool:
    return bank.relations[fact.relation].typed_answers and reversible(bank, fact)


def _texts(bank: Bank, value: EntityRef) -> tuple[str, ...]:
    return bank.entities[value.entity_id].names()


_ROMAN = (("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def _roman(number: int) -> str:
    out = ""
    for letters, worth in _ROMAN:
        while number >= worth:
            out, number = out + letters, number - worth
    return out


def _numbered_forms(stem: str, texts: list[str]) -> list[str]:
    """Return other ways to write numbered answers such as "Apollo 17".

    "Apollo XVII" always; "17" alone when the stem names the series ("During which Apollo
    mission ...?"), since a learner who types 17 then means Apollo 17.
    """
    asked = {answer_key(w) for w in stem.split()}
    found = []
    for text in texts:
        *series, number = text.split()
        if not series or not number.isdigit() or not 0 < int(number) < 50:
            continue
        found.append(" ".join([*series, _roman(int(number))]))
        if asked.issuperset(map(answer_key, series)):
            found.append(number)
    return found


class ShortAnswer(QuestionType):
    """Type a name, forgiving spelling noise but not wrong words."""

    name = "short_answer"
    label = "Short answer"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True when the value is an entity with known answers, or it can be reversed."""
        if fact.kind == "quote":
            return False  # a speaker is picked in who said it, not typed from a long quotation
        return _forward_answers(bank, fact) is not None or _typed_reverse(bank, fact)

    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return a typed-answer question, forward or reverse, or None."""
        if not self.applies(bank, fact):
            return None
        makers = [self._forward, self._reverse]
        rng.shuffle(makers)
        for make in makers:
            question = make(bank, fact, rng)
            if question is not None:
                return question
        return None

    def _forward(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        accepted = _forward_answers(bank, fact)
        if accepted is None:
            return None
        shown: list[Value] = list(fact.values)
        return self._make(bank, fact, phrasing.ask(bank, fact), accepted, shown)

    def _reverse(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        if not _typed_reverse(bank, fact):
            return None
        value = rng.choice(fact.values)
        stem = phrasing.ask_reverse(bank, fact, value)
        if stem is None:
            return None
        subjects = [EntityRef(s) for s in bank.subjects_with(fact.relation, value)]
        shown: list[Value] = list(subjects)
        return self._make(bank, fact, stem, subjects, shown, {"form": "reverse"})

    def _make(
        self,
        bank: Bank,
        fact: Fact,
        stem: str,
        accepted: list[EntityRef],
        shown: list[Value],
        params: dict[str, object] | None = None,
    ) -> Question | None:
        texts = [t for v in accepted for t in _texts(bank, v)]
        if leaks(stem, texts):
            return None
        texts += [t for t in _numbered_forms(stem, texts) if t not in texts]
        keys = list(dict.fromkeys(k for k in map(answer_key, texts) if k))
        if not keys:
            return None
        labels = list(dict.fromkeys(bank.display(v) for v in shown))
        return build(
            self.name,
            bank,
            [fact],
            stem=stem,
            answer={"accepted": keys, "labels": labels},
            params={**(params or {}), "_spellings": texts},
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade a typed answer against every accepted spelling."""
        if is_blank(response):
            return no_answer(question)
        answer = question.answer if isinstance(question.answer, dict) else {}
        labels = " or ".join(answer.get("labels", ()))
        if not isinstance(response, str) or len(response) > 500:
            return scored(question, 0.0, f"Type your answer as text. The answer is {labels}.")
        if response_keys(response) & set(answer.get("accepted", ())):
            return scored(question, 1.0, f"Correct: {labels}.")
        return scored(question, 0.0, f"Incorrect. The answer is {labels}.")


register(ShortAnswer())
