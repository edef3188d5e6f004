"""What the CSV and GIFT importers share: ids from names, the bank they add to, and error paths.

Both importers build plain bank data (the documented format) and hand it to the loader's
`parse_bank_data`, so an imported bank passes exactly the checks a YAML bank passes. Errors the
loader finds are moved back to where the importer took the data from (a CSV line and column, a
GIFT line), named the way the file names them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from inscriptis import get_text

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.loader import bank_to_dict, parse_bank_data
from quizapp.engine.parsing.errors import BankError, BankIssue, JsonPath, Positions, format_path

MAX_ID = 64
#: A number as GIFT and Moodle XML write it: "3", "-1.5", ".5", "2e3" (no thousands separators).
PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)
_SHOWN_CHARS = 30
_NON_ID = re.compile(r"[^a-z0-9]+")


def slug(text: str, *, sep: str = "_", fallback: str = "item") -> str:
    """Return an id made from text: 'Al-Qa'im base' -> 'al_qaim_base' (at most 64 characters)."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    out = _NON_ID.sub(sep, ascii_text.replace("'", "")).strip(sep)[:MAX_ID].strip(sep)
    return out or fallback


class UniqueIds:
    """Hand out ids made from names, each once: `base`, else `base_2`, `base_3` ...

    The result is the smallest free suffix, as a plain probe from 2 would find, but each family
    of candidates remembers how far it is known to be taken, so n names alike cost O(n) probes
    in all rather than O(n^2) (30,000 GIFT questions sharing a title).
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        # (stem, digits) -> the next suffix to try; every smaller one with as many digits is taken.
        self._next: dict[tuple[str, int], int] = {}

    def add(self, taken: str) -> None:
        """Mark an id as taken (one given in the file, say)."""
        self.taken.add(taken)

    def take(self, base: str) -> str:
        """Return `base` or its first free `base_N` (cut to fit 64 characters), and take it."""
        if base not in self.taken:
            self.taken.add(base)
            return base
        digits = 1
        while True:
            # Two bases alike in their first 64 - len("_N") characters share these candidates.
            stem = base[: MAX_ID - 1 - digits]
            key = (stem, digits)
            n = self._next.get(key, max(2, 10 ** (digits - 1)))
            while n < 10**digits:
                candidate = f"{stem}_{n}"
                n += 1
                if candidate not in self.taken:
                    self._next[key] = n
                    self.taken.add(candidate)
                    return candidate
            self._next[key] = n
            digits += 1


_BLANK_RUNS = re.compile(r"\n{3,}")


def html_to_text(html: str) -> str:
    """Return the plain text of HTML: tags dropped, entities decoded, paragraphs kept.

    inscriptis lays the text out as a browser would (a paragraph or list item on its own lines,
    `<br>` a line break), so nothing of the markup is left for a learner to read.
    """
    if "<" not in html and "&" not in html:
        return html.strip()
    lines = (line.rstrip() for line in get_text(html).split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def record_from_html(record: dict[str, Any]) -> None:
    """Turn an HTML question record's texts into plain text (typed answers are plain in Moodle)."""
    for key in ("stem", "general_feedback", "feedback_true", "feedback_false"):
        if key in record:
            record[key] = html_to_text(record[key])
    for option in record.get("options", ()):
        option["text"], option["feedback"] = (html_to_text(option["text"]),
                                              html_to_text(option["feedback"]))  # fmt: skip
    for answer in record.get("answers", ()):
        answer["feedback"] = html_to_text(answer.get("feedback", ""))
    for pair in record.get("pairs", ()):
        pair["left"] = html_to_text(pair["left"])


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def given_id(text: str) -> str:
    """Return the id a file gives (Moodle's idnumber, GIFT's [id:...]) as a bank id.

    An id already in the bank's form is kept as it is, so an exported question comes back with
    its own id; anything else is made into one ('Q 1.2' -> 'q_1_2').
    """
    folded = text.strip().lower()
    if _ID.match(folded) and len(folded) <= MAX_ID:
        return folded
    return slug(text, fallback="question")


