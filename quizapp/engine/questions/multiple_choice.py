"""Multiple choice: pick the right one of three or four options.

Forward ("When was al-Qaim base handed over?") the options are values of the fact's kind: dates at
the same precision, figures with the same unit, entities of the same type, texts of the same
relation. Reverse ("Which base was handed over on 19 March 2020?") the options are entities of the
subject's type. For a contested fact one claimed value is shown and the others never appear.

Response: one option id, e.g. ``"b"`` (see `choice.grade_pick`).
"""

from __future__ import annotations

import random

from quizapp.engine import phrasing
from quizapp.engine.bank import Bank
from quizapp.engine.distractors import subject_distractors, value_distractors
from quizapp.engine.model import EntityRef, Fact, Grade, Question
from quizapp.engine.questions.base import QuestionType, register
from quizapp.engine.questions.choice import MAX_DISTRACTORS, answer_texts, grade_pick, pick_one


class MultipleChoice(QuestionType):
    """Pick one of several options, asked forward or in reverse."""

    name = "multiple_choice"
    label = "Multiple choice"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True: any fact can be asked as a choice when distractors exist."""
        return True

    def generate(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        """Return a forward or reverse multiple-choice question, or None."""
        directions = [self._forward, self._reverse]
        rng.shuffle(directions)
        for make in directions:
            question = make(bank, fact, rng)
            if question is not None:
                return question
        return None

    def _forward(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        shown = rng.choice(fact.values)
        wrong = value_distractors(bank, fact, MAX_DISTRACTORS, rng)
        return pick_one(
            self.name,
            bank,
            fact,
            rng,
            stem=phrasing.ask(bank, fact),
            correct=bank.display(shown),
            wrong=[bank.display(v) for v in wrong],
            give_away=[t for v in fact.values for t in answer_texts(bank, v)],
        )

    def _reverse(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        shown = rng.choice(fact.values)
        stem = phrasing.ask_reverse(bank, fact, shown)
        if stem is None:
            return None
        wrong = subject_distractors(bank, fact, shown, MAX_DISTRACTORS, rng)
        return pick_one(
            self.name,
            bank,
            fact,
            rng,
            stem=stem,
            correct=bank.entities[fact.subject].name,
            wrong=[bank.entities[e].name for e in wrong],
            give_away=answer_texts(bank, EntityRef(fact.subject)),
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade one picked option id."""
        return grade_pick(question, response)


register(MultipleChoice())
