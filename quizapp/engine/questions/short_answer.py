"""Short answer: type a name or a short text.

Forward when the value is an entity (its name and aliases are accepted) or a short text (a role,
a place: at most 8 words); reverse ("Which base was handed over on 19 March 2020?") when the
relation has a reverse template, accepting every subject the bank gives that value. For a
contested fact every claimed value is accepted. Case, accents, punctuation, extra spaces and a
leading "the" are forgiven (`text.answer_key`).

Answer key: ``{"accepted": [key, ...], "labels": [display, ...]}``.
Response: a string. Anything else grades as incorrect with feedback.
"""

from __future__ import annotations

import random

from quizapp.engine import phrasing
from quizapp.engine.bank import Bank
from quizapp.engine.distractors import true_values
from quizapp.engine.model import EntityRef, Fact, Grade, Question, Value
from quizapp.engine.questions.base import (
    QuestionType,
    build,
    is_blank,
    leaks,
    no_answer,
    register,
    scored,
)
from quizapp.engine.text import answer_key

MAX_WORDS = 8


def _typeable(value: Value) -> bool:
    return isinstance(value, EntityRef) or (
        isinstance(value, str) and 0 < len(value.split()) <= MAX_WORDS
    )


def _texts(bank: Bank, value: Value) -> list[str]:
    if isinstance(value, EntityRef):
        entity = bank.entities[value.entity_id]
        return [entity.name, *entity.aliases]
    return [bank.display(value)]


class ShortAnswer(QuestionType):
    """Type a name or short text, forgiving spelling noise but not wrong words."""

    name = "short_answer"
    label = "Short answer"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True when the value is typeable or the relation can be asked in reverse."""
        return all(_typeable(v) for v in fact.values) or (
            phrasing.reverse_template(bank, fact) is not None
        )

    def generate(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        """Return a typed-answer question, forward or reverse, or None."""
        makers = [self._forward, self._reverse]
        rng.shuffle(makers)
        for make in makers:
            question = make(bank, fact, rng)
            if question is not None:
                return question
        return None

    def _forward(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        if not all(_typeable(v) for v in fact.values):
            return None
        accepted = [v for v in true_values(bank, fact.subject, fact.relation) if _typeable(v)]
        return self._make(bank, fact, phrasing.ask(bank, fact), accepted, list(fact.values))

    def _reverse(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        shown = rng.choice(fact.values)
        stem = phrasing.ask_reverse(bank, fact, shown)
        if stem is None:
            return None
        subjects: list[Value] = [EntityRef(s) for s in bank.subjects_with(fact.relation, shown)]
        return self._make(bank, fact, stem, subjects, [EntityRef(fact.subject)])

    def _make(
        self, bank: Bank, fact: Fact, stem: str, accepted: list[Value], shown: list[Value]
    ) -> Question | None:
        texts = [t for v in accepted for t in _texts(bank, v)]
        keys = list(dict.fromkeys(k for k in map(answer_key, texts) if k))
        if not keys or leaks(stem, texts):
            return None
        labels = [bank.display(v) for v in shown]
        return build(
            self.name, bank, [fact], stem=stem, answer={"accepted": keys, "labels": labels}
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade a typed answer against every accepted spelling."""
        if is_blank(response):
            return no_answer(question)
        answer = question.answer if isinstance(question.answer, dict) else {}
        labels = " or ".join(answer.get("labels", ()))
        if not isinstance(response, str) or len(response) > 500:
            return scored(question, 0.0, f"Type your answer as text. The answer is {labels}.")
        if answer_key(response) in answer.get("accepted", ()):
            return scored(question, 1.0, f"Correct: {labels}.")
        return scored(question, 0.0, f"Incorrect. The answer is {labels}.")


register(ShortAnswer())
