"""Export a bank as an Anki package (.apkg) whose notes keep their identity across exports.

Every note's GUID is derived from the bank slug and the fact's (or hand-written question's) id,
and the note type and deck ids are fixed, so importing a newer export into Anki updates the
notes instead of duplicating them. Hand-written questions go in as notes too; no two notes share
a question side. On request (`cloze=True`) the deck also holds a cloze note per fact whose source
sentence makes a good cloze (`quizapp.engine.cloze`), with a GUID of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import genanki

from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.cards import FlashCard, card_for, card_for_question
from quizapp.engine.cloze import Cloze, bank_clozes
from quizapp.extensions import db
from quizapp.models.bank import Bank
from quizapp.models.types import utcnow
from quizapp.services.banks.versions import current_version, engine_bank
from quizapp.services.flashcards.sessions import FlashcardNotFound

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


#: Never change either: Anki recognises the cloze note type of earlier exports by this id.
CLOZE_MODEL_ID = 1_607_392_320
CLOZE_FIELDS = ("Text", "Context", "Source title")

CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID,
    "quizapp cloze",
    fields=[{"name": name} for name in CLOZE_FIELDS],
    templates=[
        {
            "name": "Cloze",
            "qfmt": "{{#Context}}<div class=context>{{Context}}</div>{{/Context}}{{cloze:Text}}",
            "afmt": (
                "{{#Context}}<div class=context>{{Context}}</div>{{/Context}}{{cloze:Text}}"
                "<div class=source-title>{{Source title}}</div>"
            ),
        }
    ],
    css=(
        ".card { font-family: system-ui, sans-serif; font-size: 20px; text-align: left; }\n"
        ".cloze { font-weight: bold; color: #1f4fa3; }\n"
        ".context { font-size: 15px; color: #566074; margin-bottom: 0.5em; }\n"
        ".source-title { font-size: 14px; color: #566074; margin-top: 1em; }\n"
    ),
    model_type=genanki.Model.CLOZE,
)


def deck_id(slug: str) -> int:
    """Return the Anki deck id of a bank: stable, derived from its slug."""
    digest = hashlib.sha256(f"quizapp-deck:{slug}".encode()).digest()
    # Anki ids are positive 63-bit integers; stay well inside the range genanki expects.
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(slug: str, fact_key: str) -> str:
    """Return the GUID of a fact's note."""
    return str(genanki.guid_for(slug, fact_key))


def cloze_guid(slug: str, fact_id: str) -> str:
    """Return the GUID of a fact's cloze note: stable, and never its basic note's."""
    return str(genanki.guid_for(slug, fact_id, "cloze"))


class EmptyDeck(Exception):
    """The bank has nothing a flashcard can ask: no facts and no hand-written questions."""


def _front_lists(bank: EngineBank) -> list[tuple[str, str, FlashCard, str]]:
    """Return (key, tag, card, front) per note, fronts made unique.

    Facts with one subject and relation but several values ask alike ("Which countries trained
    forces at Al-Taqaddum?"): each such front names the other answers ("other than Canada and
    Spain"), so no two notes share a question side, and a front still alike gets its source.
    """
    cards = [(f.id, f.kind, card_for(bank, f)) for f in bank.facts.values()]
    cards += [(q.id, "question", card_for_question(bank, q)) for q in bank.questions.values()]
    alike: dict[str, list[FlashCard]] = defaultdict(list)
    for _, _, card in cards:
        alike[card.front].append(card)
    out: list[tuple[str, str, FlashCard, str]] = []
    for key, tag, card in cards:
        front = card.front
        others = [c.back for c in alike[card.front] if c is not card and c.back != card.back]
        if others:
            front = f"{front} (other than {_and(others)})"
        out.append((key, tag, card, front))
    seen: dict[str, int] = defaultdict(int)
    for _, _, _, front in out:
        seen[front] += 1
    return [
        (key, tag, card, _with_source(front, card) if seen[front] > 1 else front)
        for key, tag, card, front in out
    ]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _with_source(front: str, card: FlashCard) -> str:
    titles = "; ".join(dict.fromkeys(s.source_title for s in card.sources))
    return f"{front} [{titles or card.fact_id}]"


def build_deck(
    slug: str, title: str, bank: EngineBank, *, clozes: Sequence[Cloze] = ()
) -> genanki.Deck:
    """Return the deck of a bank: one note per fact and per hand-written question.

    Notes are tagged with the fact's kind ("question" for a hand-written one); raise EmptyDeck
    when there is nothing to put in the deck. Add a cloze note (tagged "cloze") per cloze in
    `clozes` (from `bank_clozes`).
    """
    deck = genanki.Deck(deck_id(slug), title)
    for key, tag, card, front in _front_lists(bank):
        back = html.escape(card.back)
        if card.note:
            back += f'<div class="note">{html.escape(card.note)}</div>'
        sentences = "<br>".join(html.escape(s.sentence) for s in card.sources)
        titles = "; ".join(dict.fromkeys(html.escape(s.source_title) for s in card.sources))
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[html.escape(front), back, sentences, titles],
                guid=note_guid(slug, key),
                tags=[tag],
            )
        )
    for cloze in clozes:
        deck.add_note(_cloze_note(slug, bank, cloze))
    if not deck.notes:
        raise EmptyDeck(
            "This bank has no facts and no hand-written questions, so its Anki deck would be "
            "empty; add some first."
        )
    return deck


def _cloze_note(slug: str, bank: EngineBank, cloze: Cloze) -> genanki.Note:
    # Braces and colons survive escaping, so the cloze marks stay Anki's.
    fields = [html.escape(cloze.text), html.escape(cloze.context), html.escape(cloze.source_title)]
    kind = bank.facts[cloze.fact_id].kind
    return genanki.Note(
        model=CLOZE_MODEL, fields=fields, guid=cloze_guid(slug, cloze.fact_id), tags=["cloze", kind]
    )


def package_bytes(
    slug: str,
    title: str,
    bank: EngineBank,
    now: dt.datetime | None = None,
    *,
    clozes: Sequence[Cloze] = (),
) -> bytes:
    """Return the .apkg bytes of an engine bank (raise EmptyDeck when it has nothing to ask)."""
    deck = build_deck(slug, title, bank, clozes=clozes)
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as folder:
        path = Path(folder) / f"{slug}.apkg"
        genanki.Package(deck).write_to_file(str(path), timestamp=(now or utcnow()).timestamp())
        return path.read_bytes()


def export_bank(bank_id: int, now: dt.datetime | None = None, *, cloze: bool = False) -> bytes:
    """Return the .apkg bytes of a bank's newest version (with `cloze`, its cloze notes too).

    `now` stamps the notes' modification time: Anki updates a note only from a newer one.
    """
    row = db.session.get(Bank, bank_id)
    version = current_version(bank_id) if row is not None else None
    if row is None or version is None:
        raise FlashcardNotFound("No such bank.")
    bank = engine_bank(version)
    clozes = bank_clozes(bank) if cloze else ()
    return package_bytes(row.slug, row.title, bank, now, clozes=clozes)
