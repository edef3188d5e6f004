"""Errors raised when a bank cannot be loaded: every problem found, each with where it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BankIssue:
    """One problem in a bank file: where it is (1-based line and column) and what was expected.

    `line` and `column` are None when the problem concerns the whole file (too large, unreadable).
    `path` names the offending node the way a reader finds it: "facts[3].value.date".
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def location(self) -> str:
        """Return 'file:line:col' (or less, when the line is unknown)."""
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.location()}: {where}{self.message}"

    def to_dict(self) -> dict[str, str | int | None]:
        """Return the issue as plain JSON-friendly data (for pages and APIs)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class BankError(Exception):
    """A bank failed to load; `issues` holds every problem found, in file order."""

    def __init__(self, issues: Iterable[BankIssue]) -> None:
        self.issues: tuple[BankIssue, ...] = tuple(
            sorted(issues, key=lambda i: (i.line or 0, i.column or 0))
        )
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(issue) for issue in self.issues)


JsonPath = tuple[str | int, ...]
# Where each node of a parsed bank starts: (line, column), both 1-based. For a mapping entry this
# is the position of its key, which is where a reader looks for "facts[3].value".
Positions = dict[JsonPath, tuple[int, int]]


def format_path(path: JsonPath) -> str:
    """Return a JSON path as a reader writes it: ('facts', 3, 'value') -> 'facts[3].value'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def too_many_items(limit: int) -> str:
    """Return what an upload with more than `limit` facts and questions is told."""
    return (
        f"expected at most {limit:,} facts and questions in one upload; this file has more. "
        "Split it into several files: a CSV or GIFT upload adds to an existing bank"
    )


def check_item_count(data: Any, filename: str, positions: Positions, limit: int) -> None:
    """Raise a BankError at the first fact or question past `limit` in parsed bank data."""
    seen = 0
    for section in ("facts", "questions"):
        items = data.get(section) if isinstance(data, dict) else None
        if isinstance(items, list) and seen + len(items) > limit:
            raise BankError([issue_at(filename, positions, (section, limit - seen),
                                      too_many_items(limit))])  # fmt: skip
        seen += len(items) if isinstance(items, list) else 0


def issue_at(file: str, positions: Positions | None, path: JsonPath, message: str) -> BankIssue:
    """Return an issue located at `path`, or at its nearest ancestor that has a known position."""
    line: int | None = None
    column: int | None = None
    if positions:
        for end in range(len(path), -1, -1):
            found = positions.get(path[:end])
            if found is not None:
                line, column = found
                break
    return BankIssue(file, line, column, format_path(path), message)
