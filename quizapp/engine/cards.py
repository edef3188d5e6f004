"""Flashcards: one card per fact, the question on the front and the sourced answer on the back."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.engine import phrasing
from quizapp.engine.bank import Bank
from quizapp.engine.model import Fact, SourceRef
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
