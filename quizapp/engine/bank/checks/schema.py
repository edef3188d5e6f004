"""Check parsed bank data against bank.schema.json, in words a bank author understands."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from quizapp.engine.parsing.errors import BankIssue, JsonPath, Positions, issue_at

SCHEMA_PATH = Path(__file__).parent.parent / "bank.schema.json"  # beside the format it defines
_JSON_TYPES = {
    dict: "a mapping",
    list: "a list",
    str: "a text",
    bool: "true/false",
    int: "a number",
    float: "a number",
    type(None): "nothing (null)",
}
_VALUE_KEYS = ("date", "number", "entity", "text")


@cache
def bank_schema() -> dict[str, Any]:
    """Return the bank JSON Schema (draft 2020-12)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """Return the schema with each local {"$ref": "#/$defs/x"} replaced by x (none are cyclic)."""
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
        return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
    return {key: _inline_refs(value, defs) for key, value in node.items() if key != "$defs"}


@cache
def _validator() -> Draft202012Validator:
    schema = bank_schema()
    Draft202012Validator.check_schema(schema)
    # Resolving $ref on every node costs a third of validation time on large uploads.
    return Draft202012Validator(_inline_refs(schema, schema["$defs"]))


def _kind(instance: Any) -> str:
    return _JSON_TYPES.get(type(instance), type(instance).__name__)


def _shown(instance: Any) -> str:
    if isinstance(instance, dict | list):
        return _kind(instance)
    text = repr(instance)
    return text if len(text) <= 60 else text[:57] + "..."


def _expected(error: ValidationError) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    description = schema.get("description")
    return description if isinstance(description, str) else None


def _unknown_fields(error: ValidationError, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = list(schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in instance:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        yield (*path, key), f"unknown field {key!r}{hint}; expected one of: {', '.join(known)}"


def _value_shape(error: ValidationError) -> str:
    instance = error.instance if isinstance(error.instance, dict) else {}
    given = [k for k in _VALUE_KEYS if k in instance]
    found = "both " + " and ".join(repr(k) for k in given) if given else "none of them"
    return (
        f"expected a value with exactly one of 'date', 'number', 'entity' or 'text'; found {found}"
    )


def _translate(error: ValidationError) -> Iterator[tuple[JsonPath, str]]:
    path: JsonPath = tuple(error.absolute_path)
    validator = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    if "propertyNames" in error.schema_path:
        # The failing instance is a field name; the path is the mapping that holds it.
        where = (*path, str(instance))
        if validator == "enum":
            yield where, f"field {instance!r} goes only with 'number' (a quantity)"
        else:
            wanted = _expected(error) or error.message
            yield where, f"expected the field name to be {wanted}, got {instance!r}"
    elif validator == "additionalProperties":
        yield from _unknown_fields(error, path)
    elif validator == "required":
        missing = [k for k in expected if not isinstance(instance, dict) or k not in instance]
        record = _expected(error)
        for key in missing:
            yield path, f"missing field {key!r}" + (f"; expected {record}" if record else "")
    elif validator == "type":
        wanted = _expected(error) or (
            expected if isinstance(expected, str) else " or ".join(expected)
        )
        yield path, f"expected {wanted}, got {_shown(instance)}"
    elif validator == "enum":
        options = ", ".join(str(v) for v in expected)
        yield path, f"expected one of: {options}; got {_shown(error.instance)}"
    elif validator == "oneOf" and isinstance(error.instance, dict):
        yield path, _value_shape(error)
    elif validator == "anyOf" and error.context:
        # Nullable fields: report why the non-null alternative failed.
        useful = [e for e in error.context if e.schema != {"type": "null"}]
        yield from _translate(useful[0] if useful else error.context[0])
    else:
        described = _expected(error)
        yield path, f"expected {described}, got {_shown(instance)}" if described else error.message


def schema_issues(
    data: Any, *, filename: str, positions: Positions | None
) -> list[tuple[BankIssue, JsonPath]]:
    """Return (issue, covered path) for every place `data` breaks the bank schema.

    The covered path is the node the issue is about (for a missing field, the field itself):
    further complaints about that node or anything inside it would only repeat the issue.
    """
    # A dict keeps the first of each (path, message, covered) in order; sets keep this linear
    # when a hostile upload breaks the schema thousands of times.
    found: dict[tuple[JsonPath, str, JsonPath], None] = {}
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        for path, message in _translate(error):
            covered = path
            if message.startswith("missing field "):
                covered = (*path, message.split("'")[1])
            found.setdefault((path, message, covered), None)
    covers = {c for _, _, c in found}
    # A complaint strictly inside a node that already has one repeats it in other words.
    return [
        (issue_at(filename, positions, path, message), covered)
        for path, message, covered in found
        if not any(path[:end] in covers for end in range(len(path)))
    ]
