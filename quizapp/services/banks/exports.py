"""Export a bank in every format it goes out in: the bytes, file name, type and notes on it.

Formats: `yaml` (the whole bank), `csv` (its facts, in the columns the CSV import reads),
`gift` and `moodle-xml` (its hand-written questions, plus `sample` generated questions frozen as
hand-written ones), `apkg` (an Anki deck of its facts and hand-written questions, and with
`cloze` the cloze notes of facts whose source sentence makes one). Used by the bank page's
downloads and by `flask bank export`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.bank import dump_bank_yaml
from quizapp.engine.cloze import bank_clozes
from quizapp.engine.exporters import dump_csv, dump_gift, dump_moodle_xml, frozen_sample
from quizapp.services.flashcards import anki as anki_export

ExportFormat = Literal["yaml", "csv", "gift", "moodle-xml", "apkg"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("yaml", "csv", "gift", "moodle-xml", "apkg")
#: What each format is called where a user picks one.
FORMAT_NAMES: dict[ExportFormat, str] = {
    "yaml": "Bank file (YAML, everything)",
    "csv": "Spreadsheet of the facts (CSV)",
    "gift": "Moodle GIFT text",
    "moodle-xml": "Moodle XML",
    "apkg": "Anki deck (.apkg)",
}
_FILES: dict[ExportFormat, tuple[str, str]] = {
    "yaml": ("yaml", "application/yaml"),
    "csv": ("csv", "text/csv"),
    "gift": ("gift.txt", "text/plain"),
    "moodle-xml": ("moodle.xml", "application/xml"),
    "apkg": ("apkg", "application/octet-stream"),
}
MAX_SAMPLE = 200


class ExportError(Exception):
    """The export would be empty or cannot be made; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Export:
    """An exported file and what the user is told about it."""

    data: bytes
    filename: str
    mimetype: str
    notes: list[str] = field(default_factory=list)


def export(
    bank: EngineBank,
    fmt: ExportFormat,
    *,
    slug: str,
    title: str,
    sample: int = 0,
    seed: int = 1,
    now: dt.datetime | None = None,
    cloze: bool = False,
) -> Export:
    """Return the bank in one format; raise ExportError when there is nothing to export."""
    suffix, mimetype = _FILES[fmt]
    filename = f"{slug}.{suffix}"
    notes: list[str] = []
    if fmt == "yaml":
        return Export(dump_bank_yaml(bank).encode(), filename, mimetype)
    if fmt == "csv":
        if not bank.facts:
            raise ExportError("This bank has no facts, so the spreadsheet would be empty.")
        if bank.questions:
            notes.append(
                f"The spreadsheet holds facts only; the {len(bank.questions)} hand-written "
                "questions go out as GIFT or Moodle XML."
            )
        return Export(dump_csv(bank).encode(), filename, mimetype, notes)
    if fmt == "apkg":
        clozes = bank_clozes(bank) if cloze else []
        try:
            data = anki_export.package_bytes(slug, title, bank, now, clozes=clozes)
        except anki_export.EmptyDeck as error:
            raise ExportError(str(error)) from None
        if cloze:
            notes.append(
                f"The deck holds {len(clozes)} cloze cards, from the facts whose source sentence "
                "makes a good cloze."
            )
            filename = f"{slug}-cloze.{suffix}"
        return Export(data, filename, mimetype, notes)
    questions = list(bank.questions.values())
    if sample:
        frozen = frozen_sample(bank, count=min(sample, MAX_SAMPLE), seed=seed)
        questions += frozen.questions
        if frozen.message():
            notes.append(frozen.message())
    if not questions:
        raise ExportError(
            "This bank has no hand-written questions; ask for a sample of generated questions "
            "to export them instead."
        )
    text = dump_gift(questions) if fmt == "gift" else dump_moodle_xml(questions)
    return Export(text.encode(), filename, mimetype, notes)
