"""Who said it: a quote is shown and the learner picks its speaker.

Applies to quote facts whose value is the quoted text (at least six words: a fragment is no test
of anything) and whose subject is the speaker. The stem is the fact's reverse template when the
bank gives one, else "Who said: “…”?". Wrong options are other speakers of the same relation
first, then other entities of the speaker's type most like the speaker, never one the bank says
also said it (a quotation has one speaker unless its relation says `subjects: many`).

Response: one option id, e.g. ``"c"`` (see `choice.grade_pick`).
"""

from __future__ import annotations

import random
from collections.abc import Set

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import EntityRef, Fact, Grade, Question
from quizapp.engine.bank.truth import subjects_pinned
from quizapp.engine.questions import phrasing
from quizapp.engine.questions.base import QuestionType, register
from quizapp.engine.questions.choice import MAX_DISTRACTORS, answer_texts, grade_pick, pick_one
from quizapp.engine.questions.distractors import subject_distractors

MIN_WORDS = 6


class WhoSaid(QuestionType):
    """Pick the speaker of a quote."""

    name = "who_said"
    label = "Who said it?"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True for quote facts whose value is a quotation of at least six words."""
        return (
            fact.kind == "quote"
            and all(isinstance(v, str) and len(v.split()) >= MIN_WORDS for v in fact.values)
            and subjects_pinned(bank, fact)
        )

    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return a who-said-it question, or None."""
        quote = fact.values[0]  # the wording the explanation gives first; others are in its note
        if not self.applies(bank, fact) or not isinstance(quote, str):
            return None
        quote = quote.rstrip(" ,;:")  # a quotation cut from its sentence: "… and enable,"
        stem = phrasing.ask_reverse(bank, fact, quote) or f"Who said: “{quote}”?"
        wrong = subject_distractors(bank, fact, quote, MAX_DISTRACTORS, rng)
        return pick_one(
            self.name,
            bank,
            fact,
            rng,
            stem=stem,
            correct=bank.entities[fact.subject].label(),
            wrong=[bank.entities[e].label() for e in wrong],
            give_away=answer_texts(bank, EntityRef(fact.subject)),
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade one picked option id."""
        return grade_pick(question, response)


register(WhoSaid())
