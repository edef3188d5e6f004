"""Import hand-written questions in Moodle's GIFT format; each becomes a fixed question.

Read as Moodle's `qformat_gift` reads it: questions are separated by blank lines; lines starting
with `//` are comments; `::title::` names a question; `$CATEGORY: path` sets the category of the
questions after it; answers sit in `{...}` at the end of the text, `####` starts the general
feedback and `#` an answer's feedback. Kinds: multiple choice (`=right ~wrong`, `~%50%partial`,
no `=` at all = several right answers), true/false (`{T}`, `{TRUE}`, `{F}`, `{FALSE}`, any case,
`#feedback if wrong#feedback if right`), short answer (`{=a =b}`), numerical (`{#5:0.5}`,
`{#4..6}`, `{# =5:0 =%50%5:2 ~#feedback otherwise}`), matching (`{=a -> 1 =b -> 2}`). Escapes:
`\\=` `\\~` `\\#` `\\{` `\\}` `\\:` `\\\\` and `\\n` (a new line). A `[html]`, `[moodle]`,
`[plain]` or `[markdown]` prefix is dropped; with `[html]` the question's texts are HTML turned
into plain text (tags dropped, entities decoded, paragraphs kept): nothing is ever rendered as
HTML. A `// [id:...]` comment before a question gives its stable id, as Moodle's does. A number
is written as Moodle reads one (`{#1_822}` is refused, not read as 1822). Missing-word,
description and essay questions are refused with their line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.importers.common import (
    Located,
    UniqueIds,
    bank_head,
    base_data,
    build_bank,
    given_id,
    place_question,
    plain_number,
    record_from_html,
    slug,
)
from quizapp.engine.parsing.errors import BankError, BankIssue, too_many_items
from quizapp.engine.parsing.lines import UNSTORABLE, LineIndex, editor_lines, unstorable

_ESCAPED = {"\\\\": "\ue000", "\\:": "\ue001", "\\#": "\ue002", "\\=": "\ue003",
            "\\{": "\ue004", "\\}": "\ue005", "\\~": "\ue006", "\\n": "\ue007"}  # fmt: skip
_RESTORE = str.maketrans({"\ue000": "\\", "\ue001": ":", "\ue002": "#", "\ue003": "=",
                          "\ue004": "{", "\ue005": "}", "\ue006": "~", "\ue007": "\n"})  # fmt: skip
_PLACEHOLDERS = re.compile("[\ue000-\ue007]")
_FORMAT = re.compile(r"^\s*\[(?:html|moodle|plain|markdown)\]", re.IGNORECASE)
_HTML = re.compile(r"^\s*\[html\]", re.IGNORECASE)
_ID_COMMENT = re.compile(r"\[id:((?:\\\]|[^\]])+)\]")
# A number as Moodle's is_numeric reads it: no digit separators, no other scripts' digits.
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_CONTEXT = re.compile(r"^\$[a-z0-9]+\$/")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class _Problem(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset, self.message = offset, message


def _escape(line: str) -> str:
    line = line.replace("\\\\", _ESCAPED["\\\\"])
    for escape, mark in _ESCAPED.items():
        line = line.replace(escape, mark)
    return line


def _plain(text: str) -> str:
    """Return GIFT text as stored: format prefix dropped, escapes restored, ends trimmed."""
    return _FORMAT.sub("", text, count=1).translate(_RESTORE).strip()


def _split(text: str, offset: int, *, drop: str = "", keep: str = "") -> list[tuple[int, str]]:
    """Split before each `keep` character (kept) and at each `drop` character (dropped).

    Pieces come with their offsets; an empty first piece is dropped, as Moodle drops it.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    for i, char in enumerate(text):
        if char in drop or char in keep:
            pieces.append((start, text[start:i]))
            start = i + 1 if char in drop else i
    pieces.append((start, text[start:]))
    if pieces and not pieces[0][1].strip():
        pieces.pop(0)
    return [(offset + at + len(p) - len(p.lstrip()), p.strip()) for at, p in pieces]


def _weighted(piece: str, at: int, default: float) -> tuple[float, str]:
    """Return (weight in percent, rest) for an answer that may start with %weight%."""
    match = _WEIGHT.match(piece)
    if match:
        weight = float(match.group(1))
        if not -100 <= weight <= 100:
            raise _Problem(at, f"expected a weight from -100% to 100%, got %{match.group(1)}%")
        return weight, piece[match.end() :]
    if piece.startswith("%") and "%" in piece[1:]:
        raise _Problem(at, f"expected a weight like %50%, got {piece[: piece.index('%', 1) + 1]!r}")
    return default, piece


def _feedback(piece: str) -> tuple[str, str]:
    text, _, feedback = piece.partition("#")
    return _plain(text), _plain(feedback)


def _number(text: str, at: int, what: str | None = None) -> float:
    try:
        return plain_number(_plain(text), what)
    except ValueError as error:
        raise _Problem(at, str(error)) from None


