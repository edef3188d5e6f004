"""The numbers a bank may hold: finite, and small enough to compute and show without overflow.

YAML and JSON read integers of any length (a 400-digit `{number: ...}` is one), which the
engine could not turn into a float to grade, show or make distractors from. Every number of a
bank (a quantity's amount, a numerical answer's value, tolerance and range) is checked here.
"""

from __future__ import annotations

import math

MAX_NUMBER = 10**15  # a quadrillion: beyond any count or measure a quiz asks about


def number_problem(value: object) -> str | None:
    """Return why `value` cannot be a bank's number, or None if it can (or is no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # the schema says what type was expected
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {value}"
    if abs(value) > MAX_NUMBER:
        if isinstance(value, float):
            shown = f"{value:g}"
        else:
            digits = len(str(abs(value)))
            shown = f"a {digits}-digit number" if digits > 30 else f"{value:,}"
        return f"expected a number from -10^15 to 10^15 (a quadrillion), got {shown}"
    return None
