"""What every question type shares: the registry, sources, explanations, options and grades."""

from __future__ import annotations

import random
import re
import string
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence, Set
from typing import Any

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import Fact, Grade, Option, Question, SourceRef, Value
from quizapp.engine.questions import phrasing
from quizapp.engine.text import contains_phrase


class QuestionType(ABC):
    """One kind of question: decides where it applies, makes questions and grades responses."""

    name: str
    label: str

    @abstractmethod
    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return True if this type can ask about the fact."""

    @abstractmethod
    def generate(
        self, bank: Bank, fact: Fact, rng: random.Random, avoid: Set[str] = frozenset()
    ) -> Question | None:
        """Return a question about the fact, or None when no fair one can be made.

        A question that draws in other facts (ordering, matching) takes none whose id is in
        `avoid`: a quiz asks no fact twice.
        """

    @abstractmethod
    def grade(self, question: Question, response: object) -> Grade:
        """Grade a response; never raise, whatever the response is."""


REGISTRY: dict[str, QuestionType] = {}


def register(question_type: QuestionType) -> QuestionType:
    """Add a question type to the registry under its name."""
    if question_type.name in REGISTRY:
        raise ValueError(f"question type {question_type.name!r} registered twice")
    REGISTRY[question_type.name] = question_type
    return question_type


def sources_for(bank: Bank, facts: Iterable[Fact]) -> tuple[SourceRef, ...]:
    """Return one SourceRef per claim of each fact (a contested fact lists every source)."""
    return tuple(
        SourceRef(fact.id, claim.source_id, bank.source_title(claim.source_id), claim.sentence)
        for fact in facts
        for claim in fact.claims
    )


def differ_note(bank: Bank, fact: Fact) -> str:
    """Return 'Sources differ: “A” gives X; “B” gives Y.' for a contested fact, else ''."""
    if not fact.contested:
        return ""
    # A title in quotation marks is one thing that gives, whatever its own number or case.
    said = "; ".join(
        f"“{bank.source_title(c.source_id)}” gives {_claimed(bank, c.value)}" for c in fact.claims
    )
    return f"Sources differ: {said}."


def _claimed(bank: Bank, value: Value) -> str:
    if isinstance(value, str):  # words a source gives, in quotation marks, without their stop
        return f"“{value.rstrip(' .,;:')}”"
    return bank.display(value)


def _sentence(text: str) -> str:
    """Return text ending as a sentence does, so that a note can follow it."""
    stripped = text.rstrip()
    if re.search(r"[.!?][”’\"')»]*$", stripped):
        return stripped
    return f"{stripped}."


def explain(bank: Bank, facts: Sequence[Fact]) -> str:
    """Return the review text: each fact's statement, plus where its sources differ."""
    parts: list[str] = []
    for fact in facts:
        parts.append(_sentence(phrasing.statement(bank, fact)))
        if fact.note:
            parts.append(fact.note)
        if fact.contested:
            parts.append(differ_note(bank, fact))
    return " ".join(parts)


def build(
    type_name: str,
    bank: Bank,
    facts: Sequence[Fact],
    *,
    stem: str,
    answer: Any,
    options: Sequence[Option] = (),
    right_options: Sequence[Option] = (),
    params: dict[str, Any] | None = None,
) -> Question:
    """Assemble a Question with the fact ids, sources and explanation of the facts used."""
    params = dict(params or {})
    notes = [differ_note(bank, f) for f in facts if f.contested]
    if notes:  # hidden from the learner until graded; shown with the grade
        params["_differ"] = " ".join(notes)
    return Question(
        type=type_name,
        stem=stem,
        answer=answer,
        fact_ids=tuple(f.id for f in facts),
        sources=sources_for(bank, facts),
        explanation=explain(bank, facts),
        options=tuple(options),
        right_options=tuple(right_options),
        params=params,
        contested=any(f.contested for f in facts),
    )


def lettered(labels: Sequence[str]) -> tuple[Option, ...]:
    """Return options 'a', 'b', ... for labels already in their (shuffled) display order."""
    return tuple(Option(string.ascii_lowercase[i], label) for i, label in enumerate(labels))


def numbered(labels: Sequence[str]) -> tuple[Option, ...]:
    """Return options '1', '2', ... for labels already in their (shuffled) display order."""
    return tuple(Option(str(i + 1), label) for i, label in enumerate(labels))


def trivia(bank: Bank, fact: Fact) -> bool:
    """Return True for a peripheral fact: asked only when nothing else is left."""
    return bank.importance(fact) == "peripheral"


def leaks(stem: str, answers: Iterable[str]) -> bool:
    """Return True if the stem gives away any of the answer texts."""
    return any(contains_phrase(stem, a) for a in answers)


def is_blank(response: object) -> bool:
    """Return True for a response that says nothing: None, '', whitespace, or an empty container."""
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, list | tuple | dict | set):
        return len(response) == 0
    return False


def no_answer(question: Question) -> Grade:
    """Return the grade of an empty response."""
    return Grade(0.0, question.points, "incorrect", "No answer.")


def scored(question: Question, fraction: float, feedback: str) -> Grade:
    """Return a grade worth `fraction` of the question's points, with the review's notes."""
    fraction = min(1.0, max(0.0, fraction))
    if fraction >= 1.0:
        outcome: Any = "correct"
    elif fraction > 0.0:
        outcome = "partial"
    else:
        outcome = "incorrect"
    note = question.params.get("_differ", "")
    text = f"{feedback} {note}".strip() if note else feedback
    return Grade(round(fraction * question.points, 4), question.points, outcome, text)


def option_label(question: Question, option_id: str) -> str:
    """Return the label of one of the question's options ('' if unknown)."""
    for option in (*question.options, *question.right_options):
        if option.id == option_id:
            return option.label
    return ""
