"""Parse JSON into plain data, remembering the line of every node (the json module forgets them).

A small recursive-descent parser over the standard library's string scanner: strict JSON (no NaN,
no trailing commas), duplicate keys reported, nesting limited, every error located by line.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from quizapp.engine.parsing.errors import BankError, BankIssue, JsonPath, Positions, format_path
from quizapp.engine.parsing.lines import UNSTORABLE, LineIndex, unstorable

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class _Stop(Exception):
    """A syntax error at an offset; parsing cannot go on."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


class _Parser:
    def __init__(self, text: str, filename: str, max_depth: int) -> None:
        self.text = text
        self.filename = filename
        self.max_depth = max_depth
        self.lines = LineIndex(text)
        self.positions: Positions = {}
        self.issues: list[BankIssue] = []

    def where(self, offset: int) -> tuple[int, int]:
        return self.lines.where(offset)

    def skip(self, i: int) -> int:
        match = _WS.match(self.text, i)
        return match.end() if match else i

    def expect(self, i: int, char: str, what: str) -> int:
        if self.text.startswith(char, i):
            return i + 1
        raise self.unexpected(i, what)

    def unexpected(self, i: int, what: str) -> _Stop:
        found = repr(self.text[i]) if i < len(self.text) else "the end of the file"
        return _Stop(i, f"invalid JSON: expected {what}, found {found}")

    def string(self, i: int) -> tuple[str, int]:
        try:
            value, end = scanstring(self.text, i + 1, True)
        except json.JSONDecodeError as exc:
            problem = exc.msg.lower().removesuffix(" at")
            if "control character" in problem:
                problem += " inside text (write a line break as \\n, a tab as \\t)"
            raise _Stop(exc.pos, f"invalid JSON: {problem}") from None
        bad = UNSTORABLE.search(value)
        if bad:  # only an escape (\\u0000, \\ud800) can put one here
            raise _Stop(i, f"{unstorable(bad[0])} (in the text starting here)")
        return str(value), int(end)

    def value(self, i: int, path: JsonPath, depth: int) -> tuple[Any, int]:
        i = self.skip(i)
        self.positions.setdefault(path, self.where(i))
        if depth > self.max_depth:
            raise _Stop(i, f"expected at most {self.max_depth} levels of nesting; this is deeper")
        char = self.text[i : i + 1]
        if char == "{":
            return self.object(i + 1, path, depth)
        if char == "[":
            return self.array(i + 1, path, depth)
        if char == '"':
            return self.string(i)
        number = _NUMBER.match(self.text, i)
        if number and number.end() > i:
            literal = number.group()
            try:
                value: Any = float(literal) if number.group(1) or number.group(2) else int(literal)
            except ValueError:
                raise _Stop(i, "invalid JSON: number too large") from None
            return value, number.end()
        for word, literal_value in _LITERALS.items():
            if self.text.startswith(word, i):
                return literal_value, i + len(word)
        raise self.unexpected(i, "a value (text in double quotes, number, object or list)")

    def object(self, i: int, path: JsonPath, depth: int) -> tuple[Any, int]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        i = self.skip(i)
        if self.text.startswith("}", i):
            return out, i + 1
        while True:
            i = self.skip(i)
            if not self.text.startswith('"', i):
                raise self.unexpected(i, "a key in double quotes")
            key_at = self.where(i)
            key, i = self.string(i)
            i = self.expect(self.skip(i), ":", "':' after the key")
            if key in first_line:
                self.issues.append(
                    BankIssue(
                        self.filename,
                        *key_at,
                        format_path((*path, key)),
                        f"duplicate key {key!r} (first given on line {first_line[key]})",
                    )
                )
                _, i = self.value(i, (*path, "\0dup"), depth + 1)
            else:
                first_line[key] = key_at[0]
                self.positions[(*path, key)] = key_at
                out[key], i = self.value(i, (*path, key), depth + 1)
            i = self.skip(i)
            if self.text.startswith("}", i):
                return out, i + 1
            i = self.expect(i, ",", "',' or '}'")

    def array(self, i: int, path: JsonPath, depth: int) -> tuple[Any, int]:
        out: list[Any] = []
        i = self.skip(i)
        if self.text.startswith("]", i):
            return out, i + 1
        while True:
            item, i = self.value(i, (*path, len(out)), depth + 1)
            out.append(item)
            i = self.skip(i)
            if self.text.startswith("]", i):
                return out, i + 1
            i = self.expect(i, ",", "',' or ']'")


def parse_json(text: str, *, filename: str, max_depth: int = 32) -> tuple[Any, Positions]:
    """Parse one JSON document; return it with each node's position."""
    parser = _Parser(text, filename, max_depth)
    try:
        data, end = parser.value(0, (), 1)
        end = parser.skip(end)
        if end < len(text):
            raise _Stop(end, "invalid JSON: expected the end of the file after the top value")
    except _Stop as stop:
        raise BankError(
            [BankIssue(filename, *parser.where(stop.offset), "", stop.message)]
        ) from None
    if parser.issues:
        raise BankError(parser.issues)
    return data, parser.positions
