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
import re
from dataclasses import dataclass, field
from typing import Any

from quizapp.engine.bank import Bank
from quizapp.engine.errors import BankError, BankIssue, JsonPath
from quizapp.engine.importers.common import (
    Located,
    bank_head,
    base_data,
    build_bank,
    file_issue,
    fold_name,
    slug,
    unique_id,
)
from quizapp.engine.model import FACT_KINDS
from quizapp.engine.text import parse_date, parse_number

COLUMNS = (
    "fact_id", "kind", "relation", "subject", "subject_type", "subject_aliases",
    "subject_attributes", "relation_question", "reverse_question", "statement", "value",
    "value_type", "value_entity_type", "unit", "counts", "as_of", "approximate",
    "source_title", "source_origin", "sentence", "note",
)  # fmt: skip
REQUIRED = ("kind", "subject", "value", "source_title", "sentence")
BANK_ROWS = ("#id", "#title", "#subject", "#description", "#language")
VALUE_TYPES = ("date", "quantity", "entity", "text")
_DEFAULT_VALUE_TYPE = {"date": "date", "figure": "quantity", "quote": "text"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_YES = {"yes", "y", "true", "t", "1", "x", "approximate", "about"}
_NO = {"", "no", "n", "false", "f", "0"}
_TEMPLATES = (("relation_question", "ask"), ("reverse_question", "ask_reverse"),
              ("statement", "statement"))  # fmt: skip


class _RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


@dataclass
class _Row:
    line: int
    cells: dict[str, str]
    cols: dict[str, int]

    def get(self, name: str) -> str:
        return self.cells.get(name, "").strip()


@dataclass
class _Importer:
    filename: str
    data: dict[str, Any]
    where: Located = field(default_factory=Located)
    issues: list[BankIssue] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)  # folded name or alias -> index
    sources: dict[str, int] = field(default_factory=dict)  # folded title -> index
    relations: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    fact_lines: dict[str, int] = field(default_factory=dict)  # fact id -> line it was given on
    derived: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for i, entity in enumerate(self.data["entities"]):
            for name in (entity["name"], *entity.get("aliases", ())):
                self.entities.setdefault(fold_name(name), i)
        self.sources = {fold_name(s["title"]): i for i, s in enumerate(self.data["sources"])}
        self.relations = {r["id"]: i for i, r in enumerate(self.data["relations"])}
        self.facts = {f["id"]: i for i, f in enumerate(self.data["facts"])}
        self.taken = {
            section: {r["id"] for r in self.data.get(section, ())}
            for section in ("entities", "sources")
        }
        self.taken_facts = set(self.facts) | {q["id"] for q in self.data.get("questions", ())}

    def error(self, row: _Row, column: str, message: str) -> None:
        self.issues.append(
            BankIssue(self.filename, row.line, row.cols.get(column), column, message)
        )

    def put(self, path: JsonPath, row: _Row, column: str) -> None:
        self.where.put(path, row.line, row.cols.get(column, 1), column)

    # ---- entities, sources, relations ---------------------------------------------------------

    def entity(self, row: _Row, name: str, column: str, type_column: str) -> str:
        found = self.entities.get(fold_name(name))
        wanted = row.get(type_column)
        if found is not None:
            record = self.data["entities"][found]
            if wanted and slug(wanted) != record["type"]:
                raise _RowError(
                    type_column,
                    f"{name!r} is already an entity of type {record['type']!r}; expected "
                    f"{record['type']} or an empty {type_column}",
                )
            return str(record["id"])
        if not wanted:
            raise _RowError(
                type_column,
                f"{name!r} is a new entity: expected its type in {type_column} "
                "(person, place, base, event ...)",
            )
        record = {"id": unique_id(slug(name), self.taken["entities"]), "name": name,
                  "type": slug(wanted, fallback="thing")}  # fmt: skip
        index = len(self.data["entities"])
        self.data["entities"].append(record)
        self.entities[fold_name(name)] = index
        self.put(("entities", index), row, column)
        self.put(("entities", index, "name"), row, column)
        self.put(("entities", index, "type"), row, type_column)
        return str(record["id"])

    def subject_extras(self, row: _Row, entity_id: str) -> None:
        index = next(i for i, e in enumerate(self.data["entities"]) if e["id"] == entity_id)
        record = self.data["entities"][index]
        for alias in (a.strip() for a in re.split(r"[;|]", row.get("subject_aliases"))):
            if alias and fold_name(alias) not in {
                fold_name(n) for n in (record["name"], *record.get("aliases", ()))
            }:
                record.setdefault("aliases", []).append(alias)
                self.entities.setdefault(fold_name(alias), index)
                self.put(("entities", index, "aliases"), row, "subject_aliases")
        for pair in (p.strip() for p in re.split(r"[;|]", row.get("subject_attributes"))):
            if not pair:
                continue
            key, sep, value = pair.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise _RowError(
                    "subject_attributes",
                    f"expected name=value pairs like province=Anbar, got {pair!r}",
                )
            record.setdefault("attributes", {})[slug(key)] = value.strip()
            self.put(("entities", index, "attributes"), row, "subject_attributes")

    def source(self, row: _Row) -> str:
        title = row.get("source_title")
        found = self.sources.get(fold_name(title))
        if found is not None:
            return str(self.data["sources"][found]["id"])
        record = {"id": unique_id(slug(title, fallback="source"), self.taken["sources"]),
                  "title": title}  # fmt: skip
        if row.get("source_origin"):
            record["origin"] = row.get("source_origin")
        index = len(self.data["sources"])
        self.data["sources"].append(record)
        self.sources[fold_name(title)] = index
        self.put(("sources", index), row, "source_title")
        return record["id"]

    def relation(self, row: _Row, kind: str) -> tuple[dict[str, Any], dict[str, str]]:
        """Return the row's relation and the templates the fact keeps as its own."""
        given = row.get("relation")
        question = re.sub(r"\{(?:subject|value)\}", " ", row.get("relation_question"))
        rel_id = slug(given or question, fallback="")
        if not rel_id:
            raise _RowError("relation", "expected a relation name or a relation_question")
        vtype = row.get("value_type").lower() or _DEFAULT_VALUE_TYPE.get(kind, "text")
        if vtype not in VALUE_TYPES:
            raise _RowError(
                "value_type", f"expected one of {', '.join(VALUE_TYPES)}, got {vtype!r}"
            )
        templates = {key: row.get(column) for column, key in _TEMPLATES if row.get(column)}
        index = self.relations.get(rel_id)
        if index is not None:
            record = self.data["relations"][index]
            if record["kind"] != kind:
                raise _RowError(
                    "kind", f"relation {rel_id!r} is of kind {record['kind']}; got {kind}"
                )
            if row.get("value_type") and record["value_type"] != vtype:
                raise _RowError(
                    "value_type",
                    f"relation {rel_id!r} has value_type {record['value_type']}; got {vtype}",
                )
            own = {k: v for k, v in templates.items() if v != record.get(k)}
            return record, own
        for column, key in (("relation_question", "ask"), ("statement", "statement")):
            if key not in templates:
                raise _RowError(
                    column,
                    f"expected a {column} template: this is the first row of relation {rel_id!r}"
                    " (e.g. 'When was {subject} opened?' / '{subject} was opened on {value}.')",
                )
        record = {"id": rel_id, "kind": kind, "value_type": vtype, **templates}
        index = len(self.data["relations"])
        self.data["relations"].append(record)
        self.relations[rel_id] = index
        self.put(("relations", index), row, "relation" if given else "relation_question")
        self.put(("relations", index, "value_type"), row, "value_type")
        for column, key in _TEMPLATES:
            self.put(("relations", index, key), row, column)
        return record, {}

    # ---- values and facts ---------------------------------------------------------------------

    def value(self, row: _Row, vtype: str) -> dict[str, Any]:
        raw = row.get("value")
        if vtype == "date":
            return {"date": _date(raw, "value")}
        if vtype == "entity":
            return {"entity": self.entity(row, raw, "value", "value_entity_type")}
        if vtype == "text":
            return {"text": raw}
        amount = parse_number(raw)
        if amount is None:
            raise _RowError("value", f"expected a number such as 2500 or 2,500, got {raw!r}")
        if not row.get("unit"):
            raise _RowError("unit", "expected a unit (troops, km, people ...) for a number")
        out: dict[str, Any] = {
            "number": int(amount) if amount.is_integer() else amount,
            "unit": row.get("unit"),
        }
        if row.get("counts"):
            out["counts"] = row.get("counts")
        if row.get("as_of"):
            out["as_of"] = _date(row.get("as_of"), "as_of")
        approx = row.get("approximate").casefold()
        if approx not in _YES | _NO:
            raise _RowError(
                "approximate", f"expected yes or no (or leave it empty), got {approx!r}"
            )
        if approx in _YES:
            out["approximate"] = True
        return out

    def row(self, row: _Row) -> None:
        missing = [c for c in REQUIRED if not row.get(c)]
        if missing:
            raise _RowError(missing[0], f"expected a value in column {missing[0]}")
        kind = row.get("kind").lower()
        if kind not in FACT_KINDS:
            raise _RowError("kind", f"expected one of {', '.join(FACT_KINDS)}, got {kind!r}")
        fact_id = row.get("fact_id")
        if fact_id and not _ID.match(fact_id.lower()):
            raise _RowError("fact_id", "expected an id: letters, digits, '-' and '_' (no spaces)")
        fact_id = fact_id.lower()
        if fact_id and fact_id in self.fact_lines:
            self.dispute(row, fact_id)
            return
        subject = self.entity(row, row.get("subject"), "subject", "subject_type")
        self.subject_extras(row, subject)
        relation, own = self.relation(row, kind)
        claim = {"value": self.value(row, relation["value_type"]), "source": self.source(row),
                 "sentence": row.get("sentence")}  # fmt: skip
        if not fact_id:
            # Same subject and relation, same id: a re-uploaded sheet updates its facts.
            fact_id = unique_id(
                slug(f"{subject} {relation['id']}"), self.derived | set(self.fact_lines)
            )
            self.derived.add(fact_id)
        fact = {"id": fact_id, "relation": relation["id"], "subject": subject, **claim, **own}
        if row.get("note"):
            fact["note"] = row.get("note")
        index = self.facts.get(fact_id)
        if index is None:
            index = len(self.data["facts"])
            self.data["facts"].append(fact)
            self.facts[fact_id] = index
        else:
            self.data["facts"][index] = fact  # the upload updates this fact
        self.fact_lines[fact_id] = row.line
        self.put(("facts", index), row, "fact_id" if row.get("fact_id") else "subject")
        fields = {"id": "fact_id", "relation": "relation", "subject": "subject", "value": "value",
                  "source": "source_title", "sentence": "sentence", "note": "note",
                  "ask": "relation_question", "ask_reverse": "reverse_question",
                  "statement": "statement"}  # fmt: skip
        for key, column in fields.items():
            self.put(("facts", index, key), row, column)
        for key in ("unit", "counts", "as_of"):
            self.put(("facts", index, "value", key), row, key)

    def dispute(self, row: _Row, fact_id: str) -> None:
        index = self.facts[fact_id]
        fact = self.data["facts"][index]
        first = self.fact_lines[fact_id]
        subject = self.entities.get(fold_name(row.get("subject")))
        if subject is None or self.data["entities"][subject]["id"] != fact["subject"]:
            raise _RowError(
                "subject",
                f"expected the same subject as line {first}: a repeated fact_id adds another "
                "source's value for the same fact",
            )
        relation = self.data["relations"][self.relations[fact["relation"]]]
        claim = {"value": self.value(row, relation["value_type"]), "source": self.source(row),
                 "sentence": row.get("sentence")}  # fmt: skip
        disputes = fact.setdefault("disputed_by", [])
        j = len(disputes)
        disputes.append(claim)
        path = ("facts", index, "disputed_by", j)
        self.put(path, row, "fact_id")
        for key, column in (("value", "value"), ("source", "source_title"),
                            ("sentence", "sentence")):  # fmt: skip
            self.put((*path, key), row, column)