def _choices(answers: str, at: int) -> dict[str, Any]:
    options = []
    for where, piece in _split(answers, at, drop="~", keep="="):
        if not piece or piece == "=":
            raise _Problem(where, "expected an answer after '~' or '='")
        if piece.startswith("="):
            weight, rest = 100.0, piece[1:]
        else:
            weight, rest = _weighted(piece, where, 0.0)
        text, feedback = _feedback(rest)
        if not text:
            raise _Problem(where, "expected answer text")
        options.append({"text": text, "weight": weight, "feedback": feedback, "_at": where})
    record: dict[str, Any] = {"type": "multiple_choice", "options": options}
    if "=" not in answers:
        record["multiple"] = True  # no single 100% answer: Moodle asks for every right one
    return record


def _matching(answers: str, at: int) -> dict[str, Any]:
    pairs = []
    for where, piece in _split(answers, at, drop="="):
        left, arrow, right = piece.partition("->")
        if not arrow:
            raise _Problem(where, f"expected 'left -> right' in a matching answer, got {piece!r}")
        pairs.append({"left": _plain(left), "right": _plain(right), "_at": where})
    return {"type": "matching", "pairs": pairs}


def _true_false(answers: str) -> dict[str, Any]:
    answer, wrong, right = [*answers.split("#", 2), "", ""][:3]
    truth = _TRUE_FALSE[answer.strip().upper()]
    wrong, right = _plain(wrong), _plain(right)
    return {
        "type": "true_false",
        "answer": truth,
        "feedback_true": right if truth else wrong,
        "feedback_false": wrong if truth else right,
    }


def _short(answers: str, at: int) -> dict[str, Any]:
    out = []
    for where, piece in _split(answers, at, drop="="):
        weight, rest = _weighted(piece, where, 100.0)
        text, feedback = _feedback(rest)
        if not text:
            raise _Problem(where, "expected answer text after '='")
        out.append({"text": text, "weight": weight, "feedback": feedback, "_at": where})
    return {"type": "short_answer", "answers": out}


def _numerical(answers: str, at: int) -> dict[str, Any]:
    body, tilde, otherwise = answers[1:].partition("~")
    out = []
    for where, piece in _split(body, at + 1, drop="="):
        weight, rest = _weighted(piece, where, 100.0)
        raw, _, feedback = rest.partition("#")
        answer: dict[str, Any]
        raw = raw.strip()
        if raw == "*":
            answer = {"any": True}
        elif raw.find("..") > 0:
            low, _, high = raw.partition("..")
            answer = {"min": _number(low, where), "max": _number(high, where)}
        elif raw.find(":") > 0:
            value, _, tolerance = raw.partition(":")
            answer = {"value": _number(value, where),
                      "tolerance": _number(tolerance, where, "a tolerance")}  # fmt: skip
            if answer["tolerance"] < 0:
                raise _Problem(where, "expected a tolerance of 0 or more")
        else:
            answer = {"value": _number(raw, where)}
        out.append({**answer, "weight": weight, "feedback": _plain(feedback), "_at": where})
    if not out:
        raise _Problem(at, "expected a number after '#', e.g. {#5:0.5} or {#4..6}")
    if tilde:
        feedback = _feedback(otherwise)[1]
        out.append({"any": True, "weight": 0, "feedback": feedback, "_at": at + len(body) + 1})
    return {"type": "numerical", "answers": out}


def _kind(answers: str, at: int) -> dict[str, Any]:
    text = answers.strip()
    at += len(answers) - len(answers.lstrip())
    if not text:
        raise _Problem(at, "essay questions ({} with no answers) are not supported")
    if text.startswith("#"):
        return _numerical(text, at)
    if "~" in text:
        return _choices(text, at)
    if "=" in text and "->" in text:
        return _matching(text, at)
    head = text.split("#", 1)[0].strip() if text.find("#") > 0 else text
    if head.upper() in _TRUE_FALSE:
        return _true_false(text)
    return _short(text, at)


@dataclass
class _Block:
    """One question's lines (comments blanked, escapes replaced) and the line each starts on."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    ids: list[tuple[int, str]] = field(default_factory=list)  # (line, id) from // [id:...]

    @cached_property
    def joined(self) -> str:
        """Return the block's lines joined by newlines (built once: blocks may be huge)."""
        return "\n".join(text for _, text in self.lines)

    @cached_property
    def starts(self) -> list[int]:
        """Return the offset in `joined` where each line starts."""
        out, at = [], 0
        for _, text in self.lines:
            out.append(at)
            at += len(text) + 1
        return out

    def text(self) -> tuple[str, int]:
        joined = self.joined
        return joined.strip(), len(joined) - len(joined.lstrip())

    def line_at(self, offset: int) -> int:
        index = max(0, bisect_right(self.starts, offset) - 1)
        return self.lines[index][0]


def _blocks(text: str) -> Iterator[_Block]:
    block = _Block()
    for number, raw in enumerate(editor_lines(text), start=1):
        line = raw.strip()
        if not line:
            if block.lines:
                yield block
            block = _Block()
            continue
        if line.startswith("//"):
            block.ids.extend((number, m.group(1).replace("\\]", "]").strip())
                             for m in _ID_COMMENT.finditer(line))  # fmt: skip
        block.lines.append((number, "" if line.startswith("//") else _escape(line)))
    if block.lines:
        yield block


