"""Write fixed questions in Moodle's GIFT format, as Moodle's own export writes them.

Each question is preceded by a `// question:` comment and a `// [id:...]` comment (so a
re-import keeps its id), then `::title::` when it has one, the stem and the answers in braces,
one per line: `=right#feedback`, `~%50%partly right`, `~wrong`, `{TRUE#if wrong#if right}`,
`{#=%100%42:0.5#feedback ~#otherwise}`, `{=left -> right}`, and `####general feedback` last.
The characters GIFT reserves (`~ = # { } :` and the backslash) are escaped, a new line is
written `\\n`, and a `$CATEGORY:` line starts each run of questions of one category. What GIFT
cannot say is left out: whether options are shuffled, and the source sentence. GIFT has no
units: a numerical question with units names its base unit after the stem ("(in m)"), which is
what its answers are in and what a GIFT learner types a number in; the other units are left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from quizapp.engine.bank.fixed import FixedQuestion, NumberAnswer

_RESERVED = {
    "\\": "\\\\",
    "~": "\\~",
    "=": "\\=",
    "#": "\\#",
    "{": "\\{",
    "}": "\\}",
    ":": "\\:",
    "\n": "\\n",
    "\r": "",
}
_TABLE = str.maketrans(_RESERVED)


def escape(text: str) -> str:
    """Return text with GIFT's reserved characters escaped."""
    return text.translate(_TABLE)


def num(value: float) -> str:
    """Return a number as GIFT writes it: '5', '0.5', '1e-06'."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _feedback(text: str) -> str:
    return f"#{escape(text)}" if text else ""


def _choices(q: FixedQuestion) -> list[str]:
    lines = []
    for c in q.choices:
        if not q.multiple and c.weight == 100:
            head = "="
        else:
            head = f"~%{num(c.weight)}%" if c.weight else "~"
        lines.append(f"{head}{escape(c.text)}{_feedback(c.feedback)}")
    return lines


def _number(answer: NumberAnswer) -> str:
    if answer.any_value:
        body = "*"
    elif answer.low is not None and answer.high is not None:
        body = f"{num(answer.low)}..{num(answer.high)}"
    else:
        body = f"{num(answer.value or 0.0)}:{num(answer.tolerance)}"
    return f"=%{num(answer.weight)}%{body}#{escape(answer.feedback)}"


def _numbers(answers: tuple[NumberAnswer, ...]) -> list[str]:
    """Return numerical answer lines; a last catch-all worth nothing is `~#feedback`, as Moodle
    writes it."""
    lines = [_number(a) for a in answers]
    if answers and answers[-1].any_value and answers[-1].weight == 0:
        lines[-1] = f"~#{escape(answers[-1].feedback)}"
    return lines


def _answers(q: FixedQuestion) -> str:
    """Return the text inside the braces."""
    if q.kind == "true_false":
        right, wrong = (
            (q.feedback_true, q.feedback_false) if q.answer else (q.feedback_false, q.feedback_true)
        )
        tail = f"#{escape(wrong)}#{escape(right)}" if right or wrong else ""
        return ("TRUE" if q.answer else "FALSE") + tail
    if q.kind == "multiple_choice":
        lines = _choices(q)
    elif q.kind == "short_answer":
        lines = [
            f"=%{num(a.weight)}%{escape(a.text)}{_feedback(a.feedback)}" for a in q.text_answers
        ]
    elif q.kind == "numerical":
        return "#\n" + "".join(f"\t{line}\n" for line in _numbers(q.number_answers)) + _general(q)
    else:
        lines = [f"={escape(p.left)} -> {escape(p.right)}" for p in q.pairs]
    return "\n" + "".join(f"\t{line}\n" for line in lines) + _general(q)


def _general(q: FixedQuestion) -> str:
    return f"\t####{escape(q.general_feedback)}\n" if q.general_feedback else ""


def question_gift(q: FixedQuestion) -> str:
    """Return one question in GIFT (without its category line)."""
    name = q.title or q.label()
    head = f"// question: {escape(q.id)}  name: {' '.join(name.split())}\n// [id:{q.id}]\n"
    title = f"::{escape(q.title)}::" if q.title else ""
    answers = _answers(q)
    if q.kind == "true_false" and q.general_feedback:
        answers += f"####{escape(q.general_feedback)}"
    return f"{head}{title}{escape(_stem(q))}{{{answers}}}\n"


def _stem(q: FixedQuestion) -> str:
    """Return the stem, naming the base unit of a numerical question with units."""
    base = q.base_unit() if q.kind == "numerical" else ""
    note = f"(in {base})"
    return q.stem if not base or q.stem.rstrip().endswith(note) else f"{q.stem} {note}"


def _category_line(category: str) -> str:
    path = "$course$/top" + (f"/{category}" if category else "")
    return f"// question: 0  name: Switch category to {path}\n$CATEGORY: {path}\n"


def dump_gift(questions: Iterable[FixedQuestion]) -> str:
    """Return questions as a GIFT file, a `$CATEGORY:` line before each run of one category."""
    parts: list[str] = []
    category: str | None = None
    for q in questions:
        if q.category != category and (category is not None or q.category):
            parts.append(_category_line(q.category))
        category = q.category
        parts.append(question_gift(q))
    return "\n".join(parts)
