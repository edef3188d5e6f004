"""True or false: a statement of the fact, either as the sources state it or minimally altered.

Half the time (by the rng) the statement carries a claimed value; otherwise one value is swapped
for the most plausible distractor (a nearby date at the same precision, a figure with the same
unit, another entity of the same type), so the statement is false according to the bank. For a
contested fact any claimed value makes a true statement.

Answer key: ``{"true": bool}``. Response: ``"true"``/``"false"`` (any case, also ``"t"``/``"f"``,
``"yes"``/``"no"``) or a bool. Anything else grades as incorrect with feedback.
"""

from __future__ import annotations

import random

from quizapp.engine import phrasing
from quizapp.engine.bank import Bank
from quizapp.engine.distractors import value_distractors
from quizapp.engine.model import Fact, Grade, Option, Question
from quizapp.engine.questions.base import QuestionType, build, is_blank, no_answer, register, scored

_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}
OPTIONS = (Option("true", "True"), Option("false", "False"))


class TrueFalse(QuestionType):
    """Judge whether a statement is true."""

    name = "true_false"
    label = "True or false"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True: every fact has a statement."""
        return True

    def generate(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        """Return a true or a minimally altered false statement of the fact."""
        want_true = rng.random() < 0.5
        shown = rng.choice(fact.values)
        if not want_true:
            wrong = value_distractors(bank, fact, 2, rng)
            if not wrong:
                return None
            shown = wrong[0]
        stem = phrasing.statement(bank, fact, shown)
        if not phrasing.statement_template(bank, fact).count("{value}"):
            return None  # the statement would not change with the value
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
