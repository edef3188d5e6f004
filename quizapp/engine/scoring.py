"""Combine attempt scores into a quiz grade, the way the quiz's grading method says."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

GradingMethod = Literal["highest", "average", "first", "last"]


def final_grade(percents_in_start_order: Sequence[float], method: str) -> float | None:
    """Return the quiz grade (percent) from graded attempts listed oldest first, or None."""
    if not percents_in_start_order:
        return None
    if method == "highest":
        return max(percents_in_start_order)
    if method == "average":
        return sum(percents_in_start_order) / len(percents_in_start_order)
    if method == "first":
        return percents_in_start_order[0]
    if method == "last":
        return percents_in_start_order[-1]
    raise ValueError(f"unknown grading method {method!r}")
