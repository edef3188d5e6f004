"""Parse untrusted YAML into plain data, remembering the line of every node.

Only plain data comes out: mappings, lists, text, numbers, booleans and null. Tags that would build
other objects (`!!python/object`, `!!binary`, `!!timestamp` ...) are refused, and so are anchors and
aliases, which a bank never needs and which "billion laughs" bombs are made of. Scalars are resolved
the YAML 1.2 way: only true/false are booleans (so "no" and "on" stay text) and dates stay text,
because the bank parses dates itself, at their precision.

The data is built straight from the parser's events (libyaml's parser when PyYAML has it), so no
object is ever constructed by PyYAML and a refused feature stops the parse at once.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.reader import Reader

from quizapp.engine.parsing.errors import BankError, BankIssue, JsonPath, Positions, format_path
from quizapp.engine.parsing.lines import UNSTORABLE, LineIndex, unstorable

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = f"{_TAG}str", f"{_TAG}seq", f"{_TAG}map"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # only its event parser is used

_RESOLVERS: list[tuple[str, re.Pattern[str], list[str]]] = [
    (f"{_TAG}bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    (f"{_TAG}int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")),
    (
        f"{_TAG}float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    ),
    (f"{_TAG}null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
]


def loader_resolvers() -> list[tuple[str, re.Pattern[str], list[str]]]:
    """Return how plain scalars are typed on load: (tag, pattern, first characters) triples."""
    return list(_RESOLVERS)


def _resolve_plain(value: str) -> str:
    for tag, pattern, _ in _RESOLVERS:
        if pattern.match(value):
            return tag
    return _STR


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _scalar(tag: str, text: str) -> Any:
    if tag == _STR:
        return text
    if tag == f"{_TAG}null":
        return None
    if tag == f"{_TAG}bool":
        if text.lower() not in ("true", "false"):
            raise ValueError(f"expected true or false, got {text!r}")
        return text.lower() == "true"
    if tag == f"{_TAG}int":
        return int(text.replace("_", ""))
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    if text.lower() in special:
        return special[text.lower()]
    return float(text)


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Builder:
    """Build plain data from parser events, noting positions and collecting problems."""

    def __init__(self, parser: Any, filename: str, max_depth: int, lines: LineIndex) -> None:
        self.parser = parser
        self.filename = filename
        self.max_depth = max_depth
        self.lines = lines
        self.positions: Positions = {}
        self.issues: list[BankIssue] = []

    def at(self, mark: Any) -> tuple[int, int]:
        """Return a parser mark's line and column as an editor numbers them."""
        return self.lines.where(mark.index)

    def problem(self, mark: Any, path: JsonPath, message: str) -> None:
        self.issues.append(BankIssue(self.filename, *self.at(mark), format_path(path), message))

    def document(self) -> Any:
        self.parser.get_event()  # stream start
        if not self.parser.check_event(DocumentStartEvent):
            return None  # an empty file
        self.parser.get_event()
        data = self.node((), 1)
        self.parser.get_event()  # document end
        if self.parser.check_event(DocumentStartEvent):
            mark = self.parser.peek_event().start_mark
            raise _Stop(mark, "expected a single YAML document, but found another one ('---')")
        return data

    def node(self, path: JsonPath, depth: int) -> Any:
        event = self.parser.get_event()
        mark = event.start_mark
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise _Stop(
                mark,
                "anchors and aliases (&name, *name) are not allowed in a bank; "
                "write each value out in full",
            )
        if depth > self.max_depth:
            raise _Stop(
                mark, f"expected at most {self.max_depth} levels of nesting; this is deeper"
            )
        self.positions.setdefault(path, self.at(mark))
        if isinstance(event, ScalarEvent):
            return self.scalar(event, path)
        end = SequenceEndEvent if isinstance(event, SequenceStartEvent) else MappingEndEvent
        allowed = _SEQ if end is SequenceEndEvent else _MAP
        refused = event.tag not in (None, "!", allowed)
        if refused:
            self.problem(mark, path, self.tag_message(event.tag))
        data = self.sequence(path, depth) if end is SequenceEndEvent else self.mapping(path, depth)
        self.parser.get_event()  # the end event
        return None if refused else data

    @staticmethod
    def tag_message(tag: str) -> str:
        return (
            f"tag {_short_tag(tag)} is not allowed: a bank holds only plain data "
            "(text, numbers, true/false, lists and mappings)"
        )

    def scalar(self, event: Any, path: JsonPath) -> Any:
        tag = event.tag
        if tag is None:
            tag = _resolve_plain(event.value) if event.implicit[0] else _STR
        elif tag == "!":
            tag = _STR
        if tag not in _SCALAR_TAGS:
            self.problem(event.start_mark, path, self.tag_message(tag))
            return None
        bad = UNSTORABLE.search(event.value)
        if bad:  # only an escape ("\\0", "\\x00") can put one here
            self.problem(event.start_mark, path, unstorable(bad[0]))
            return None
        try:
            return _scalar(tag, event.value)
        except ValueError as exc:
            self.problem(event.start_mark, path, f"expected a {_short_tag(tag)} value: {exc}")
            return None

    def sequence(self, path: JsonPath, depth: int) -> list[Any]:
        out: list[Any] = []
        while not self.parser.check_event(SequenceEndEvent):
            out.append(self.node((*path, len(out)), depth + 1))
        return out

    def mapping(self, path: JsonPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        while not self.parser.check_event(MappingEndEvent):
            key_event = self.parser.peek_event()
            mark = key_event.start_mark
            if not isinstance(key_event, ScalarEvent) or key_event.anchor is not None:
                self.node((*path, "?"), depth + 1)  # read and drop it, refusing what it refuses
                self.problem(mark, path, "expected a plain key (a name) in this mapping")
                self.node((*path, "?"), depth + 1)
                continue
            self.parser.get_event()
            key = key_event.value
            line, column = self.at(mark)
            key_tag = key_event.tag
            bad = UNSTORABLE.search(key)
            if bad:
                self.problem(mark, path, unstorable(bad[0]))
            if key_tag is not None and key_tag not in ("!", *_SCALAR_TAGS):
                self.problem(mark, path, self.tag_message(key_tag))
            if key in first_line:
                message = f"duplicate key {key!r} (first given on line {first_line[key]})"
                self.problem(mark, (*path, key), message)
                self.node((*path, "\0duplicate"), depth + 1)
                continue
            first_line[key] = line
            self.positions[(*path, key)] = (line, column)
            out[key] = self.node((*path, key), depth + 1)
        return out


def _syntax_issue(
    filename: str, text: str, lines: LineIndex, exc: yaml.MarkedYAMLError
) -> BankIssue:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "unreadable YAML"
    if exc.context and problem.startswith("but "):
        problem = f"{exc.context}, {problem}"
    elif exc.context and exc.context_mark is not None and mark is not exc.context_mark:
        problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
    if mark is None:
        return BankIssue(filename, None, None, "", f"invalid YAML: {problem}")
    line, column = lines.where(mark.index)
    line_text = text[lines.starts[line - 1] : mark.index + 1]
    if "\t" in line_text:
        problem += "; indent YAML with spaces, not tabs"
    return BankIssue(filename, line, column, "", f"invalid YAML: {problem}")


def parse_yaml(text: str, *, filename: str, max_depth: int = 32) -> tuple[Any, Positions]:
    """Parse one YAML document of plain data; return it with each node's position."""
    lines = LineIndex(text)
    unprintable = Reader.NON_PRINTABLE.search(text)
    if unprintable:
        char = ord(unprintable.group())
        message = f"unacceptable character U+{char:04X}: control characters are not allowed"
        raise BankError([BankIssue(filename, *lines.where(unprintable.start()), "", message)])
    parser = _PARSER(text)
    builder = _Builder(parser, filename, max_depth, lines)
    try:
        data = builder.document()
    except _Stop as stop:
        raise BankError([BankIssue(filename, *builder.at(stop.mark), "", stop.message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise BankError([_syntax_issue(filename, text, lines, exc)]) from None
    except yaml.YAMLError as exc:  # any other parser complaint is still a BankError
        raise BankError([BankIssue(filename, None, None, "", f"invalid YAML: {exc}")]) from None
    finally:
        parser.dispose()
    if builder.issues:
        raise BankError(builder.issues)
    if data is None:
        builder.positions.setdefault((), (1, 1))
    return data, builder.positions
