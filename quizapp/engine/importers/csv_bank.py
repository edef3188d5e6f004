"""Import facts from a CSV file (a spreadsheet saved as CSV): one row per fact.

Entities, relations and sources are found by name, not id: a subject, an entity value or a source
title that the bank (or an earlier row) already has is reused, matched without regard to case;
a new one is created, with an id made from its name. Rows with the same relation share it; the
first of them gives its question templates, and a later row with other templates keeps them as
its own. A row that repeats a fact_id adds another source's (differing) value to that fact.

The columns are documented in the README ("CSV format") and in `COLUMNS`. Errors name the file's
line (the header is line 1 unless `#` rows come first) and the column.
"""

from __future__ import annotations

import csv
import difflib
import io
from typing import Any

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.importers.common import bank_head, base_data, build_bank, file_issue
from quizapp.engine.importers.csv_numbers import file_decimal_mark
from quizapp.engine.importers.csv_rows import (
    BANK_ROWS,
    COLUMNS,
    REQUIRED,
    Row,
    RowError,
    RowImporter,
)
from quizapp.engine.parsing.errors import BankError, BankIssue, too_many_items
from quizapp.engine.parsing.lines import UNSTORABLE, editor_lines, unstorable


def _header_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _sniff(line: str) -> str | None:
    """Return the delimiter that splits the header line into the most known column names."""
    best, best_count = None, 1
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([line], delimiter=delimiter), [])
        count = sum(_header_name(c) in COLUMNS for c in cells)
        if count > best_count:
            best, best_count = delimiter, count
    return best


def parse_csv(
    text: str, *, filename: str, base: Bank | None = None, max_items: int | None = None
) -> Bank:
    """Return the bank of a CSV file of facts (added to `base` when given); raise BankError.

    More than `max_items` fact rows are refused at the first one too many.
    """
    header_line = next(
        (
            (n, line)
            for n, line in enumerate(editor_lines(text), start=1)
            if line.strip() and not line.lstrip().lstrip('"').startswith("#")
        ),
        None,
    )
    if header_line is None:
        raise BankError([file_issue(filename, "expected a header row and at least one fact row")])
    delimiter = _sniff(header_line[1])
    if delimiter is None:
        message = (
            "expected a header row naming the columns (kind, subject, value, source_title, "
            "sentence ...) separated by commas (or semicolons)"
        )
        raise BankError([file_issue(filename, message, header_line[0])])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _read(reader, filename, base, max_items, delimiter)
    except csv.Error as exc:
        message = f"unreadable CSV: {exc} (check the quotes on this line)"
        if "field larger than field limit" in str(exc):
            message = f"a cell is longer than {csv.field_size_limit():,} characters"
        raise BankError([file_issue(filename, message, reader.line_num)]) from None


def _read(
    reader: Any, filename: str, base: Bank | None, max_items: int | None, delimiter: str
) -> Bank:
    data, texts = base_data(base)
    importer = RowImporter(filename, data)
    given: dict[str, str] = {}
    header: list[str] | None = None
    cols: dict[str, int] = {}
    rows = 0
    last = 0
    data_rows: list[Row] = []
    for cells in reader:
        line, last = last + 1, reader.line_num
        bad = next(((i, m[0]) for i, c in enumerate(cells) if (m := UNSTORABLE.search(c))), None)
        if bad is not None:
            name = header[bad[0]] if header is not None and bad[0] < len(header) else ""
            importer.issues.append(BankIssue(filename, line, bad[0] + 1, name, unstorable(bad[1])))
            if header is None:  # the rest cannot be read without the header
                raise BankError(importer.issues)
            continue
        first = cells[0].strip() if cells else ""
        if not any(c.strip() for c in cells):
            continue
        if first.startswith("#"):
            if header is None and first.lower() in BANK_ROWS and len(cells) > 1:
                key = first.lower()[1:]
                given[key] = cells[1].strip()
                importer.where.put(("bank", key), line, 2, first)
            continue
        if header is None:
            header = [_header_name(c) for c in cells]
            cols = _check_header(importer, header, line)
            continue
        extra = [c for c in cells[len(header) :] if c.strip()]
        if extra:
            importer.issues.append(file_issue(
                filename, f"this row has {len(cells)} cells but the header names {len(header)}"
                " columns; expected no cells past the last column", line,
            ))  # fmt: skip
            continue
        row = Row(line, dict(zip(header, cells, strict=False)), cols)
        rows += 1
        if max_items is not None and rows > max_items:
            raise BankError([file_issue(filename, too_many_items(max_items), line)])
        data_rows.append(row)
    # Numbers are read by the file's convention, which the whole file shows.
    numbers = (r.get("value") for r in data_rows if _counts(r))
    importer.decimal = file_decimal_mark(numbers, delimiter)
    for row in data_rows:
        try:
            importer.row(row)
        except RowError as exc:
            importer.error(row, exc.column, exc.message)
    if header is not None and rows == 0 and not importer.issues:
        importer.issues.append(file_issue(filename, "expected at least one fact row", last))
    if importer.issues:
        raise BankError(importer.issues)
    data["bank"] = bank_head(filename, base, given)
    return build_bank(data, filename, importer.where, texts)


def _counts(row: Row) -> bool:
    """Tell whether a row's value is a number (a figure, or a quantity by its value_type)."""
    return row.get("kind").lower() == "figure" or row.get("value_type").lower() == "quantity"


def _check_header(importer: RowImporter, header: list[str], line: int) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if not name:
            continue
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            message = f"unknown column {name!r}{hint}; expected one of: {', '.join(COLUMNS)}"
            importer.issues.append(BankIssue(importer.filename, line, i, name, message))
        elif name in cols:
            message = f"duplicate column {name!r}: column {cols[name]} already has it"
            importer.issues.append(BankIssue(importer.filename, line, i, name, message))
        else:
            cols[name] = i
    for name in REQUIRED:
        if name not in cols:
            message = f"missing column {name!r}; expected columns {', '.join(REQUIRED)} at least"
            importer.issues.append(BankIssue(importer.filename, line, None, name, message))
    if importer.issues:
        raise BankError(importer.issues)
    return cols
