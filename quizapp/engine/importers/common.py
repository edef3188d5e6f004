"""What the CSV and GIFT importers share: ids from names, the bank they add to, and error paths.

Both importers build plain bank data (the documented format) and hand it to the loader's
`parse_bank_data`, so an imported bank passes exactly the checks a YAML bank passes. Errors the
loader finds are moved back to where the importer took the data from (a CSV line and column, a
GIFT line), named the way the file names them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from quizapp.engine.bank import Bank
from quizapp.engine.errors import BankError, BankIssue, JsonPath, Positions, format_path
from quizapp.engine.loader import bank_to_dict, parse_bank_data

MAX_ID = 64
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