def _date(raw: str, column: str) -> str:
    found = parse_date(raw)
    if found is None:
        raise _RowError(
            column,
            f"expected a date such as 2020-03-19, 2020-03, 2020 or 19 March 2020, got {raw!r}",
        )
    return found.iso()


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


def parse_csv(text: str, *, filename: str, base: Bank | None = None) -> Bank:
    """Return the bank of a CSV file of facts (added to `base` when given); raise BankError."""
    header_line = next(
        (
            (n, line)
            for n, line in enumerate(text.splitlines(), start=1)
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
        return _read(reader, filename, base)
    except csv.Error as exc:
        message = f"unreadable CSV: {exc} (check the quotes on this line)"
        if "field larger than field limit" in str(exc):
            message = f"a cell is longer than {csv.field_size_limit():,} characters"
        raise BankError([file_issue(filename, message, reader.line_num)]) from None


def _read(reader: Any, filename: str, base: Bank | None) -> Bank:
    data, texts = base_data(base)
    importer = _Importer(filename, data)
    given: dict[str, str] = {}
    header: list[str] | None = None
    cols: dict[str, int] = {}
    rows = 0
    last = 0
    for cells in reader:
        line, last = last + 1, reader.line_num
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
        row = _Row(line, dict(zip(header, cells, strict=False)), cols)
        rows += 1
        try:
            importer.row(row)
        except _RowError as exc:
            importer.error(row, exc.column, exc.message)
    if header is not None and rows == 0 and not importer.issues:
        importer.issues.append(file_issue(filename, "expected at least one fact row", last))
    if importer.issues:
        raise BankError(importer.issues)
    data["bank"] = bank_head(filename, base, given)
    return build_bank(data, filename, importer.where, texts)


def _check_header(importer: _Importer, header: list[str], line: int) -> dict[str, int]:
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
