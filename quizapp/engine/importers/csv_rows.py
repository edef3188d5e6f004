"""The rows of a CSV import: each row's entity, relation, source, value and fact, by name.

`RowImporter` adds one row at a time to bank data (the base bank's, or empty sections), creating
what the row names and the bank lacks, and notes where each part came from. A row's first mistake
raises RowError naming the column; `csv_bank` reads the file and reports it with the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from quizapp.engine.bank.dates import parse_date
from quizapp.engine.bank.model import FACT_KINDS
from quizapp.engine.importers.common import Located, UniqueIds, fold_name, slug
from quizapp.engine.importers.csv_numbers import AmbiguousNumber, read_number
from quizapp.engine.parsing.errors import BankIssue, JsonPath

COLUMNS = (
    "fact_id", "kind", "relation", "subject", "subject_type", "subject_aliases",
    "subject_attributes", "relation_question", "reverse_question", "statement", "value",
    "value_type", "value_entity_type", "values", "closed", "importance", "unit", "counts",
    "as_of", "approximate", "source_title", "source_origin", "sentence", "note",
)  # fmt: skip
REQUIRED = ("kind", "subject", "value", "source_title", "sentence")
BANK_ROWS = ("#id", "#title", "#subject", "#description", "#language")
VALUE_TYPES = ("date", "quantity", "entity", "text")
_DEFAULT_VALUE_TYPE = {"date": "date", "figure": "quantity", "quote": "text"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_YES = {"yes", "y", "true", "t", "1", "x", "approximate", "about"}
_NO = {"", "no", "n", "false", "f", "0"}
_BOUNDS = ("at least", "more than", "at most", "fewer than")  # a number given as a bound
_TEMPLATES = (("relation_question", "ask"), ("reverse_question", "ask_reverse"),
              ("statement", "statement"))  # fmt: skip
_IMPORTANCES = ("core", "normal", "peripheral")
_UNSAID = ("distractors", "label", "importance")  # fact fields no column holds


def _meaning(row: Row) -> dict[str, Any]:
    """Return what a row says about its relation's meaning: values, closed, importance."""
    out: dict[str, Any] = {}
    values = row.get("values").casefold()
    if values:
        if values not in ("one", "many"):
            raise RowError(
                "values",
                f"expected one (a subject has one value) or many, got {row.get('values')!r}",
            )
        out["values"] = values
    closed = row.get("closed").casefold()
    if closed:
        if closed not in _YES | _NO:
            raise RowError("closed", f"expected yes or no (or leave it empty), got {closed!r}")
        out["closed"] = closed in _YES
    importance = row.get("importance").casefold()
    if importance:
        if importance not in _IMPORTANCES:
            raise RowError(
                "importance", f"expected one of {', '.join(_IMPORTANCES)}, got {importance!r}"
            )
        out["importance"] = importance
    return out


class RowError(Exception):
    """A row's mistake: the column it is in and what was expected."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


@dataclass
class Row:
    """One data row: the line it starts on, its cells by column name, column numbers."""

    line: int
    cells: dict[str, str]
    cols: dict[str, int]

    def get(self, name: str) -> str:
        """Return a cell's text, trimmed ('' when the column is absent)."""
        return self.cells.get(name, "").strip()


