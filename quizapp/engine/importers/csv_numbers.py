"""Numbers in CSV cells, read the way the file writes them, never guessed.

Spreadsheets write two thousand five hundred and a half as "2,500.5" (English) or "2.500,5"
(most of Europe, whose Excel saves CSV with semicolons). Many cells read one way only: "2,5",
"1.234.567" and "2.500,5" have a decimal comma, "2.5", "1,234,567" and "2,500.5" a decimal point,
and "2500" or "2 500" read the same either way. Others do not: "2.500" is 2500 or 2.5, "2,500"
2500 or 2.5.

The file's convention is what its one-way numbers show. A comma-separated file that shows none
has a decimal point (its commas separate cells); a semicolon- or tab-separated one that shows
none, or any file that shows both, has no convention, and a number that reads two ways is
refused with what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quizapp.engine.text import parse_number

_GROUPING = "\u00a0\u202f\u2009 '_"  # spaces, apostrophes, underscores only ever group thousands
_CELL = re.compile(
    r"^(?P<lead>(?:about|approximately|approx|around|roughly|some|nearly|almost|~|c\.?|ca\.?)?"
    r"\s*[-+]?\s*)"
    r"(?P<num>\d[\d.,\u00a0\u202f\u2009 '_]*\d|\d)"
    r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


class AmbiguousNumber(ValueError):
    """A number that reads two ways in a file that does not show which it means."""


def _reading(num: str, decimal: str) -> str | None:
    """Return `num` as plain digits (and '.') if it is a number with this decimal mark."""
    thousands = "," if decimal == "." else "."
    if num.count(decimal) > 1:
        return None
    whole, mark, fraction = num.partition(decimal)
    if mark and not fraction.isdigit():
        return None  # grouping after the decimal mark, or nothing after it
    groups = re.split(f"[{re.escape(thousands + _GROUPING)}]", whole)
    if not all(g.isdigit() for g in groups):
        return None
    if len(groups) > 1 and not (
        1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    ):
        return None
    return "".join(groups) + (f".{fraction}" if mark else "")


def _readings(raw: str) -> tuple[re.Match[str], str | None, str | None] | None:
    match = _CELL.match(raw.strip())
    if match is None:
        return None
    num = match["num"]
    return match, _reading(num, "."), _reading(num, ",")


def decimal_mark_shown(raw: str) -> str | None:
    """Return the decimal mark a cell shows ('.' or ','), or None if it shows none."""
    found = _readings(raw)
    if found is None:
        return None
    _, point, comma = found
    if point is not None and comma is None:
        return "."
    if comma is not None and point is None:
        return ","
    return None


def file_decimal_mark(cells: Iterable[str], delimiter: str) -> str | None:
    """Return the decimal mark of a file's numbers, or None if the file does not show one."""
    shown = {mark for cell in cells if (mark := decimal_mark_shown(cell))}
    if len(shown) == 1:
        return shown.pop()
    return "." if not shown and delimiter == "," else None


def _unambiguous(num: str, mark: str) -> str:
    """Return `num` (read with `mark` as its decimal mark) written so it reads one way only."""
    if not num.endswith("0"):
        return num + "0"  # 1.234 -> 1.2340: four decimals cannot be a thousands group
    return num.rstrip("0").removesuffix(mark)  # 2.500 -> 2.5, 2.000 -> 2


def read_number(raw: str, decimal: str | None) -> float | None:
    """Return the number a cell holds, read with the file's decimal mark; None if it holds none.

    Raise AmbiguousNumber when it reads two ways and `decimal` (the file's mark) is None.
    """
    found = _readings(raw)
    if found is None:
        return parse_number(raw)
    match, point, comma = found
    if point is None and comma is None:
        return parse_number(raw)  # not a number, or one parse_number words differently
    if point is not None and comma is not None and point != comma:
        if decimal is None:
            num = match["num"]
            mark = "." if "." in num else ","
            big = comma if mark == "." else point
            small = num.rstrip("0").removesuffix(mark) if num.endswith("0") else num
            raise AmbiguousNumber(
                f"ambiguous number {num!r}: {big} if '{mark}' separates thousands, {small} if "
                "it is the decimal mark, and no other number in this file shows which; write "
                f"{big} (no separator) or {_unambiguous(num, mark)}"
            )
        plain = point if decimal == "." else comma
    else:
        plain = point or comma or ""
    return parse_number(f"{match['lead']}{plain}{match['rest']}")