def keep_unsaid(old: Mapping[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Return an uploaded question that replaces `old`, keeping what its format cannot say.

    GIFT, Moodle XML and Aiken have no place for a question's source and sentence, so
    re-uploading an exported question must not drop them.
    """
    if "source" in new or "sentence" in new:
        return new
    kept = {k: old[k] for k in ("source", "sentence") if k in old}
    return {**new, **kept}


def place_question(
    questions: list[dict[str, Any]], index: dict[str, int], record: dict[str, Any]
) -> int:
    """Add an uploaded question, or update the one with its id; return its position."""
    i = index.get(record["id"], len(questions))
    if i == len(questions):
        questions.append(record)
        index[record["id"]] = i
    else:
        questions[i] = keep_unsaid(questions[i], record)  # the upload updates it
    return i


def fold_name(text: str) -> str:
    """Return a name as names are matched: casefolded, spaces folded."""
    return " ".join(text.casefold().split())


def file_issue(filename: str, message: str, line: int | None = None) -> BankIssue:
    """Return an issue about the whole file (or one line of it)."""
    return BankIssue(filename, line, None, "", message)


def bank_head(filename: str, base: Bank | None, given: Mapping[str, str]) -> dict[str, Any]:
    """Return the `bank:` record of an imported bank.

    With a base bank the upload updates it: its id stays, and its title, subject and description
    stay unless the file gives them. Without one they come from the file, else from its name.
    """
    if base is not None:
        head = dict(bank_to_dict(base)["bank"])
        head.update({k: v for k, v in given.items() if k != "id" and v})
        return head
    stem = PurePath(filename.replace("\\", "/")).stem
    head = {
        "id": given.get("id") or slug(stem, sep="-", fallback="bank"),
        "title": given.get("title") or " ".join(stem.replace("_", " ").split()).capitalize(),
    }
    if not head["title"].strip():
        head["title"] = "Imported bank"
    head.update({k: v for k, v in given.items() if k not in head and v})
    return head


def base_data(base: Bank | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the base bank as data (or empty sections) and the texts of its sources."""
    if base is None:
        return {"sources": [], "relations": [], "entities": [], "facts": []}, {}
    data = bank_to_dict(base)
    data.setdefault("questions", [])
    texts = {sid: s.text for sid, s in base.sources.items() if s.text is not None}
    return data, texts


@dataclass
class Located:
    """Where an importer took each part of the bank data from, to move errors back there."""

    positions: Positions = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # formatted path -> what the file calls it

    def put(self, path: JsonPath, line: int, column: int = 1, name: str = "") -> None:
        """Record that the data at `path` came from this line and column (named `name`)."""
        self.positions[path] = (line, column)
        if name:
            self.names[format_path(path)] = name

    def rename(self, issue: BankIssue) -> BankIssue:
        """Return the issue with its path said the file's way (a CSV column name, say)."""
        path = issue.path
        while path:
            if path in self.names:
                return replace(issue, path=self.names[path])
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return issue


def build_bank(
    data: dict[str, Any], filename: str, where: Located, texts: Mapping[str, str]
) -> Bank:
    """Validate imported data with the loader's rules; errors point into the imported file."""
    if not data.get("questions"):
        data.pop("questions", None)
    try:
        return parse_bank_data(
            data, filename=filename, positions=where.positions, source_texts=texts
        )
    except BankError as exc:
        raise BankError(where.rename(issue) for issue in exc.issues) from None


def raise_issues(issues: Iterable[BankIssue]) -> None:
    """Raise a BankError if there are any issues."""
    found = list(issues)
    if found:
        raise BankError(found)


def shown_value(raw: str) -> str:
    """Return `raw` quoted for an error message, or its length when it is too long to show."""
    return repr(raw) if len(raw) <= _SHOWN_CHARS else f"a {len(raw)}-character value"


def plain_number(text: str, what: str | None = None) -> int | float:
    """Return the finite number `text` writes (an int when whole); raise ValueError if none."""
    shown = shown_value(text)
    expected = f"expected {what} (a {{}})" if what else "expected a {}"
    if not PLAIN_NUMBER.match(text):
        raise ValueError(f"{expected.format('number')}, got {shown}")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{expected.format('finite number')}, got {shown}")
    return int(value) if value.is_integer() else value
