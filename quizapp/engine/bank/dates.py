"""Read dates as people type them into the bank's date values.

Dates are read in these forms, and nothing else:

- ISO: ``2020``, ``2020-03``, ``2020-03-19`` (also with ``/`` or ``.`` between parts)
- words, day first or month first: ``19 March 2020``, ``19th of March, 2020``, ``March 19, 2020``,
  ``March 2020``, ``Mar 2020`` (month names and three-letter abbreviations, any case)
- numeric month/year: ``03/2020``, ``3-2020``
- numeric day/month/year: ``19/03/2020`` only when unambiguous (one of the first two parts is over
  12, or both are equal); ``04/03/2020`` is refused because it reads differently in the US and UK.
"""

from __future__ import annotations

import re

from quizapp.engine.bank.model import DateValue
from quizapp.engine.text import fold_typography

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = {
    name: i + 1
    for i, full in enumerate(_MONTH_NAMES)
    for name in (full, full[:3], "sept" if full == "september" else full)
}
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")


def _safe_date(year: int, month: int | None, day: int | None) -> DateValue | None:
    if not 1 <= year <= 9999:
        return None
    try:
        return DateValue.parse(
            f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
        )
    except ValueError:
        return None


def _day(token: str) -> int | None:
    match = _ORDINAL.match(token)
    if match:
        return int(match.group(1))
    return int(token) if token.isdigit() and len(token) <= 2 else None


def _parse_words(tokens: list[str]) -> DateValue | None:
    months = [i for i, t in enumerate(tokens) if t in _MONTHS]
    if len(months) != 1 or not tokens[-1].isdigit() or len(tokens[-1]) != 4:
        return None
    mi = months[0]
    month = _MONTHS[tokens[mi]]
    year = int(tokens[-1])
    rest = [t for i, t in enumerate(tokens[:-1]) if i != mi and t != "of"]
    if not rest:
        return _safe_date(year, month, None)
    if len(rest) == 1:
        day = _day(rest[0])
        return _safe_date(year, month, day) if day else None
    return None


def _parse_numeric(parts: list[str]) -> DateValue | None:
    if not all(p.isdigit() for p in parts):
        return None
    nums = [int(p) for p in parts]
    if len(parts[0]) == 4:  # year first: ISO order
        year, *rest = nums
        return _safe_date(year, *[*rest, None, None][:2]) if len(rest) <= 2 else None
    if len(parts) == 2 and len(parts[1]) == 4:  # month/year
        return _safe_date(nums[1], nums[0], None)
    if len(parts) == 3 and len(parts[2]) == 4:
        a, b, year = nums
        if a > 12 >= b or a == b:
            return _safe_date(year, b, a)
        if b > 12 >= a:
            return _safe_date(year, a, b)
    return None


def parse_date(text: str) -> DateValue | None:
    """Read a typed date in one of the documented forms; return None if it cannot be read."""
    if not isinstance(text, str):
        return None
    raw = fold_typography(text).strip().casefold()
    if not raw or len(raw) > 60:
        return None
    if re.fullmatch(r"\d{1,4}(?:\s*[-/.]\s*\d{1,4}){0,2}", raw):
        return _parse_numeric(re.split(r"\s*[-/.]\s*", raw))
    tokens = [t for t in re.split(r"[\s,.]+", raw) if t]
    return _parse_words(tokens)
