"""Hand-written ("fixed") questions: asked as written, not generated from facts.

They come from a bank's optional `questions:` section or from a GIFT file, and follow Moodle's
semantics: answer weights in percent (100 = full credit, negative weights take credit away in a
multiple-answer question), numerical answers as a value with a tolerance or a min..max range, and
feedback per answer. A fixed question's id shares the namespace of the bank's fact ids, so history
and flashcard state can follow it across versions the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

FixedKind = Literal["multiple_choice", "true_false", "short_answer", "numerical", "matching"]
FIXED_KINDS: tuple[FixedKind, ...] = (
    "multiple_choice",
    "true_false",
    "short_answer",
    "numerical",
    "matching",
)


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question; `weight` is its credit in percent."""

    text: str
    weight: float = 0.0
    feedback: str = ""


@dataclass(frozen=True)
class TextAnswer:
    """One accepted typed answer; `*` in the text matches any run of characters."""

    text: str
    weight: float = 100.0
    feedback: str = ""


@dataclass(frozen=True)
class NumberAnswer:
    """A numerical answer: `value` ± `tolerance`, or `low`..`high`, or any number (`any_value`).

    The catch-all `any_value` answer is worth 0 unless a weight is given (it carries feedback).
    """

    value: float | None = None
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    any_value: bool = False
    weight: float = 100.0
    feedback: str = ""

    def bounds(self) -> tuple[float, float]:
        """Return the closed interval of numbers this answer accepts."""
        if self.any_value:
            return -math.inf, math.inf
        if self.low is not None and self.high is not None:
            return self.low, self.high
        value = self.value or 0.0
        return value - abs(self.tolerance), value + abs(self.tolerance)

    def label(self) -> str:
        """Return the answer as a reader writes it: '5 ± 0.5', '4 to 6', '12'."""
        if self.any_value:
            return "any number"
        if self.low is not None and self.high is not None:
            return f"{_num(self.low)} to {_num(self.high)}"
        value = _num(self.value or 0.0)
        return f"{value} ± {_num(self.tolerance)}" if self.tolerance else value


@dataclass(frozen=True)
class Unit:
    """A unit a numerical answer may be written in: `multiplier` of them make one base unit.

    As in Moodle, the base unit has multiplier 1 and the answers are in it; "150 cm" with
    cm's multiplier 100 is 150 / 100 = 1.5 m.
    """

    name: str
    multiplier: float = 1.0


#: How a numerical question with units treats the unit (Moodle's "unit handling"): "none" (only
#: the number is typed, in the base unit), "optional" (a unit may follow the number and is
#: converted) or "required" (a missing or wrong unit costs `unit_penalty`).
UnitGrading = Literal["none", "optional", "required"]
UNIT_GRADINGS: tuple[UnitGrading, ...] = ("none", "optional", "required")
#: What `unit_penalty` is a fraction of: the response's grade or the question's full grade.
PenaltyOf = Literal["response", "question"]
DEFAULT_UNIT_PENALTY = 0.1  # Moodle's default


@dataclass(frozen=True)
class Pair:
    """One pair of a matching question; an empty `left` is an extra (wrong) answer on the right."""

    left: str
    right: str


@dataclass(frozen=True)
class FixedQuestion:
    """A hand-written question of one of the FIXED_KINDS, with its answers and feedback.

    Only the fields of its kind are used: `choices` and `multiple` (multiple choice), `answer`
    and the true/false feedback, `text_answers` (short answer), `number_answers` (numerical),
    `pairs` (matching). `shuffle` says whether options are shuffled per attempt. A numerical
    question may have `units` (the answers are in the one of multiplier 1) with the unit fields.
    """

    id: str
    kind: FixedKind
    stem: str
    title: str = ""
    category: str = ""
    general_feedback: str = ""
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    shuffle: bool = True
    answer: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    text_answers: tuple[TextAnswer, ...] = ()
    number_answers: tuple[NumberAnswer, ...] = ()
    pairs: tuple[Pair, ...] = ()
    units: tuple[Unit, ...] = ()
    unit_grading: UnitGrading = "optional"
    unit_penalty: float = DEFAULT_UNIT_PENALTY
    unit_penalty_of: PenaltyOf = "response"
    units_left: bool = False
    source: str | None = None
    sentence: str = ""

    def base_unit(self) -> str:
        """Return the name of the unit of multiplier 1 (the answers' unit), or ''."""
        return next((u.name for u in self.units if u.multiplier == 1), "")

    def label(self) -> str:
        """Return a short name for lists: the title, else the start of the stem."""
        text = self.title or " ".join(self.stem.split())
        return text if len(text) <= 80 else text[:77] + "..."


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _float(value: Any, default: float) -> float:
    return default if value is None else float(value)


