"""The bank rules a schema cannot express: ids, references, value types, dates, templates, quotes.

Every check reads the parsed data defensively (a part the schema already rejected is skipped, not
crashed on), so one pass reports every problem together with the schema's.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

from quizapp.engine.bank.checks.question_rules import question_problems
from quizapp.engine.bank.model import DateValue, EntityRef, Quantity, Value
from quizapp.engine.bank.numbers import number_problem
from quizapp.engine.parsing.errors import JsonPath

Problem = tuple[JsonPath, str]
_DATE_WORDS = re.compile(
    r"\b(?:1[0-9]|20)[0-9]{2}\b|\b(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b"
)
MAX_HINTS = 20  # unknown references that get a "did you mean"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
# A fact kind whose questions need a particular value type (dates are ordered, figures have units).
_KIND_VALUE_TYPE = {"date": "date", "figure": "quantity", "quote": "text"}
_VALUE_FORMS = {
    "date": "{date: ...}",
    "quantity": "{number: ..., unit: ...}",
    "entity": "{entity: ...}",
    "text": "{text: ...}",
}


def fold(text: str) -> str:
    """Return text with whitespace runs folded and typographic quotes made ASCII, for comparing."""
    return " ".join(text.translate(_QUOTES).split())


def value_type(value: Value) -> str:
    """Return the value_type name of a value: 'date', 'quantity', 'entity' or 'text'."""
    if isinstance(value, DateValue):
        return "date"
    if isinstance(value, Quantity):
        return "quantity"
    return "entity" if isinstance(value, EntityRef) else "text"


class ValueProblem(ValueError):
    """A value the schema let through that still cannot be used; `field` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_date(raw: Any) -> DateValue:
    """Return a DateValue from 2020, '2020', '2020-03' or '2020-03-19'; raise ValueError."""
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if not isinstance(text, str):
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        return DateValue.parse(text)
    except ValueError as exc:
        raise ValueError(f"expected a real calendar date, got {text!r} ({exc})") from None


def parse_value(raw: Mapping[str, Any]) -> Value:
    """Return the Value of a schema-valid value mapping; raise ValueProblem if it has none."""
    if "date" in raw:
        try:
            return parse_date(raw["date"])
        except ValueError as exc:
            raise ValueProblem("date", str(exc)) from None
    if "entity" in raw:
        return EntityRef(str(raw["entity"]))
    if "text" in raw:
        return str(raw["text"])
    amount = raw.get("number")
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        raise ValueProblem("number", "expected a number")
    problem = number_problem(amount)
    if problem:
        raise ValueProblem("number", problem)
    unit = raw.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        raise ValueProblem("unit", "expected a non-empty unit (troops, km, rockets ...)")
    qualifier = raw.get("qualifier")
    if raw.get("approximate") is True:
        if qualifier not in (None, "about"):
            raise ValueProblem(
                "approximate", f"expected either approximate: true or qualifier: {qualifier}"
            )
        qualifier = "about"
    as_of = raw.get("as_of")
    try:
        as_of_date = parse_date(as_of) if as_of is not None else None
    except ValueError as exc:
        raise ValueProblem("as_of", str(exc)) from None
    return Quantity(
        amount=amount,
        unit=unit.strip(),
        counts=str(raw.get("counts") or ""),
        as_of=as_of_date,
        qualifier=qualifier or "exact",
    )


def _placeholders(template: str) -> set[str]:
    fields: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if name not in ("subject", "value") or spec or conversion:
            raise ValueError(f"found {{{name}{'!' + conversion if conversion else ''}}}")
        fields.add(name)
    return fields