def _question(text: str) -> dict[str, Any]:
    """Return a question record (without id) from one block's text, or raise _Problem."""
    title = ""
    pos = 0
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise _Problem(0, "expected the title to end with '::' (write a colon as \\:)")
        title, pos = _plain(text[2:end]), end + 2
    start, finish = text.find("{", pos), text.find("}", pos)
    if start < 0 and finish < 0:
        raise _Problem(pos, "description items (text with no {answers}) are not supported")
    if start >= 0 and finish < 0:
        raise _Problem(start, "expected '}' to close the answers (a literal brace is \\})")
    if start < 0 or finish < start:
        where = finish if start < 0 else start
        raise _Problem(where, "expected answers in {...} (write a literal brace as \\{ or \\})")
    if text[finish + 1 :].strip():
        raise _Problem(
            finish + 1,
            "missing-word questions (text after the {answers}) are not supported; "
            "put the answers at the end of the question",
        )
    stem = _plain(text[pos:start])
    if not stem:
        raise _Problem(pos, "expected the question's text before its {answers}")
    answers = text[start + 1 : finish]
    general = ""
    cut = answers.rfind("####")
    if cut >= 0:
        answers, general = answers[:cut], _plain(answers[cut + 4 :])
    record = {"title": title, "stem": stem, **_kind(answers, start + 1)}
    if general:
        record["general_feedback"] = general
    if _HTML.match(text[pos:start]):
        record_from_html(record)
        if not record["stem"]:
            raise _Problem(pos, "expected the question's text before its {answers} (the HTML "
                           "holds no text)")  # fmt: skip
    return {k: v for k, v in record.items() if v != ""}


def _category(line: str) -> str:
    path = _plain(line[len("$CATEGORY:") :])
    path = _CONTEXT.sub("", path)
    return path.removeprefix("top/") if path != "top" else ""


def parse_gift(
    text: str, *, filename: str, base: Bank | None = None, max_items: int | None = None
) -> Bank:
    """Return a bank of the GIFT file's questions (added to `base` when given); raise BankError.

    More than `max_items` questions are refused at the first one too many.
    """
    lines = LineIndex(text)
    bad = UNSTORABLE.search(text)
    if bad:
        raise BankError([BankIssue(filename, *lines.where(bad.start()), "", unstorable(bad[0]))])
    bad = _PLACEHOLDERS.search(text)
    if bad:
        message = f"unsupported character U+{ord(bad.group()):04X} (a private-use character)"
        raise BankError([BankIssue(filename, *lines.where(bad.start()), "", message)])
    data, texts = base_data(base)
    questions: list[dict[str, Any]] = data.setdefault("questions", [])
    index = {q["id"]: i for i, q in enumerate(questions)}
    taken = UniqueIds(f["id"] for f in data["facts"])  # shared with facts: never reuse
    where = Located()
    issues: list[BankIssue] = []
    category = ""
    count = 0
    given_ids: dict[str, int] = {}  # ids from [id:...] comments -> their line
    for block in _blocks(text):
        body, lead = block.text()
        if body.startswith("$CATEGORY:"):
            first, _, body = body.partition("\n")
            category = _category(first)
            lead += len(first) + 1
            body_lead = len(body) - len(body.lstrip())
            body, lead = body.strip(), lead + body_lead
        if not body:
            continue
        count += 1
        line = block.line_at(lead)
        if max_items is not None and count > max_items:
            raise BankError([BankIssue(filename, line, None, f"question {count}",
                                       too_many_items(max_items))])  # fmt: skip
        try:
            record = _question(body)
        except _Problem as problem:
            issues.append(
                BankIssue(filename, block.line_at(lead + problem.offset), None,
                          f"question {count}", problem.message)
            )  # fmt: skip
            continue
        if block.ids:
            id_line, given = block.ids[-1]
            qid = given_id(given)
            if qid in given_ids:
                message = (f"[id:{given}] is already the id of the question on line "
                           f"{given_ids[qid]}; expected a different id")  # fmt: skip
                issues.append(BankIssue(filename, id_line, None, f"question {count}", message))
                continue
            given_ids[qid] = id_line
            taken.add(qid)
        else:
            name = record.get("title") or " ".join(record["stem"].split()[:8])
            qid = taken.take(slug(name, fallback="question"))
        record = {"id": qid, **record}
        if category:
            record["category"] = category
        i = place_question(questions, index, record)
        where.put(("questions", i), line, 1, f"question {count}")
        for part in ("options", "answers", "pairs"):
            for j, answer in enumerate(record.get(part, ())):
                at = block.line_at(lead + answer.pop("_at"))
                where.put(("questions", i, part, j), at, 1, f"question {count}, answer {j + 1}")
    if issues:
        raise BankError(issues)
    if count == 0:
        raise BankError([BankIssue(filename, None, None, "", "expected at least one question")])
    data["bank"] = bank_head(filename, base, {})
    return build_bank(data, filename, where, texts)
