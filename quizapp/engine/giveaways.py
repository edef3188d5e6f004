"""Questions of one quiz that give each other's answers away.

An ordering label "A U.S. airstrike kills Qasem Soleimani" answers "Who carried out the airstrike
that killed Soleimani?" two questions later; a matching column answers a date question. The quiz
builder keeps a `Shown` record of each question it takes and refuses a new one whose answer the
others show, or that shows theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.engine.bank import Bank
from quizapp.engine.model import DateValue, EntityRef, Quantity, Question, Value
from quizapp.engine.questions.choice import states_number
from quizapp.engine.text import canonical


@dataclass(frozen=True)
class Shown:
    """What one question shows the learner, and the answers it asks for."""

    text: str  # what it states, canonical, padded with spaces for whole-word search
    raw: str  # the same, as written (numbers are searched in it)
    answers: tuple[str, ...]  # canonical names of what it asks for
    numbers: tuple[Quantity, ...]


def _answer_texts(bank: Bank, value: Value) -> list[str]:
    if isinstance(value, EntityRef):
        return list(bank.entities[value.entity_id].names())
    if isinstance(value, DateValue):
        return [value.display()] if value.precision != "year" else []
    if isinstance(value, str):
        return [value] if len(value.split()) <= 6 else []  # a long text is never repeated whole
    return []


def shown(bank: Bank, question: Question) -> Shown:
    """Return what a question shows and what it asks for."""
    parts = [question.stem]
    if question.type in ("ordering", "matching"):  # labels and columns state facts; the options
        # of a choice are only candidates, most of them wrong
        parts += [o.label for o in (*question.options, *question.right_options)]
    raw = " | ".join(parts)
    values: list[Value] = []
    if question.type not in ("ordering", "fixed"):  # an ordering asks for an order, not a value
        for fact_id in question.fact_ids[:1] if question.type != "matching" else question.fact_ids:
            fact = bank.facts.get(fact_id)
            if fact is not None:
                values += fact.values
    answers = tuple(dict.fromkeys(canonical(t) for v in values for t in _answer_texts(bank, v)))
    numbers = tuple(v for v in values if isinstance(v, Quantity))
    return Shown(f" {canonical(raw)} ", raw, tuple(a for a in answers if a), numbers)


def gives_away(new: Shown, others: list[Shown]) -> bool:
    """Return True if the new question shows another's answer, or another shows the new one's."""
    for other in others:
        if any(f" {a} " in other.text for a in new.answers):
            return True
        if any(f" {a} " in new.text for a in other.answers):
            return True
        if states_number(other.raw, new.numbers) or states_number(new.raw, other.numbers):
            return True
    return False
