"""CSV exports of a quiz's gradebook and item statistics, safe to open in a spreadsheet.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
return) get a leading apostrophe. Numbers this module writes itself are formatted here and left
alone, so a negative discrimination stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from quizapp.services.results.gradebook import Gradebook, ItemReport, StudentGrades

#: A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Return a CSV cell that a spreadsheet shows as text instead of running it as a formula."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def gradebook_csv(book: Gradebook) -> str:
    """Return the gradebook as CSV: one row per student, a column per attempt, the final grade."""
    header = ["username", "display name", "attempts"]
    header += [f"attempt {n} (%)" for n in range(1, book.columns + 1)]
    header += [f"final grade (%, {book.quiz.grading_method})"]

    def line(s: StudentGrades) -> list[Any]:
        cells: list[Any] = [a.percent if a.percent is not None else a.state for a in s.attempts]
        cells += [None] * (book.columns - len(cells))
        return [s.username, s.display_name, len(s.attempts), *cells, s.final]

    return _csv(header, (line(s) for s in book.students))


def items_csv(report: ItemReport) -> str:
    """Return the item statistics as CSV: one row per item, options as "label: count" pairs."""
    header = [
        "item",
        "fact",
        "question type",
        "kind",
        "attempts",
        "facility (%)",
        "discrimination (%)",
        "flags",
        "options chosen",
    ]
    rows = (
        [
            r.key,
            r.label,
            r.qtype,
            r.kind,
            r.attempts,
            r.facility,
            r.discrimination,
            "; ".join(r.flags),
            "; ".join(f"{o.label}: {o.count}" for o in r.options),
        ]
        for r in report.items
    )
    return _csv(header, rows)
