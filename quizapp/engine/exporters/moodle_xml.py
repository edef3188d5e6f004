"""Write fixed questions as Moodle XML, which Moodle's question bank imports.

The layout is Moodle's own export: `<quiz>`, a `category` question before each run of questions
of one category, then per question its name, text, general feedback, `<idnumber>` (the bank id,
so a re-import keeps it), the answers with their fractions in percent and feedback. Texts are
plain (`format="plain_text"`), escaped for XML. A numerical range (4..6) is written as its middle
and half-width, which Moodle grades alike. A numerical question's units and unit grading are
written as Moodle writes them (`<units>`, `<unitgradingtype>`, `<unitpenalty>`, `<showunits>`
0 for a typed unit or 3 for units not used, `<unitsleft>`). What Moodle XML has no place for
(a question's source and sentence) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from quizapp.engine.bank.fixed import FixedQuestion, NumberAnswer
from quizapp.engine.exporters.gift import num

_TYPES = {
    "multiple_choice": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "numerical": "numerical",
    "matching": "matching",
}


def _text(tag: str, text: str, indent: str = "    ", fmt: str | None = "plain_text") -> str:
    attr = f" format={quoteattr(fmt)}" if fmt else ""
    return f"{indent}<{tag}{attr}>\n{indent}  <text>{escape(text)}</text>\n{indent}</{tag}>\n"


def _answer(fraction: float, text: str, feedback: str, extra: str = "") -> str:
    return (
        f'    <answer fraction="{num(fraction)}" format="plain_text">\n'
        f"      <text>{escape(text)}</text>\n"
        + _text("feedback", feedback, "      ")
        + extra
        + "    </answer>\n"
    )


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _number(answer: NumberAnswer) -> str:
    if answer.any_value:
        return _answer(answer.weight, "*", answer.feedback, "      <tolerance>0</tolerance>\n")
    low, high = answer.bounds()
    value, spread = (low + high) / 2, (high - low) / 2
    if answer.low is None or answer.high is None:
        value, spread = answer.value or 0.0, abs(answer.tolerance)
    return _answer(
        answer.weight, num(value), answer.feedback, f"      <tolerance>{num(spread)}</tolerance>\n"
    )


def _units(q: FixedQuestion) -> str:
    """Return a numerical question's units and unit options, as Moodle's export writes them."""
    if not q.units:
        return ""
    units = "".join(
        f"      <unit>\n        <multiplier>{num(u.multiplier)}</multiplier>\n"
        f"        <unit_name>{escape(u.name)}</unit_name>\n      </unit>\n"
        for u in q.units
    )
    grading = 0
    if q.unit_grading == "required":
        grading = 2 if q.unit_penalty_of == "question" else 1
    return (
        f"    <units>\n{units}    </units>\n"
        f"    <unitgradingtype>{grading}</unitgradingtype>\n"
        f"    <unitpenalty>{num(q.unit_penalty)}</unitpenalty>\n"
        f"    <showunits>{3 if q.unit_grading == 'none' else 0}</showunits>\n"
        f"    <unitsleft>{int(q.units_left)}</unitsleft>\n"
    )


def _body(q: FixedQuestion) -> str:
    if q.kind == "multiple_choice":
        return (
            f"    <single>{_bool(not q.multiple)}</single>\n"
            f"    <shuffleanswers>{_bool(q.shuffle)}</shuffleanswers>\n"
            "    <answernumbering>abc</answernumbering>\n"
            + "".join(_answer(c.weight, c.text, c.feedback) for c in q.choices)
        )
    if q.kind == "true_false":
        return _answer(100 if q.answer else 0, "true", q.feedback_true) + _answer(
            0 if q.answer else 100, "false", q.feedback_false
        )
    if q.kind == "short_answer":
        return "    <usecase>0</usecase>\n" + "".join(
            _answer(a.weight, a.text, a.feedback) for a in q.text_answers
        )
    if q.kind == "numerical":
        return "".join(_number(a) for a in q.number_answers) + _units(q)
    pairs = "".join(
        f'    <subquestion format="plain_text">\n      <text>{escape(p.left)}</text>\n'
        f"      <answer>\n        <text>{escape(p.right)}</text>\n      </answer>\n"
        "    </subquestion>\n"
        for p in q.pairs
    )
    return f"    <shuffleanswers>{_bool(q.shuffle)}</shuffleanswers>\n{pairs}"


def question_xml(q: FixedQuestion) -> str:
    """Return one question as a Moodle XML <question> element."""
    return (
        f"<!-- question: {escape(q.id)}  -->\n"
        f'  <question type="{_TYPES[q.kind]}">\n'
        + _text("name", q.title or q.label(), fmt=None)
        + _text("questiontext", q.stem)
        + _text("generalfeedback", q.general_feedback)
        + "    <defaultgrade>1</defaultgrade>\n"
        "    <penalty>0.3333333</penalty>\n"
        "    <hidden>0</hidden>\n"
        f"    <idnumber>{escape(q.id)}</idnumber>\n" + _body(q) + "  </question>\n"
    )


def _category(category: str) -> str:
    path = "$course$/top" + (f"/{category}" if category else "")
    return (
        "<!-- question: 0  -->\n"
        '  <question type="category">\n'
        f"    <category>\n      <text>{escape(path)}</text>\n    </category>\n"
        "  </question>\n"
    )


def dump_moodle_xml(questions: Iterable[FixedQuestion]) -> str:
    """Return questions as a Moodle XML file, a category element before each run of one."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    category: str | None = None
    for q in questions:
        if q.category != category and (category is not None or q.category):
            parts.append(_category(q.category))
        category = q.category
        parts.append(question_xml(q))
    parts.append("</quiz>\n")
    return "".join(parts)
