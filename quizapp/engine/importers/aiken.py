"""Import multiple-choice questions in the Aiken format, the simplest one many teachers have.

Read as Moodle's `qformat_aiken` reads it: a question's text on its first line(s), then one
option per line starting with a capital letter and `.` or `)` (`A. Paris`, `B) Lyon`), then
`ANSWER: B`. A blank line (or the ANSWER line) ends a question. Each becomes a single-answer
multiple-choice question, its right option worth 100%. Every mistake is reported with its line
and nothing is imported when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.importers.common import (
    Located,
    UniqueIds,
    bank_head,
    base_data,
    build_bank,
    place_question,
    slug,
)
from quizapp.engine.parsing.errors import BankError, BankIssue, too_many_items
from quizapp.engine.parsing.lines import UNSTORABLE, LineIndex, editor_lines, unstorable

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)


@dataclass
class _Question:
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[tuple[int, str, str]] = field(default_factory=list)  # (line, letter, text)


class _Problem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _record(q: _Question, letter: str, line: int) -> dict[str, Any]:
    letters = [o[1] for o in q.options]
    if len(q.options) < 2:
        raise _Problem(q.line, "expected at least two options (A. ..., B. ...) before ANSWER:")
    if letter not in letters:
        raise _Problem(line, f"expected ANSWER: one of {', '.join(letters)}, got {letter!r}")
    return {
        "type": "multiple_choice",
        "stem": "\n".join(q.stem),
        "options": [
            {"text": text, "weight": 100 if mark == letter else 0, "_at": at}
            for at, mark, text in q.options
        ],
    }


def _questions(text: str) -> list[tuple[_Question, dict[str, Any]] | _Problem]:
    """Return each question with its record, or the problem that stopped it."""
    out: list[tuple[_Question, dict[str, Any]] | _Problem] = []
    current: _Question | None = None
    failed = False
    for number, raw in enumerate(editor_lines(text), start=1):
        line = raw.strip()
        if not line:
            if current is not None and not failed:
                out.append(_Problem(current.line, "expected an ANSWER: line to end the question"))
            current, failed = None, False
            continue
        if failed:
            continue
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        if current is None:
            if option or answer:
                out.append(_Problem(number, "expected the question's text before its options"))
                failed = True
                continue
            current = _Question(number, [line])
        elif answer:
            try:
                out.append((current, _record(current, answer.group(1).strip().upper(), number)))
            except _Problem as problem:
                out.append(problem)
            current = None
        elif option:
            if any(o[1] == option.group(1) for o in current.options):
                out.append(_Problem(number, f"option {option.group(1)} is given twice"))
                failed = True
                continue
            current.options.append((number, option.group(1), option.group(2).strip()))
        elif current.options:
            out.append(_Problem(number, "expected an option (A. ...) or ANSWER: after the options"))
            failed = True
        else:
            current.stem.append(line)
    if current is not None and not failed:
        out.append(_Problem(current.line, "expected an ANSWER: line to end the question"))
    return out


def parse_aiken(
    text: str, *, filename: str, base: Bank | None = None, max_items: int | None = None
) -> Bank:
    """Return a bank of an Aiken file's questions (added to `base` when given); raise BankError."""
    bad = UNSTORABLE.search(text)
    if bad:
        raise BankError(
            [BankIssue(filename, *LineIndex(text).where(bad.start()), "", unstorable(bad[0]))]
        )
    data, texts = base_data(base)
    questions: list[dict[str, Any]] = data.setdefault("questions", [])
    index = {q["id"]: i for i, q in enumerate(questions)}
    taken = UniqueIds(f["id"] for f in data["facts"])
    where = Located()
    issues: list[BankIssue] = []
    found = _questions(text)
    if max_items is not None and len(found) > max_items:
        line = next((f.line if isinstance(f, _Problem) else f[0].line) for f in found[max_items:])
        raise BankError([BankIssue(filename, line, None, "", too_many_items(max_items))])
    for count, item in enumerate(found, start=1):
        if isinstance(item, _Problem):
            issues.append(BankIssue(filename, item.line, None, f"question {count}", item.message))
            continue
        question, record = item
        qid = taken.take(slug(" ".join(record["stem"].split()[:8]), fallback="question"))
        record = {"id": qid, **record}
        i = place_question(questions, index, record)
        where.put(("questions", i), question.line, 1, f"question {count}")
        for j, option in enumerate(record["options"]):
            where.put(
                ("questions", i, "options", j),
                option.pop("_at"),
                1,
                f"question {count}, option {j + 1}",
            )
    if issues:
        raise BankError(issues)
    if not found:
        raise BankError([BankIssue(filename, None, None, "", "expected at least one question")])
    data["bank"] = bank_head(filename, base, {})
    return build_bank(data, filename, where, texts)
