"""Item analysis as Moodle's quiz statistics report computes it, from plain score tables.

Input is one row per attempt (first attempts only, by the caller's choice): the fraction scored
(0..1) on each item the attempt contained. Questions are generated per attempt, so an item is
keyed by what it tests (a fact id, say) rather than by its position.

Facility is the mean fraction; discrimination is the Pearson correlation of the item's score
with the score on the rest of the test (the attempt total minus this item), so an item does not
correlate with itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Items outside this facility band, or with discrimination <= 0, are flagged for review.
FACILITY_BAND = (20.0, 90.0)


@dataclass(frozen=True)
class ItemStatistics:
    """Statistics of one item."""

    item: str
    attempts: int
    facility: float | None  # percent
    discrimination: float | None  # percent (correlation x 100); None when undefined
    flags: tuple[str, ...]


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Return the correlation of two equal-length series, or None when either is constant."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def item_statistics(rows: Sequence[Mapping[str, float]]) -> list[ItemStatistics]:
    """Return facility and discrimination per item from per-attempt fractions by item."""
    items = sorted({item for row in rows for item in row})
    totals = [sum(row.values()) for row in rows]
    out = []
    for key in items:
        pairs = [
            (row[key], total - row[key])
            for row, total in zip(rows, totals, strict=True)
            if key in row
        ]
        item = [p[0] for p in pairs]
        rest = [p[1] for p in pairs]
        facility = 100.0 * sum(item) / len(item) if item else None
        r = pearson(item, rest)
        discrimination = None if r is None else 100.0 * r
        flags = []
        if facility is not None and not FACILITY_BAND[0] <= facility <= FACILITY_BAND[1]:
            flags.append("too hard" if facility < FACILITY_BAND[0] else "too easy")
        if discrimination is not None and discrimination <= 0:
            flags.append("does not discriminate")
        out.append(ItemStatistics(key, len(item), facility, discrimination, tuple(flags)))
    return out


def option_counts(chosen: Sequence[str | None], labels: Mapping[str, str]) -> dict[str, int]:
    """Return how often each option (by label) was chosen; unanswered counts under ''."""
    counts = dict.fromkeys(labels.values(), 0)
    counts[""] = 0
    for option_id in chosen:
        label = labels.get(option_id or "", "")
        counts[label] = counts.get(label, 0) + 1
    return counts
