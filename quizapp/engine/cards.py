"""Flashcards: one card per fact, the question on the front and the sourced answer on the back."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.engine.bank.fixed import FixedQuestion
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import Fact, SourceRef
from quizapp.engine.bank.units import with_unit
from quizapp.engine.questions import phrasing
from quizapp.engine.questions.base import differ_note, sources_for


@dataclass(frozen=True)
class FlashCard:
    """A fact as a card; `back` lists every claimed value when the sources differ."""

    fact_id: str
    front: str
    back: str
    statement: str
    sources: tuple[SourceRef, ...]
    contested: bool = False
    note: str = ""


def card_for(bank: Bank, fact: Fact) -> FlashCard:
    """Return the flashcard of a fact."""
    back = " or ".join(bank.display(v) for v in fact.values)
    notes = [n for n in (differ_note(bank, fact), fact.note) if n]
    return FlashCard(
        fact_id=fact.id,
        front=phrasing.ask(bank, fact),
        back=back,
        statement=phrasing.statement(bank, fact),
        sources=sources_for(bank, [fact]),
        contested=fact.contested,
        note=" ".join(notes),
    )


def card_for_question(bank: Bank, question: FixedQuestion) -> FlashCard:
    """Return the flashcard of a hand-written question: its stem, and what earns full marks."""
    sources: tuple[SourceRef, ...] = ()
    if question.source and question.sentence:
        title = bank.source_title(question.source)
        sources = (SourceRef(question.id, question.source, title, question.sentence),)
    answer = _full_marks(question)
    return FlashCard(
        fact_id=question.id,
        front=question.stem,
        back=answer,
        statement=answer,
        sources=sources,
        note=question.general_feedback,
    )


def _full_marks(question: FixedQuestion) -> str:
    """Return the answers worth full credit, as a reader would write them."""
    if question.kind == "multiple_choice":
        least = 0.0 if question.multiple else 99.5
        return "; ".join(c.text for c in question.choices if c.weight > least)
    if question.kind == "true_false":
        return "True" if question.answer else "False"
    if question.kind == "short_answer":
        return " or ".join(a.text for a in question.text_answers if a.weight >= 100)
    if question.kind == "numerical":
        full = (a for a in question.number_answers if a.weight >= 100 and not a.any_value)
        unit, left = question.base_unit(), question.units_left
        return " or ".join(with_unit(a.label(), unit, left) for a in full)
    return "; ".join(f"{p.left} → {p.right}" for p in question.pairs if p.left.strip())
