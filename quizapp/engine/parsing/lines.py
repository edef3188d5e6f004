"""Lines as editors number them, and characters no database stores.

A line ends at \\n, \\r\\n or \\r, and nowhere else. `str.splitlines()` also ends lines at form
feeds, U+0085, U+2028, U+2029 and other separators, and YAML 1.1 (so PyYAML) at U+0085, U+2028
and U+2029; a file holding one would have every later error name a line the author's editor does
not show. Every importer counts lines here.

NUL (U+0000) is refused by PostgreSQL in text and JSON, and a lone surrogate (U+D800 to U+DFFF,
which only an escape such as JSON's \\ud800 can make) is no character at all: UTF-8 cannot
encode it for any database. Uploads holding either are refused with the line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from quizapp.engine.parsing.errors import JsonPath

_BREAK = re.compile(r"\r\n|\r|\n")
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(char: str) -> str:
    """Return what an upload is told about a character no database stores."""
    if char == "\x00":
        return "unsupported character U+0000 (NUL): no database stores it; remove it"
    return (
        f"unsupported character U+{ord(char):04X} (half of a surrogate pair, not a character); "
        "write the character itself"
    )


def unstorable_texts(data: Any) -> Iterator[tuple[JsonPath, str]]:
    """Yield (path, message) for each text or key in parsed data holding a character no database
    stores (data from a form or a caller; the parsers refuse them at their line already)."""
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            bad = UNSTORABLE.search(node)
            if bad:
                yield path, unstorable(bad[0])
        elif isinstance(node, dict):
            for key, value in node.items():
                bad = UNSTORABLE.search(key) if isinstance(key, str) else None
                if bad:
                    yield path, unstorable(bad[0])
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, i), value) for i, value in enumerate(node))


def editor_lines(text: str) -> list[str]:
    """Return the lines of `text` without their ends (like splitlines(), editors' breaks only)."""
    lines = _BREAK.split(text)
    if lines and not lines[-1]:
        lines.pop()  # a final line break ends the last line; it does not start another
    return lines


class LineIndex:
    """Turn offsets into a text into (line, column), both 1-based, columns in characters."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _BREAK.finditer(text))]

    def where(self, offset: int) -> tuple[int, int]:
        """Return the line and column of the character at `offset`."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line(self, offset: int) -> int:
        """Return the line of the character at `offset`."""
        return self.where(offset)[0]
