"""True or false: a statement of the fact, either as the sources state it or minimally altered.

Half the time (by the rng) the statement carries a claimed value; otherwise the value is swapped
for the most plausible wrong value the bank knows to be false (the author's distractors first,
then a nearby date at the same precision, a figure with the same unit, another entity of the same
type: see `distractors`). A fact that cannot be stated falsely is not asked at all, so that true
and false stay equally likely. A contested fact is not stated at all: either source's value, stated
plainly, is false to a learner who read the other (the disagreement has its own question).

Answer key: ``{"true": bool}``. Response: ``"true"``/``"false"`` (any case, also ``"t"``/``"f"``,
``"yes"``/``"no"``) or a bool. Anything else grades as incorrect with feedback.
"""

from __future__ import annotations

import random
from collections.abc import Set

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import Fact, Grade, Option, Question
from quizapp.engine.questions import phrasing
from quizapp.engine.questions.base import QuestionType, build, is_blank, no_answer, register, scored
from quizapp.engine.questions.distractors import can_distract, value_distractors

_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}
OPTIONS = (Option("true", "True"), Option("false", "False"))


class TrueFalse(QuestionType):
    """Judge whether a statement is true."""

    name = "true_false"
    label = "True or false"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True when the statement carries the value and can be made false."""
        if fact.contested:
            return False
        return "{value}" in phrasing.statement_template(bank, fact) and can_distract(bank, fact)

    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return a true or a minimally altered false statement of the fact."""
        if not self.applies(bank, fact):
            return None
        want_true = rng.random() < 0.5
        wrong = value_distractors(bank, fact, 2, rng)
        if not wrong:
            return None  # whichever was wanted: asking only true ones would tell the answer
        shown = fact.values[0] if want_true else rng.choice(wrong)
        stem = phrasing.statement(bank, fact, shown)
        return build(
            self.name,
            bank,
            [fact],
            stem=stem,
            answer={"true": want_true},
            options=OPTIONS,
            params={"prompt": "True or false?"},
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade a true/false judgement."""
        if is_blank(response):
            return no_answer(question)
        if isinstance(response, bool):
            said: bool | None = response
        elif isinstance(response, str) and response.strip().casefold() in _TRUE | _FALSE:
            said = response.strip().casefold() in _TRUE
        else:
            said = None
        truth = bool(question.answer.get("true")) if isinstance(question.answer, dict) else False
        expected = "true" if truth else "false"
        if said is None:
            return scored(question, 0.0, f"Answer true or false. The statement is {expected}.")
        if said == truth:
            return scored(question, 1.0, f"Correct: the statement is {expected}.")
        return scored(question, 0.0, f"Incorrect: the statement is {expected}.")


register(TrueFalse())
