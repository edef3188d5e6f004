"""Export a bank as an Anki package (.apkg) whose notes keep their identity across exports.

Every note's GUID is derived from the bank slug and the fact id, and the note type and deck ids
are fixed, so importing a newer export into Anki updates the notes instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import tempfile
from pathlib import Path

import genanki

from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.cards import card_for
from quizapp.extensions import db
from quizapp.models.bank import Bank
from quizapp.models.types import utcnow
from quizapp.services.banks import current_version, engine_bank
from quizapp.services.flashcards import FlashcardNotFound

#: Never change: Anki recognises the note type of earlier exports by this id.
MODEL_ID = 1_607_392_319
FIELDS = ("Front", "Back", "Source", "Source title")

MODEL = genanki.Model(
    MODEL_ID,
    "quizapp fact",
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Recall",
            "qfmt": "<div class=front>{{Front}}</div>",
            "afmt": (
                "{{FrontSide}}<hr id=answer><div class=back>{{Back}}</div>"
                "<blockquote class=source>{{Source}}</blockquote>"
                "<div class=source-title>{{Source title}}</div>"
            ),
        }
    ],
    css=(
        ".card { font-family: system-ui, sans-serif; font-size: 20px; text-align: center; }\n"
        ".back { font-weight: bold; }\n"
        ".note { font-size: 15px; font-weight: normal; color: #7a4b00; }\n"
        ".source { font-size: 16px; font-style: italic; text-align: left; }\n"
        ".source-title { font-size: 14px; color: #566074; }\n"
    ),
)


def deck_id(slug: str) -> int:
    """Return the Anki deck id of a bank: stable, derived from its slug."""
    digest = hashlib.sha256(f"quizapp-deck:{slug}".encode()).digest()
    # Anki ids are positive 63-bit integers; stay well inside the range genanki expects.
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(slug: str, fact_key: str) -> str:
    """Return the GUID of a fact's note."""
    return str(genanki.guid_for(slug, fact_key))


def build_deck(slug: str, title: str, bank: EngineBank) -> genanki.Deck:
    """Return the deck of a bank: one note per fact, tagged with its kind."""
    deck = genanki.Deck(deck_id(slug), title)
    for fact in bank.facts.values():
        card = card_for(bank, fact)
        back = html.escape(card.back)
        if card.note:
            back += f'<div class="note">{html.escape(card.note)}</div>'
        sentences = "<br>".join(html.escape(s.sentence) for s in card.sources)
        titles = "; ".join(dict.fromkeys(html.escape(s.source_title) for s in card.sources))
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[html.escape(card.front), back, sentences, titles],
                guid=note_guid(slug, fact.id),
                tags=[fact.kind],
            )
        )
    return deck


def export_bank(bank_id: int, now: dt.datetime | None = None) -> bytes:
    """Return the .apkg bytes of a bank's newest version.

    `now` stamps the notes' modification time: Anki updates a note only from a newer one.
    """
    row = db.session.get(Bank, bank_id)
    version = current_version(bank_id) if row is not None else None
    if row is None or version is None:
        raise FlashcardNotFound("No such bank.")
    deck = build_deck(row.slug, row.title, engine_bank(version))
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as folder:
        path = Path(folder) / f"{row.slug}.apkg"
        genanki.Package(deck).write_to_file(str(path), timestamp=(now or utcnow()).timestamp())
        return path.read_bytes()
