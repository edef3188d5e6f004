"""A server-rendered SVG chart of scores: no script, no CDN, readable without colour.

The x axis counts attempts (1, 2, 3 ...) with the day written once under the first attempt of
each day. Each quiz is its own series, with its own marker shape named in a legend, and only
attempts of the same quiz are joined by a line. Values are written next to their markers where
they do not collide with another label (every one when there are few, else the first, last,
lowest and highest). The SVG carries a <title> and a <desc> that states every number, and pages
show the same points as a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 24, 64
#: Marker shapes by series, so quizzes differ without relying on colour.
SHAPES = ("circle", "square", "triangle", "diamond")
LABEL_W, LABEL_H = 34, 14
#: Up to this many points every marker gets its value and date written next to it.
LABEL_ALL = 12
GRID = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Point:
    """One score on the chart: a short x label (a date), the percent, and a longer caption."""

    label: str
    value: float
    caption: str
    #: The series (quiz) the point belongs to: points of one series are joined by a line.
    series: str = ""

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
    # Inset from the axis so the first value label clears the percent labels.
    start, inner = LEFT + 24, WIDTH - LEFT - RIGHT - 48
    return start + inner / 2 if count == 1 else start + inner * index / (count - 1)


def _y(value: float) -> float:
    clamped = min(max(value, 0.0), 100.0)
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - clamped / 100.0)


def _labelled(points: Sequence[Point]) -> set[int]:
    """Return the indexes whose value is written next to the marker."""
    if len(points) <= LABEL_ALL:
        return set(range(len(points)))
    values = [p.value for p in points]
    return {0, len(points) - 1, values.index(min(values)), values.index(max(values))}


def _days(points: Sequence[Point]) -> dict[int, str]:
    """Return the indexes that start a new day, with that day written once under the axis."""
    out: dict[int, str] = {}
    previous = None
    for i, point in enumerate(points):
        if point.label != previous:
            out[i] = point.label
        previous = point.label
    return out


def _shape(kind: str, x: float, y: float) -> str:
    """Return an SVG marker of `kind` centred on (x, y)."""
    style = 'fill="#ffffff" stroke="#1c2333" stroke-width="2"'
    if kind == "square":
        return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" {style}/>'
    if kind == "triangle":
        corners = ((x, y - 6), (x + 5.5, y + 4), (x - 5.5, y + 4))
    elif kind == "diamond":
        corners = ((x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y))
    else:
        corners = ()
    if corners:
        path = " L".join(f"{cx:.1f} {cy:.1f}" for cx, cy in corners)
        return f'<path d="M{path} Z" {style}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" {style}/>'


def _free(box: tuple[float, float], taken: list[tuple[float, float]]) -> bool:
    return all(abs(box[0] - x) >= LABEL_W or abs(box[1] - y) >= LABEL_H for x, y in taken)


def score_chart(
    points: Sequence[Point], *, title: str, chart_id: str = "score-chart", summary: str = ""
) -> Markup:
    """Return an accessible SVG chart of percentages, oldest first, one series per quiz;
    `summary` replaces the attempt-by-attempt description (for charts of other things)."""
    ident = escape(chart_id)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(summary or describe(points))}</desc>',
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
    series = list(dict.fromkeys(p.series for p in points))
    shape = {name: SHAPES[i % len(SHAPES)] for i, name in enumerate(series)}
    for name in series:  # a line joins only the attempts of one quiz
        joined = [c for p, c in zip(points, coords, strict=True) if p.series == name]
        if len(joined) > 1:
            line = " ".join(f"{x:.1f},{y:.1f}" for x, y in joined)
            parts.append(
                f'<polyline class="chart-line" points="{line}" fill="none" stroke="#2f4fd8" '
                f'stroke-width="2" stroke-linejoin="round" opacity=".6"/>'
            )
    labelled, days = _labelled(points), _days(points)
    taken: list[tuple[float, float]] = []
    numbered = set(range(len(points))) if len(points) <= LABEL_ALL else set(days) | labelled
    for i, (point, (x, y)) in enumerate(zip(points, coords, strict=True)):
        parts.append(
            f'<g class="chart-point">{_shape(shape[point.series], x, y)}'
            f"<title>{escape(point.caption)}: {escape(point.value_text)}</title></g>"
        )
        if i in labelled:
            for label_y in (y - 10, y + 20) if y >= TOP + 14 else (y + 20, y - 10):
                if _free((x, label_y), taken):
                    taken.append((x, label_y))
                    parts.append(
                        f'<text class="chart-value" x="{x:.1f}" y="{label_y:.1f}" '
                        f'text-anchor="middle" font-size="12" font-weight="600" '
                        f'fill="#1c2333">{escape(point.value_text)}</text>'
                    )
                    break
        if i in numbered:
            parts.append(
                f'<text class="chart-axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                f'text-anchor="middle" font-size="12" fill="#566074">#{i + 1}</text>'
            )
        if i in days:
            parts.append(
                f'<text class="chart-axis chart-day" x="{x:.1f}" y="{HEIGHT - BOTTOM + 34}" '
                f'text-anchor="middle" font-size="11" fill="#566074">{escape(days[i])}</text>'
            )
    if series and any(series):
        x = LEFT
        for name in series:
            if x > WIDTH - RIGHT - 60:
                parts.append(f'<text x="{x}" y="{HEIGHT - 6}" font-size="12">…</text>')
                break
            parts.append(
                f'<g class="chart-legend">{_shape(shape[name], x + 6, HEIGHT - 10)}'
                f'<text x="{x + 16}" y="{HEIGHT - 6}" font-size="12" fill="#1c2333">'
                f"{escape(name[:28])}</text></g>"
            )
            x += 30 + 7 * min(len(name), 28)
    parts.append("</svg>")
    # Safe: every text and attribute value above that did not come from this module is escaped.
    return Markup("".join(parts))  # noqa: S704
