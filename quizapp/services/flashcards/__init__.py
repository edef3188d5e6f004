"""Flashcards: due cards and ratings, each learner's memory of a fact, study access, Anki."""

from __future__ import annotations

from quizapp.services.flashcards.anki import (
    CLOZE_MODEL,
    MODEL,
    EmptyDeck,
    cloze_guid,
    deck_id,
    export_bank,
    note_guid,
    package_bytes,
)
from quizapp.services.flashcards.errors import FlashcardError, FlashcardNotFound, StaleRating
from quizapp.services.flashcards.sessions import (
    RATINGS,
    bank_for,
    clean_kinds,
    counts_by_bank,
    due_today,
    overview,
    rate_card,
    review_token,
    session,
)
from quizapp.services.flashcards.study_access import StudyClosed, set_study_mode

__all__ = [
    "CLOZE_MODEL",
    "MODEL",
    "RATINGS",
    "EmptyDeck",
    "FlashcardError",
    "FlashcardNotFound",
    "StaleRating",
    "StudyClosed",
    "bank_for",
    "clean_kinds",
    "cloze_guid",
    "counts_by_bank",
    "deck_id",
    "due_today",
    "export_bank",
    "note_guid",
    "overview",
    "package_bytes",
    "rate_card",
    "review_token",
    "session",
    "set_study_mode",
]