def template_problems(path: JsonPath, field: str, template: Any) -> Iterator[Problem]:
    """Check one template: only {subject}/{value}, and none that gives the answer away."""
    if not isinstance(template, str):
        return
    where = (*path, field)
    try:
        names = _placeholders(template)
    except ValueError as exc:
        yield (
            where,
            (
                f"expected a template using only {{subject}} and {{value}} "
                f"(write a literal brace as {{{{ or }}}}): {exc}"
            ),
        )
        return
    if field == "label" and "value" in names:
        yield where, "expected 'label' without {value}: an event's label names it without its date"
    if field == "label" and _DATE_WORDS.search(template):
        yield where, "expected 'label' without a year or month name: it would give the order away"
    if field == "ask" and "value" in names:
        yield where, "expected 'ask' without {value}: the question would give its answer away"
    if field == "ask_reverse":
        if "value" not in names:
            yield where, "expected 'ask_reverse' to contain {value} (it asks for the subject)"
        if "subject" in names:
            yield where, "expected 'ask_reverse' without {subject}: it would give its answer away"


def _records(data: Any, section: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(section) if isinstance(data, dict) else None
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield i, item


def _text(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) else None


def _unknown(kind: str, section: str, ref: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(ref, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {kind} {ref!r}{hint}; expected the id of one of the bank's {section}"


class RuleChecker:
    """Collect every rule violation in parsed bank data."""

    def __init__(self, data: Any, texts: Mapping[str, str], files: Mapping[str, str]) -> None:
        self.data = data
        self.folded = {sid: fold(text) for sid, text in texts.items()}
        self.files = files
        self.problems: list[Problem] = []
        self.index: dict[str, dict[str, dict[str, Any]]] = {}
        self.hints = MAX_HINTS

    def run(self) -> list[Problem]:
        """Return every problem found."""
        for section in ("sources", "relations", "entities", "facts", "questions"):
            self.index[section] = self._unique_ids(section)
        for i, relation in _records(self.data, "relations"):
            self._relation((("relations", i)), relation)
        for i, fact in _records(self.data, "facts"):
            self._fact(("facts", i), fact)
        self.problems.extend(question_problems(self.data, self))
        return self.problems

    def _unique_ids(self, section: str) -> dict[str, dict[str, Any]]:
        seen: dict[str, tuple[int, dict[str, Any]]] = {}
        for i, record in _records(self.data, section):
            rid = _text(record, "id")
            if rid is None:
                continue
            if rid in seen:
                first = seen[rid][0]
                message = f"duplicate id {rid!r}: {section}[{first}] already uses it"
                self.problems.append(((section, i, "id"), message))
            else:
                seen[rid] = (i, record)
        return {rid: record for rid, (_, record) in seen.items()}

    def _relation(self, path: JsonPath, relation: dict[str, Any]) -> None:
        kind, vtype = relation.get("kind"), relation.get("value_type")
        wanted = _KIND_VALUE_TYPE.get(str(kind))
        if wanted and vtype != wanted:
            message = f"expected value_type {wanted} for kind {kind}, got {vtype}"
            self.problems.append(((*path, "value_type"), message))
        if relation.get("entity_type") is not None and vtype != "entity":
            self.problems.append(
                ((*path, "entity_type"), "expected no entity_type: value_type is not entity")
            )
        for field in ("ask", "ask_reverse", "statement", "label"):
            self.problems.extend(template_problems(path, field, relation.get(field)))
        if relation.get("label") is not None and vtype != "date":
            self.problems.append(
                ((*path, "label"), "expected no label: only dated facts are put in order")
            )

    def _ref(self, path: JsonPath, section: str, kind: str, ref: Any) -> dict[str, Any] | None:
        if not isinstance(ref, str):
            return None
        found = self.index[section].get(ref)
        if found is None:
            # Each hint compares with every id: only the first few get one, to stay linear.
            self.hints -= 1
            known = self.index[section] if self.hints >= 0 else {}
            self.problems.append((path, _unknown(kind, section, ref, known)))
        return found

    def _fact(self, path: JsonPath, fact: dict[str, Any]) -> None:
        relation = self._ref((*path, "relation"), "relations", "relation", fact.get("relation"))
        subject = self._ref((*path, "subject"), "entities", "entity", fact.get("subject"))
        rel_id = fact.get("relation")
        if relation and subject and relation.get("subject_type") not in (None, subject.get("type")):
            self.problems.append(
                (
                    (*path, "subject"),
                    f"expected a subject of type {relation.get('subject_type')} "
                    f"(relation {rel_id!r}); {fact.get('subject')!r} is a {subject.get('type')}",
                )
            )
        main = self._claim(path, fact, relation)
        for j, claim in _records(fact, "disputed_by"):
            other = self._claim((*path, "disputed_by", j), claim, relation)
            if main is not None and other is not None and other == main:
                self.problems.append(
                    (
                        (*path, "disputed_by", j, "value"),
                        "expected a value that differs from the fact's own value "
                        "(disputed_by records a source that states something else)",
                    )
                )
        for field in ("ask", "ask_reverse", "statement", "label"):
            self.problems.extend(template_problems(path, field, fact.get(field)))
        if fact.get("label") is not None and relation and relation.get("value_type") != "date":
            self.problems.append(
                ((*path, "label"), "expected no label: only dated facts are put in order")
            )
        self._distractors(path, fact, relation, main)

    def _distractors(
        self,
        path: JsonPath,
        fact: Mapping[str, Any],
        relation: Mapping[str, Any] | None,
        main: Value | None,
    ) -> None:
        seen: dict[Value, int] = {}
        for j, raw in enumerate(fact.get("distractors") or ()):
            where: JsonPath = (*path, "distractors", j)
            if not isinstance(raw, dict):
                continue  # the schema reports it
            try:
                value = parse_value(raw)
            except ValueProblem as exc:
                self.problems.append(((*where, exc.field), str(exc)))
                continue
            if relation is not None:
                self._check_value_type(where, value, relation, field=None)
            if value == main:
                self.problems.append((where, "expected a wrong value, not the fact's own value"))
            elif value in seen:
                message = f"duplicate distractor: same as distractor {seen[value] + 1}"
                self.problems.append((where, message))
            seen.setdefault(value, j)

    def _claim(
        self, path: JsonPath, claim: Mapping[str, Any], relation: Mapping[str, Any] | None
    ) -> Value | None:
        source_id = claim.get("source")
        source = self._ref((*path, "source"), "sources", "source", source_id)
        sentence = _text(claim, "sentence")
        if source is not None and sentence and isinstance(source_id, str):
            self._check_sentence((*path, "sentence"), source_id, sentence)
        raw = claim.get("value")
        if not isinstance(raw, dict):
            return None
        try:
            value = parse_value(raw)
        except ValueProblem as exc:
            self.problems.append(((*path, "value", exc.field), str(exc)))
            return None
        if relation is not None:
            self._check_value_type(path, value, relation)
        return value

    def _check_value_type(
        self,
        path: JsonPath,
        value: Value,
        relation: Mapping[str, Any],
        field: str | None = "value",
    ) -> None:
        path = (*path, field) if field else path
        wanted, got = relation.get("value_type"), value_type(value)
        if isinstance(wanted, str) and wanted in _VALUE_FORMS and got != wanted:
            self.problems.append(
                (
                    path,
                    f"expected a {wanted} value {_VALUE_FORMS[str(wanted)]} as relation "
                    f"{relation.get('id')!r} says; got a {got} value",
                )
            )
        if isinstance(value, EntityRef):
            target = self._ref((*path, "entity"), "entities", "entity", value.entity_id)
            etype = relation.get("entity_type")
            if target is not None and etype is not None and target.get("type") != etype:
                self.problems.append(
                    (
                        (*path, "entity"),
                        f"expected an entity of type {etype} (relation {relation.get('id')!r}); "
                        f"{value.entity_id!r} is a {target.get('type')}",
                    )
                )

    def _check_sentence(self, path: JsonPath, source_id: str, sentence: str) -> None:
        text = self.folded.get(source_id)
        if text is None or fold(sentence) in text:
            return
        file = self.files.get(source_id)
        where = f"file {file}" if file else "its text"
        self.problems.append(
            (path, f"sentence not found in source {source_id!r} ({where}); expected it verbatim")
        )
