"""Turn an uploaded file into a validated Bank, whatever format the instructor brings.

`parse_upload(data, filename, max_bytes=, base=)` picks the reader from the file's extension:

- `.yaml`, `.yml`, `.json`: a whole bank in the bank format. `base` is ignored: the file is the
  complete new version.
- `.csv`: facts, one per row (see `csv_bank`); `.gift`: hand-written questions in Moodle's
  GIFT format (see `gift`); `.xml`: Moodle XML (see `moodle_xml`); `.aiken`: Aiken
  multiple-choice questions (see `aiken`); `.txt`: Aiken when its questions end with `ANSWER:`
  lines and it has no `{`, else GIFT. These files carry no sources list, entity ids or bank id,
  so with `base` (the current version of the bank being updated) the upload ADDS TO it: the
  base's bank id, sources, entities, relations, facts and questions are kept; a row or question
  whose id the base already has replaces that fact or question; names are matched against the
  base's entities and source titles; nothing is removed (delete in the browser). The bank's
  title (and subject, description) stay the base's unless a CSV gives `#title` etc. rows.
  Without `base` the upload is a new bank whose id and title come from `#id`/`#title` rows (CSV)
  or else from the file name.

The size is checked first, before anything is decoded or parsed; a file of more than
MAX_UPLOAD_ITEMS facts and questions is refused before they are checked. Every failure is a
BankError whose issues name the file, the line (and column where known) and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import Literal

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.loader import decode_text, load_bank_text
from quizapp.engine.importers.aiken import parse_aiken
from quizapp.engine.importers.csv_bank import parse_csv
from quizapp.engine.importers.csv_rows import COLUMNS as CSV_COLUMNS
from quizapp.engine.importers.csv_templates import csv_template
from quizapp.engine.importers.gift import parse_gift
from quizapp.engine.importers.moodle_xml import parse_moodle_xml
from quizapp.engine.parsing.errors import BankError, BankIssue
from quizapp.engine.parsing.lines import UNSTORABLE, unstorable

__all__ = [
    "CSV_COLUMNS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_ITEMS",
    "UPLOAD_EXTENSIONS",
    "UPLOAD_FORMATS",
    "UploadFormat",
    "csv_template",
    "parse_aiken",
    "parse_csv",
    "parse_gift",
    "parse_moodle_xml",
    "parse_upload",
    "upload_format",
]

MAX_UPLOAD_BYTES = 2_000_000
# Facts and questions one upload may hold: checking is linear in them, and this keeps the
# largest upload well inside a worker's timeout.
MAX_UPLOAD_ITEMS = 10_000
UploadFormat = Literal["yaml", "json", "csv", "gift", "moodle-xml", "aiken"]
UPLOAD_FORMATS: tuple[UploadFormat, ...] = ("yaml", "json", "csv", "gift", "moodle-xml", "aiken")
_FORMATS: dict[str, UploadFormat] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".csv": "csv",
    ".gift": "gift",
    ".txt": "gift",
    ".xml": "moodle-xml",
    ".aiken": "aiken",
}
UPLOAD_EXTENSIONS = tuple(_FORMATS)
_AIKEN_ANSWER = re.compile(r"^[ \t]*ANSWER[ \t]*:[ \t]*[A-Z][ \t]*$", re.MULTILINE)


def upload_format(filename: str) -> UploadFormat | None:
    """Return the format a file name says (yaml, json, csv, gift, moodle-xml, aiken) or None."""
    return _FORMATS.get(PurePath(filename.replace("\\", "/")).suffix.lower())


def _looks_aiken(text: str) -> bool:
    """Tell an Aiken .txt file from a GIFT one: ANSWER: lines, and no GIFT braces."""
    return "{" not in text and _AIKEN_ANSWER.search(text) is not None


def parse_upload(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    base: Bank | None = None,
    source_texts: Mapping[str, str] | None = None,
    fmt: UploadFormat | None = None,
) -> Bank:
    """Return the bank an uploaded file holds (a CSV, GIFT, Moodle XML or Aiken file adds to
    `base`); `fmt` overrides the format the file name says.

    `source_texts` (by source id) check a whole YAML or JSON bank's sentences; the other
    formats take them from `base`.
    """
    name = PurePath((filename or "upload").replace("\\", "/")).name or "upload"
    bad = UNSTORABLE.search(name)
    if bad:
        message = f"the file name has an {unstorable(bad[0])}; rename the file"
        raise BankError([BankIssue(UNSTORABLE.sub("?", name), None, None, "", message)])
    named = fmt is not None
    fmt = fmt or upload_format(name)
    if fmt is None:
        message = f"expected a {', '.join(UPLOAD_EXTENSIONS)} file; got {name!r}"
        raise BankError([BankIssue(name, None, None, "", message)])
    if len(data) > max_bytes:
        message = f"the file is {len(data):,} bytes; expected at most {max_bytes:,}"
        raise BankError([BankIssue(name, None, None, "", message)])
    if fmt in ("yaml", "json"):
        return load_bank_text(
            data, filename=name, fmt=fmt, max_bytes=max_bytes, source_texts=source_texts,
            max_items=MAX_UPLOAD_ITEMS,
        )  # fmt: skip
    text = decode_text(data, name, max_bytes)
    if fmt == "gift" and not named and name.lower().endswith(".txt") and _looks_aiken(text):
        fmt = "aiken"
    reader = {"csv": parse_csv, "gift": parse_gift, "moodle-xml": parse_moodle_xml,
              "aiken": parse_aiken}[fmt]  # fmt: skip
    return reader(text, filename=name, base=base, max_items=MAX_UPLOAD_ITEMS)