def _number_answer(raw: Mapping[str, Any]) -> NumberAnswer:
    return NumberAnswer(
        value=None if raw.get("value") is None else float(raw["value"]),
        tolerance=_float(raw.get("tolerance"), 0.0),
        low=None if raw.get("min") is None else float(raw["min"]),
        high=None if raw.get("max") is None else float(raw["max"]),
        any_value=bool(raw.get("any", False)),
        weight=_float(raw.get("weight"), 0.0 if raw.get("any") else 100.0),
        feedback=_text(raw.get("feedback")),
    )


def fixed_from_dict(raw: Mapping[str, Any]) -> FixedQuestion:
    """Build a FixedQuestion from a `questions:` entry that passed validation."""
    kind: FixedKind = raw["type"]
    answers = raw.get("answers") or ()
    return FixedQuestion(
        id=raw["id"],
        kind=kind,
        stem=raw["stem"],
        title=_text(raw.get("title")),
        category=_text(raw.get("category")),
        general_feedback=_text(raw.get("general_feedback")),
        choices=tuple(
            Choice(str(c["text"]), _float(c.get("weight"), 0.0), _text(c.get("feedback")))
            for c in raw.get("options") or ()
        ),
        multiple=bool(raw.get("multiple", False)),
        shuffle=bool(raw.get("shuffle", True)),
        answer=raw.get("answer") if kind == "true_false" else None,
        feedback_true=_text(raw.get("feedback_true")),
        feedback_false=_text(raw.get("feedback_false")),
        text_answers=tuple(
            TextAnswer(str(a["text"]), _float(a.get("weight"), 100.0), _text(a.get("feedback")))
            for a in answers
            if kind == "short_answer"
        ),
        number_answers=tuple(_number_answer(a) for a in answers if kind == "numerical"),
        pairs=tuple(Pair(_text(p.get("left")), str(p["right"])) for p in raw.get("pairs") or ()),
        units=tuple(
            Unit(str(u["name"]).strip(), float(u["multiplier"])) for u in raw.get("units") or ()
        ),
        unit_grading=raw.get("unit_grading", "optional"),
        unit_penalty=_float(raw.get("unit_penalty"), DEFAULT_UNIT_PENALTY),
        unit_penalty_of=raw.get("unit_penalty_of", "response"),
        units_left=bool(raw.get("units_left", False)),
        source=raw.get("source"),
        sentence=_text(raw.get("sentence")),
    )


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, "", (), [], {})}


def _number_to_dict(answer: NumberAnswer) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if answer.any_value:
        out["any"] = True
    elif answer.low is not None and answer.high is not None:
        out["min"], out["max"] = _plain(answer.low), _plain(answer.high)
    else:
        out["value"] = _plain(answer.value or 0.0)
        if answer.tolerance:
            out["tolerance"] = _plain(answer.tolerance)
    if answer.weight != (0.0 if answer.any_value else 100.0):  # the default is left out
        out["weight"] = _plain(answer.weight)
    return _compact({**out, "feedback": answer.feedback})


def _units_to_dict(q: FixedQuestion) -> dict[str, Any]:
    if not q.units:
        return {}
    out: dict[str, Any] = {
        "units": [{"name": u.name, "multiplier": _plain(u.multiplier)} for u in q.units]
    }
    if q.unit_grading != "optional":  # the default is left out, as are the penalty's
        out["unit_grading"] = q.unit_grading
    if q.unit_grading == "required":
        if q.unit_penalty != DEFAULT_UNIT_PENALTY:
            out["unit_penalty"] = _plain(q.unit_penalty)
        if q.unit_penalty_of != "response":
            out["unit_penalty_of"] = q.unit_penalty_of
    if q.units_left:
        out["units_left"] = True
    return out


def fixed_to_dict(question: FixedQuestion) -> dict[str, Any]:
    """Return a fixed question in the bank format (the inverse of fixed_from_dict)."""
    q = question
    record: dict[str, Any] = {
        "id": q.id,
        "type": q.kind,
        "title": q.title,
        "category": q.category,
        "stem": q.stem,
    }
    if q.kind == "multiple_choice":
        if q.multiple:
            record["multiple"] = True
        record["options"] = [
            _compact({"text": c.text, "weight": _plain(c.weight) or None, "feedback": c.feedback})
            for c in q.choices
        ]
    elif q.kind == "true_false":
        record["answer"] = bool(q.answer)
        record["feedback_true"] = q.feedback_true
        record["feedback_false"] = q.feedback_false
    elif q.kind == "short_answer":
        record["answers"] = [
            _compact(
                {
                    "text": a.text,
                    "weight": None if a.weight == 100.0 else _plain(a.weight),
                    "feedback": a.feedback,
                }
            )
            for a in q.text_answers
        ]
    elif q.kind == "numerical":
        record["answers"] = [_number_to_dict(a) for a in q.number_answers]
        record.update(_units_to_dict(q))
    else:
        record["pairs"] = [_compact({"left": p.left, "right": p.right}) for p in q.pairs]
    if not q.shuffle:
        record["shuffle"] = False
    record.update(general_feedback=q.general_feedback, source=q.source, sentence=q.sentence)
    return _compact(record)