@dataclass
class RowImporter:
    """Add rows to bank data, resolving names against what the data already has."""

    filename: str
    data: dict[str, Any]
    decimal: str | None = "."  # the file's decimal mark, None if it does not show one
    where: Located = field(default_factory=Located)
    issues: list[BankIssue] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)  # folded name or alias -> index
    sources: dict[str, int] = field(default_factory=dict)  # folded title -> index
    relations: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    fact_lines: dict[str, int] = field(default_factory=dict)  # fact id -> line it was given on
    # The file's fact ids, given or made: a made one never repeats another (the base's facts
    # are not in here, so a re-uploaded sheet makes the same ids and updates those facts).
    fact_ids: UniqueIds = field(default_factory=UniqueIds)
    entity_index: dict[str, int] = field(default_factory=dict)  # entity id -> index
    entity_names: dict[int, set[str]] = field(default_factory=dict)  # index -> folded names

    def __post_init__(self) -> None:
        self.typed: dict[tuple[str, str], int] = {}  # (folded name, type) -> index
        for i, entity in enumerate(self.data["entities"]):
            for name in (entity["name"], *entity.get("aliases", ())):
                self.entities.setdefault(fold_name(name), i)
                self.typed.setdefault((fold_name(name), entity["type"]), i)
        self.sources = {fold_name(s["title"]): i for i, s in enumerate(self.data["sources"])}
        self.relations = {r["id"]: i for i, r in enumerate(self.data["relations"])}
        self.facts = {f["id"]: i for i, f in enumerate(self.data["facts"])}
        self.taken = {
            section: UniqueIds(r["id"] for r in self.data.get(section, ()))
            for section in ("entities", "sources")
        }
        self.entity_index = {e["id"]: i for i, e in enumerate(self.data["entities"])}

    def error(self, row: Row, column: str, message: str) -> None:
        self.issues.append(
            BankIssue(self.filename, row.line, row.cols.get(column), column, message)
        )

    def put(self, path: JsonPath, row: Row, column: str) -> None:
        self.where.put(path, row.line, row.cols.get(column, 1), column)

    # ---- entities, sources, relations ---------------------------------------------------------

    def entity(self, row: Row, name: str, column: str, type_column: str) -> str:
        found = self.entities.get(fold_name(name))
        wanted = row.get(type_column)
        if wanted and found is not None:
            # Two entities of one name (a city and its province): the type tells them apart.
            found = self.typed.get((fold_name(name), slug(wanted)), found)
        if found is not None:
            record = self.data["entities"][found]
            if wanted and slug(wanted) != record["type"]:
                raise RowError(
                    type_column,
                    f"{name!r} is already an entity of type {record['type']!r}; expected "
                    f"{record['type']} or an empty {type_column}",
                )
            return str(record["id"])
        if not wanted:
            raise RowError(
                type_column,
                f"{name!r} is a new entity: expected its type in {type_column} "
                "(person, place, base, event ...)",
            )
        record = {"id": self.taken["entities"].take(slug(name)), "name": name,
                  "type": slug(wanted, fallback="thing")}  # fmt: skip
        index = len(self.data["entities"])
        self.data["entities"].append(record)
        self.entity_index[record["id"]] = index
        self.entities[fold_name(name)] = index
        self.put(("entities", index), row, column)
        self.put(("entities", index, "name"), row, column)
        self.put(("entities", index, "type"), row, type_column)
        return str(record["id"])

    def subject_extras(self, row: Row, entity_id: str) -> None:
        index = self.entity_index[entity_id]
        record = self.data["entities"][index]
        names = self.entity_names.get(index)
        if names is None:
            names = {fold_name(n) for n in (record["name"], *record.get("aliases", ()))}
            self.entity_names[index] = names
        for alias in (a.strip() for a in re.split(r"[;|]", row.get("subject_aliases"))):
            if alias and fold_name(alias) not in names:
                names.add(fold_name(alias))
                record.setdefault("aliases", []).append(alias)
                self.entities.setdefault(fold_name(alias), index)
                self.put(("entities", index, "aliases"), row, "subject_aliases")
        for pair in (p.strip() for p in re.split(r"[;|]", row.get("subject_attributes"))):
            if not pair:
                continue
            key, sep, value = pair.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise RowError(
                    "subject_attributes",
                    f"expected name=value pairs like province=Anbar, got {pair!r}",
                )
            record.setdefault("attributes", {})[slug(key)] = value.strip()
            self.put(("entities", index, "attributes"), row, "subject_attributes")

    def source(self, row: Row) -> str:
        title = row.get("source_title")
        found = self.sources.get(fold_name(title))
        if found is not None:
            return str(self.data["sources"][found]["id"])
        record = {"id": self.taken["sources"].take(slug(title, fallback="source")),
                  "title": title}  # fmt: skip
        if row.get("source_origin"):
            record["origin"] = row.get("source_origin")
        index = len(self.data["sources"])
        self.data["sources"].append(record)
        self.sources[fold_name(title)] = index
        self.put(("sources", index), row, "source_title")
        return record["id"]

    def relation(self, row: Row, kind: str) -> tuple[dict[str, Any], dict[str, str]]:
        """Return the row's relation and the templates the fact keeps as its own."""
        given = row.get("relation")
        question = re.sub(r"\{(?:subject|value)\}", " ", row.get("relation_question"))
        rel_id = slug(given or question, fallback="")
        if not rel_id:
            raise RowError("relation", "expected a relation name or a relation_question")
        vtype = row.get("value_type").lower() or _DEFAULT_VALUE_TYPE.get(kind, "text")
        if vtype not in VALUE_TYPES:
            raise RowError("value_type", f"expected one of {', '.join(VALUE_TYPES)}, got {vtype!r}")
        templates = {key: row.get(column) for column, key in _TEMPLATES if row.get(column)}
        meaning = _meaning(row)
        index = self.relations.get(rel_id)
        if index is not None:
            record = self.data["relations"][index]
            if record["kind"] != kind:
                raise RowError(
                    "kind", f"relation {rel_id!r} is of kind {record['kind']}; got {kind}"
                )
            if row.get("value_type") and record["value_type"] != vtype:
                raise RowError(
                    "value_type",
                    f"relation {rel_id!r} has value_type {record['value_type']}; got {vtype}",
                )
            for key, wanted in meaning.items():
                if record.setdefault(key, wanted) != wanted:
                    raise RowError(
                        key,
                        f"relation {rel_id!r} has {key} {_cell(record[key])} from an earlier "
                        f"row; got {_cell(wanted)} (leave it empty after the first row)",
                    )
                self.put(("relations", index, key), row, key)
            own = {k: v for k, v in templates.items() if v != record.get(k)}
            return record, own
        for column, key in (("relation_question", "ask"), ("statement", "statement")):
            if key not in templates:
                raise RowError(
                    column,
                    f"expected a {column} template: this is the first row of relation {rel_id!r}"
                    " (e.g. 'When was {subject} opened?' / '{subject} was opened on {value}.')",
                )
        record = {"id": rel_id, "kind": kind, "value_type": vtype, **templates, **meaning}
        index = len(self.data["relations"])
        self.data["relations"].append(record)
        self.relations[rel_id] = index
        self.put(("relations", index), row, "relation" if given else "relation_question")
        self.put(("relations", index, "value_type"), row, "value_type")
        for column, key in _TEMPLATES:
            self.put(("relations", index, key), row, column)
        for key in meaning:
            self.put(("relations", index, key), row, key)
        return record, {}

    # ---- values and facts ---------------------------------------------------------------------

    def value(self, row: Row, vtype: str) -> dict[str, Any]:
        raw = row.get("value")
        if vtype == "date":
            return {"date": _date(raw, "value")}
        if vtype == "entity":
            return {"entity": self.entity(row, raw, "value", "value_entity_type")}
        if vtype == "text":
            return {"text": raw}
        try:
            amount = read_number(raw, self.decimal)
        except AmbiguousNumber as exc:
            raise RowError("value", str(exc)) from None
        if amount is None:
            examples = "2500, 2.500 or 2,5" if self.decimal == "," else "2500, 2,500 or 2.5"
            raise RowError("value", f"expected a number such as {examples}, got {raw!r}")
        if not row.get("unit"):
            raise RowError("unit", "expected a unit (troops, km, people ...) for a number")
        out: dict[str, Any] = {
            "number": int(amount) if amount.is_integer() else amount,
            "unit": row.get("unit"),
        }
        if row.get("counts"):
            out["counts"] = row.get("counts")
        if row.get("as_of"):
            out["as_of"] = _date(row.get("as_of"), "as_of")
        approx = " ".join(row.get("approximate").casefold().replace("_", " ").split())
        if approx in _BOUNDS:
            out["qualifier"] = approx.replace(" ", "_")
        elif approx not in _YES | _NO:
            raise RowError(
                "approximate",
                f"expected yes or no, or a bound ({', '.join(_BOUNDS)}), got {approx!r}",
            )
        elif approx in _YES:
            out["approximate"] = True
        return out

    def row(self, row: Row) -> None:
        missing = [c for c in REQUIRED if not row.get(c)]
        if missing:
            raise RowError(missing[0], f"expected a value in column {missing[0]}")
        kind = row.get("kind").lower()
        if kind not in FACT_KINDS:
            raise RowError("kind", f"expected one of {', '.join(FACT_KINDS)}, got {kind!r}")
        fact_id = row.get("fact_id")
        if fact_id and not _ID.match(fact_id.lower()):
            raise RowError("fact_id", "expected an id: letters, digits, '-' and '_' (no spaces)")
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
            fact_id = self.fact_ids.take(slug(f"{subject} {relation['id']}"))
        else:
            self.fact_ids.add(fact_id)
        fact = {"id": fact_id, "relation": relation["id"], "subject": subject, **claim, **own}
        if row.get("note"):
            fact["note"] = row.get("note")
        index = self.facts.get(fact_id)
        if index is None:
            index = len(self.data["facts"])
            self.data["facts"].append(fact)
            self.facts[fact_id] = index
        else:
            # The upload updates this fact; what a sheet has no column for stays.
            old = self.data["facts"][index]
            fact.update({k: old[k] for k in _UNSAID if k in old})
            self.data["facts"][index] = fact
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

    def dispute(self, row: Row, fact_id: str) -> None:
        index = self.facts[fact_id]
        fact = self.data["facts"][index]
        first = self.fact_lines[fact_id]
        subject = self.entities.get(fold_name(row.get("subject")))
        if subject is None or self.data["entities"][subject]["id"] != fact["subject"]:
            raise RowError(
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


def _cell(value: object) -> str:
    """Return a relation setting as a CSV cell would write it."""
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def _date(raw: str, column: str) -> str:
    found = parse_date(raw)
    if found is None:
        raise RowError(
            column,
            f"expected a date such as 2020-03-19, 2020-03, 2020 or 19 March 2020, got {raw!r}",
        )
    return found.iso()
