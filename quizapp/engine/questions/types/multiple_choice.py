"""Multiple choice: pick the right one of three or four options.

Three forms, each asked only where the bank makes it fair:

- forward ("When did the coalition hand al-Qaim base over?"): the options are values of the fact's
  kind, wrong ones known false by the bank (`distractors`): the author's first, then the bank's;
  a text value has only its author's;
- reverse ("Which base was handed over on 19 March 2020?"): the options are entities of the
  subject's type, asked only when the value's subjects are known (`truth.subjects_pinned`);
- the disagreement itself, for a contested fact: "… The sources differ: which answer does the
  TIC Brief give?", with every claimed value among the options and that source's as the key.

A contested fact is never asked forward: whichever claim were keyed, a learner who read the other
source would find no right option. It is asked about its disagreement, or in reverse.

Response: one option id, e.g. ``"b"`` (see `choice.grade_pick`).
"""

from __future__ import annotations

import random
from collections.abc import Set

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import EntityRef, Fact, Grade, Question
from quizapp.engine.bank.truth import subjects_pinned
from quizapp.engine.questions import phrasing
from quizapp.engine.questions.base import QuestionType, register
from quizapp.engine.questions.choice import (
    MAX_DISTRACTORS,
    answer_texts,
    grade_pick,
    pick_one,
    states_number,
)
from quizapp.engine.questions.distractors import (
    can_distract,
    subject_distractors,
    value_distractors,
)


def reversible(bank: Bank, fact: Fact) -> bool:
    """Return True when the fact can be asked in reverse: its value's subjects are all known."""
    return phrasing.reverse_template(bank, fact) is not None and subjects_pinned(bank, fact)


class MultipleChoice(QuestionType):
    """Pick one of several options: forward, in reverse, or which value a source gives."""

    name = "multiple_choice"
    label = "Multiple choice"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True when some form of the question can have wrong options known false."""
        if fact.kind == "quote":
            return False  # who said it asks quotations, with its rules for them
        return can_distract(bank, fact) or reversible(bank, fact)

    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return a forward, reverse or disagreement question, or None."""
        if not self.applies(bank, fact):
            return None
        directions = [self._forward, self._reverse]
        rng.shuffle(directions)
        if fact.contested:
            directions = [self._disagreement, self._reverse]
        for make in directions:
            question = make(bank, fact, rng)
            if question is not None:
                return question
        return None

    def _forward(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        if not can_distract(bank, fact):
            return None
        shown = rng.choice(fact.values)
        stem = phrasing.ask(bank, fact)
        if states_number(stem, fact.values):
            return None
        wrong = value_distractors(bank, fact, MAX_DISTRACTORS, rng)
        return pick_one(
            self.name,
            bank,
            fact,
            rng,
            stem=stem,
            correct=bank.display(shown),
            wrong=[bank.display(v) for v in wrong],
            give_away=[t for v in fact.values for t in answer_texts(bank, v)],
        )

    def _reverse(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        if not reversible(bank, fact):
            return None
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
            correct=bank.entities[fact.subject].label(),
            wrong=[bank.entities[e].label() for e in wrong],
            give_away=answer_texts(bank, EntityRef(fact.subject)),
            params={"form": "reverse"},
        )

    def _disagreement(self, bank: Bank, fact: Fact, rng: random.Random) -> Question | None:
        sources = list(dict.fromkeys(c.source_id for c in fact.claims))
        if len(sources) < 2 or not can_distract(bank, fact):
            return None
        source = rng.choice(sources)
        keyed = next(c.value for c in fact.claims if c.source_id == source)
        others = [v for v in fact.values if v != keyed]
        if any(bank.display(v) == bank.display(keyed) for v in others):
            return None
        wrong = value_distractors(bank, fact, 1, rng)  # one more, so not only the two claims
        title = bank.source_title(source)
        stem = f"{phrasing.ask(bank, fact)} The sources differ: which answer does “{title}” give?"
        return pick_one(
            self.name,
            bank,
            fact,
            rng,
            stem=stem,
            correct=bank.display(keyed),
            wrong=[bank.display(v) for v in (*others, *wrong)],
            give_away=[t for v in fact.values for t in answer_texts(bank, v)],
            params={"form": "disagreement", "_source": source},
        )

    def grade(self, question: Question, response: object) -> Grade:
        """Grade one picked option id."""
        return grade_pick(question, response)


register(MultipleChoice())
