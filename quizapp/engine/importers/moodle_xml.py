"""Import hand-written questions from Moodle XML, the format of Moodle's question bank export.

Read as Moodle's `qformat_xml` reads it: `<quiz>` holds `<question type="...">` elements; a
`category` question sets the category of those after it (`$course$/top/` and the like dropped);
`multichoice` (`<single>` false: several right answers), `truefalse`, `shortanswer`, `numerical`
(`<tolerance>`, `*` for any other number, every unit and the unit grading: see `moodle_units`)
and `matching` (`<subquestion>` pairs, an empty one an extra
answer) become fixed questions with their fractions (percent), per-answer feedback, general
feedback, name and `<idnumber>` (the question's stable id). Text in HTML (`format="html"` or
Moodle's auto-format) is turned into plain text; embedded files are dropped with the markup.

The file is parsed with defusedxml: no DTD, entity or external reference is accepted, so no
entity expansion bomb and no outside file. Every error names the line and the element path
(`question[3]/answer[2]`); nothing is imported when there is one.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from quizapp.engine.bank.fixed import FixedQuestion
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.importers.common import (
    Located,
    UniqueIds,
    bank_head,
    base_data,
    build_bank,
    given_id,
    html_to_text,
    place_question,
    plain_number,
    slug,
)
from quizapp.engine.importers.moodle_units import XmlProblem as _Problem
from quizapp.engine.importers.moodle_units import locate_units, read_units
from quizapp.engine.parsing.errors import BankError, BankIssue, too_many_items
from quizapp.engine.parsing.lines import UNSTORABLE, LineIndex, unstorable

_CONTEXT = re.compile(r"^\$[a-z0-9]+\$/")
_PLAIN_FORMATS = {"plain_text", "markdown"}
_BOOLS = {"true": True, "1": True, "false": False, "0": False}
SUPPORTED = ("multichoice", "truefalse", "shortanswer", "numerical", "matching")


class _Tree:
    """A parse target that remembers the line each element starts on and its path."""

    def __init__(self) -> None:
        self.builder = TreeBuilder()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}
        self.paths: dict[int, str] = {}
        self._stack: list[tuple[str, dict[str, int]]] = []

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = self.builder.start(tag, attrs)
        line = self.parser.parser.CurrentLineNumber if self.parser is not None else 0
        self.lines[id(element)] = int(line)
        if self._stack:
            parent, counts = self._stack[-1]
            counts[tag] = counts.get(tag, 0) + 1
            path = f"{parent}/{tag}[{counts[tag]}]" if parent else f"{tag}[{counts[tag]}]"
        else:
            path = ""
        self.paths[id(element)] = path
        self._stack.append((path, {}))
        return element

    def end(self, tag: str) -> Element:
        self._stack.pop()
        return self.builder.end(tag)

    def data(self, text: str) -> None:
        self.builder.data(text)

    def close(self) -> Element:
        return self.builder.close()


def _parse(text: str, filename: str) -> tuple[Element, _Tree]:
    tree = _Tree()
    parser = DefusedXMLParser(target=tree, forbid_dtd=True)
    tree.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as exc:
        line = int(parser.parser.CurrentLineNumber)
        message = (
            f"the file declares a DTD, entity or external reference ({type(exc).__name__}); "
            "Moodle XML needs none, and they are refused for safety"
        )
        raise BankError([BankIssue(filename, line, None, "", message)]) from None
    except ParseError as exc:
        line, column = exc.position
        message = f"not well-formed XML: {str(exc).split(':')[0]}"
        raise BankError([BankIssue(filename, line, column + 1, "", message)]) from None
    return root, tree


class _Reader:
    """Read <question> elements into bank-format question records."""

    def __init__(self, tree: _Tree) -> None:
        self.tree = tree

    def line(self, element: Element) -> int:
        return self.tree.lines.get(id(element), 0)

    def path(self, element: Element) -> str:
        return self.tree.paths.get(id(element), "")

    def text(self, element: Element | None, *, plain: bool = False) -> str:
        """Return the <text> of an element, HTML turned into plain text."""
        if element is None:
            return ""
        inner = element.find("text")
        raw = (inner.text if inner is not None else element.text) or ""
        if plain or element.get("format", "html") in _PLAIN_FORMATS:
            return raw.strip()
        return html_to_text(raw)

    def number(self, element: Element, raw: str | None, what: str, suffix: str = "") -> float:
        try:
            return plain_number((raw or "").strip(), what)
        except ValueError as error:
            raise _Problem(element, str(error), suffix) from None

    def fraction(self, answer: Element) -> float:
        weight = self.number(answer, answer.get("fraction", "0"), "a fraction", "/@fraction")
        if not -100 <= weight <= 100:
            raise _Problem(
                answer, f"expected a fraction from -100 to 100, got {weight}", "/@fraction"
            )
        return weight

    def flag(self, question: Element, tag: str, default: bool) -> bool:
        element = question.find(tag)
        if element is None:
            return default
        raw = (element.text or "").strip().lower()
        if raw not in _BOOLS:
            raise _Problem(element, f"expected true or false in <{tag}>, got {raw!r}")
        return _BOOLS[raw]

    def answers(self, question: Element) -> list[Element]:
        found = question.findall("answer")
        if not found:
            raise _Problem(question, "expected at least one <answer>")
        return found

    def question(self, element: Element, kind: str) -> dict[str, Any]:
        stem = self.text(element.find("questiontext"))
        if not stem:
            raise _Problem(element, "expected the question's text in <questiontext><text>")
        title = self.text(element.find("name"), plain=True)
        if title == FixedQuestion(id="-", kind="true_false", stem=stem).label():
            title = ""  # Moodle names an untitled question by its text: no title of its own
        record: dict[str, Any] = {
            "title": title,
            "stem": stem,
            **getattr(self, f"_{kind}")(element),
            "general_feedback": self.text(element.find("generalfeedback")),
        }
        return record

    def _multichoice(self, q: Element) -> dict[str, Any]:
        options = []
        for answer in self.answers(q):
            text = self.text(answer)
            if not text:
                raise _Problem(answer, "expected the answer's text in <text>")
            options.append(
                {
                    "text": text,
                    "weight": self.fraction(answer),
                    "feedback": self.text(answer.find("feedback")),
                    "_at": answer,
                }
            )
        return {
            "type": "multiple_choice",
            "options": options,
            "multiple": not self.flag(q, "single", True),
            "shuffle": self.flag(q, "shuffleanswers", True),
        }

    def _truefalse(self, q: Element) -> dict[str, Any]:
        feedback: dict[bool, str] = {}
        right: bool | None = None
        for answer in self.answers(q):
            text = self.text(answer, plain=True).lower()
            if text not in ("true", "false"):
                raise _Problem(answer, f"expected true or false as the answer, got {text!r}")
            value = text == "true"
            feedback[value] = self.text(answer.find("feedback"))
            if self.fraction(answer) >= 100:
                right = value
        if right is None:
            raise _Problem(q, "expected one answer (true or false) with fraction 100")
        return {
            "type": "true_false",
            "answer": right,
            "feedback_true": feedback.get(True, ""),
            "feedback_false": feedback.get(False, ""),
        }

    def _shortanswer(self, q: Element) -> dict[str, Any]:
        out = []
        for answer in self.answers(q):
            text = self.text(answer, plain=True)
            if not text:
                raise _Problem(answer, "expected the answer's text in <text>")
            out.append(
                {
                    "text": text,
                    "weight": self.fraction(answer),
                    "feedback": self.text(answer.find("feedback")),
                    "_at": answer,
                }
            )
        return {"type": "short_answer", "answers": out}

    def _numerical(self, q: Element) -> dict[str, Any]:
        out = []
        for answer in self.answers(q):
            raw = self.text(answer, plain=True)
            weight = self.fraction(answer)
            item: dict[str, Any] = {"feedback": self.text(answer.find("feedback")), "_at": answer}
            if raw == "*":
                item.update({"any": True, "weight": weight})
            else:
                tolerance = answer.find("tolerance")
                spread = 0.0
                if tolerance is not None and (tolerance.text or "").strip():
                    spread = abs(self.number(tolerance, tolerance.text, "a tolerance"))
                value = self.number(answer, raw, "the answer", "/text")
                item.update({"value": value, "tolerance": spread, "weight": weight})
            out.append(item)
        return {"type": "numerical", "answers": out, **read_units(q)}

    def _matching(self, q: Element) -> dict[str, Any]:
        pairs = []
        for sub in q.findall("subquestion"):
            right = self.text(sub.find("answer"), plain=True)
            if not right:
                raise _Problem(sub, "expected the answer of the pair in <answer><text>")
            pairs.append({"left": self.text(sub), "right": right, "_at": sub})
        if not pairs:
            raise _Problem(q, "expected <subquestion> pairs")
        return {"type": "matching", "pairs": pairs, "shuffle": self.flag(q, "shuffleanswers", True)}


def _category(element: Element) -> str:
    node = element.find("category")
    # <category><text>path</text></category>, or the path right inside (older exports).
    raw = (node.findtext("text") or node.text or "") if node is not None else ""
    path = _CONTEXT.sub("", raw.strip())
    return "" if path == "top" else path.removeprefix("top/")


def parse_moodle_xml(
    text: str, *, filename: str, base: Bank | None = None, max_items: int | None = None
) -> Bank:
    """Return a bank of a Moodle XML file's questions (added to `base`); raise BankError."""
    bad = UNSTORABLE.search(text)
    if bad:
        spot = LineIndex(text).where(bad.start())
        raise BankError([BankIssue(filename, *spot, "", unstorable(bad[0]))])
    root, tree = _parse(text, filename)
    if root.tag != "quiz":
        message = f"expected a Moodle XML file: <quiz> around the questions, got <{root.tag}>"
        raise BankError([BankIssue(filename, tree.lines.get(id(root)), None, "", message)])
    reader = _Reader(tree)
    data, texts = base_data(base)
    questions: list[dict[str, Any]] = data.setdefault("questions", [])
    index = {q["id"]: i for i, q in enumerate(questions)}
    taken = UniqueIds(f["id"] for f in data["facts"])
    given: dict[str, int] = {}
    where = Located()
    issues: list[BankIssue] = []
    category = ""
    count = 0
    for element in root.findall("question"):
        kind = element.get("type", "")
        line, path = reader.line(element), reader.path(element)
        if kind == "category":
            category = _category(element)
            continue
        count += 1
        if max_items is not None and count > max_items:
            raise BankError([BankIssue(filename, line, None, path, too_many_items(max_items))])
        if kind not in SUPPORTED:
            message = (
                f"Moodle question type {kind!r} is not supported; expected one of "
                f"{', '.join(SUPPORTED)} (or leave it out of the export)"
            )
            issues.append(BankIssue(filename, line, None, path, message))
            continue
        try:
            record = reader.question(element, kind)
        except _Problem as problem:
            at = problem.element
            issues.append(
                BankIssue(
                    filename,
                    reader.line(at),
                    None,
                    reader.path(at) + problem.suffix,
                    problem.message,
                )
            )
            continue
        idnumber = (element.findtext("idnumber") or "").strip()
        if idnumber:
            qid = given_id(idnumber)
            if qid in given:
                issues.append(
                    BankIssue(
                        filename,
                        line,
                        None,
                        f"{path}/idnumber",
                        f"idnumber {idnumber!r} is already the id of the question"
                        f" on line {given[qid]}",
                    )
                )
                continue
            given[qid] = line
            taken.add(qid)
        else:
            qid = taken.take(
                slug(record["title"] or " ".join(record["stem"].split()[:8]), fallback="question")
            )
        units_at = record.pop("_units_at", None)
        record = {"id": qid, **{k: v for k, v in record.items() if v != ""}}
        if category:
            record["category"] = category
        i = place_question(questions, index, record)
        where.put(("questions", i), line, 1, path)
        for part in ("options", "answers", "pairs"):
            for j, answer in enumerate(record.get(part, ())):
                at = answer.pop("_at")
                where.put(("questions", i, part, j), reader.line(at), 1, reader.path(at))
        locate_units(record, units_at, i, where.put, reader.line, reader.path)
    if issues:
        raise BankError(issues)
    if count == 0:
        raise BankError([BankIssue(filename, None, None, "", "expected at least one question")])
    data["bank"] = bank_head(filename, base, {})
    return build_bank(data, filename, where, texts)
