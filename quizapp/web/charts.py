"""A server-rendered SVG line chart of scores: no script, no CDN, readable without colour.

Each score is a marker with its value written next to it (every one when there are few, the
first, last, lowest and highest when there are many), the SVG carries a <title> and a <desc>
that states every number, and pages show the same points as a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 24, 44
#: Up to this many points every marker gets its value and date written next to it.
LABEL_ALL = 12
GRID = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Point:
    """One score on the chart: a short x label (a date), the percent, and a longer caption."""

    label: str
    value: float
    caption: str

    @property
    def value_text(self) -> str:
        """Return the score as the chart and its table write it."""
        return percent_text(self.value)


def percent_text(value: float) -> str:
    """Return a percentage rounded to a whole number, e.g. "67%"."""
    return f"{value:.0f}%"


def describe(points: Sequence[Point]) -> str:
    """Return a sentence stating every score on the chart, for its <desc> and screen readers."""
    if not points:
        return "No finished attempts yet, so there are no scores to show."
    if len(points) == 1:
        only = points[0]
        return f"One attempt so far: {only.value_text} on {only.label}."
    values = [p.value for p in points]
    listed = ", ".join(f"{p.value_text} ({p.label})" for p in points)
    return (
        f"{len(points)} attempts from {points[0].label} to {points[-1].label}. "
        f"Lowest {percent_text(min(values))}, highest {percent_text(max(values))}, "
        f"latest {points[-1].value_text}. Scores, oldest first: {listed}."
    )


def _x(index: int, count: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    return LEFT + inner / 2 if count == 1 else LEFT + inner * index / (count - 1)


def _y(value: float) -> float:
    clamped = min(max(value, 0.0), 100.0)
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - clamped / 100.0)


def _labelled(points: Sequence[Point]) -> set[int]:
    """Return the indexes whose value is written next to the marker."""
    if len(points) <= LABEL_ALL:
        return set(range(len(points)))
    values = [p.value for p in points]
    return {0, len(points) - 1, values.index(min(values)), values.index(max(values))}


def _dated(points: Sequence[Point]) -> set[int]:
    """Return the indexes whose date is written under the axis (a few, evenly spread)."""
    count = len(points)
    if count <= 6:
        return set(range(count))
    step = (count - 1) / 5
    return {round(i * step) for i in range(6)}


def score_chart(points: Sequence[Point], *, title: str, chart_id: str = "score-chart") -> Markup:
    """Return an accessible SVG line chart of percentages, oldest first."""
    ident = escape(chart_id)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(describe(points))}</desc>',
    ]
    for value in GRID:
        y = _y(value)
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{y:.1f}" stroke="#d9dee8" stroke-dasharray="4 4"/>'
            f'<text class="chart-axis" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#566074">{value}%</text>'
        )
    if not points:
        parts.append(
            f'<text class="chart-empty" x="{WIDTH / 2:.0f}" y="{HEIGHT / 2:.0f}" '
            f'text-anchor="middle" font-size="15" fill="#566074">No scores yet</text>'
        )
    coords = [(_x(i, len(points)), _y(p.value)) for i, p in enumerate(points)]
    if len(points) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline class="chart-line" points="{line}" fill="none" stroke="#2f4fd8" '
            f'stroke-width="2.5" stroke-linejoin="round"/>'
        )
    labelled, dated = _labelled(points), _dated(points)
    for i, (point, (x, y)) in enumerate(zip(points, coords, strict=True)):
        parts.append(
            f'<g class="chart-point"><circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" '
            f'stroke="#1c2333" stroke-width="2"/><title>{escape(point.caption)}: '
            f"{escape(point.value_text)}</title></g>"
        )
        if i in labelled:
            # Below the marker when it sits at the top, so the value never leaves the chart.
            label_y = y + 20 if y < TOP + 14 else y - 10
            parts.append(
                f'<text class="chart-value" x="{x:.1f}" y="{label_y:.1f}" text-anchor="middle" '
                f'font-size="12" font-weight="600" fill="#1c2333">{escape(point.value_text)}</text>'
            )
        if i in dated:
            parts.append(
                f'<text class="chart-axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 20}" '
                f'text-anchor="middle" font-size="12" fill="#566074">{escape(point.label)}</text>'
            )
    parts.append("</svg>")
    # Safe: every text and attribute value above that did not come from this module is escaped.
    return Markup("".join(parts))  # noqa: S704
