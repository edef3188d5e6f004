"""Units of hand-written numerical questions, with the meaning Moodle's numerical type gives them.

A question lists its units as (name, multiplier): `multiplier` of a unit make one base unit, the
unit of multiplier 1 that the answers are written in ("150 cm" with cm's multiplier 100 reads as
1.5 m). `unit_grading` is Moodle's "unit handling":

- "none": only the number is typed, in the base unit (Moodle's "units are not used"); a response
  with a unit is not read as a number.
- "optional": a unit may follow the number and is converted; a number alone is in the base unit.
- "required": a missing, unknown or wrong unit costs `unit_penalty`, a fraction of the response's
  grade (`unit_penalty_of: response`) or of the question's full grade (`question`).

A response is read as Moodle's `qtype_numerical_answer_processor::apply_units` reads it in an
English locale: spaces dropped, `x10^5` and `E5` taken as exponents, commas taken as thousands
separators, the number first and the unit after it (before it with `units_left`). Each answer is
tried with the converted number and then with the number as typed, as Moodle's
`get_matching_answer` does: the right number in the wrong unit, or with no or an unknown unit,
matches with the unit counted wrong. Units are compared exactly (case matters: mm is not Mm),
spaces aside.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.engine.bank.numbers import MAX_NUMBER, number_problem
from quizapp.engine.parsing.errors import JsonPath
from quizapp.engine.text import fold_typography

UNIT_FIELDS = ("units", "unit_grading", "unit_penalty", "unit_penalty_of", "units_left")
MIN_MULTIPLIER = 1 / MAX_NUMBER
MAX_UNIT_NAME = 40
_EXPONENT = re.compile(r"(?:e|E|(?:x|X|\*|×)10(?:\^|\*\*))([+-]?\d+)")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
_NUMBER_FIRST = re.compile(_NUMBER)
_NUMBER_LAST = re.compile(_NUMBER + r"$")
_NUMBER_ONLY = re.compile(_NUMBER + r"$", re.IGNORECASE)
_NUMBER_EDGE = set("0123456789+-.,")

Problem = tuple[JsonPath, str]


def unit_key(name: str) -> str:
    """Return a unit's name as responses are compared with it: without spaces."""
    return "".join(fold_typography(name).split())


@dataclass(frozen=True)
class Reading:
    """A typed response split as Moodle splits it: the number, the unit text and its multiplier."""

    value: float
    unit: str  # as typed, without spaces; "" when none was typed
    multiplier: float | None  # None when no unit, or one the question does not know, was typed


def read_response(text: str, units: Mapping[str, float], units_left: bool) -> Reading | None:
    """Return the number and unit of a typed response, or None when it holds no number."""
    compact = "".join(fold_typography(text).split()).replace("−", "-")
    compact = _EXPONENT.sub(r"e\1", compact).replace(",", "")
    if units_left:
        match = _NUMBER_LAST.search(compact)
        unit = compact[: match.start()] if match else ""
    else:
        match = _NUMBER_FIRST.match(compact)
        unit = compact[match.end() :] if match else ""
    if match is None:
        return None
    value = float(match.group())
    if not math.isfinite(value):
        return None
    return Reading(value, unit, units.get(unit))


def penalised(fraction: float, unit_right: bool, key: Mapping[str, Any]) -> float:
    """Return an answer's credit after the unit penalty, as Moodle's apply_unit_penalty does."""
    if unit_right or key.get("unit_grading") != "required":
        return fraction
    penalty = float(key.get("unit_penalty", 0.0))
    if key.get("unit_penalty_of") == "question":
        return max(0.0, fraction - penalty)
    return max(0.0, fraction - penalty * fraction)


def names_list(names: Sequence[str]) -> str:
    """Return unit names as a reader lists them: 'm', 'm or cm', 'm, cm or mm'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


def with_unit(label: str, unit: str, units_left: bool) -> str:
    """Return an answer with its unit, on the side the question writes it: '1.5 m', '$ 5'."""
    if not unit:
        return label
    return f"{unit} {label}" if units_left else f"{label} {unit}"


def stem_note(base: str, names: Sequence[str], grading: str, units_left: bool) -> str:
    """Return what the learner is told about units, after the stem: '(in m)' and the like."""
    side = "before" if units_left else "after"
    others = [n for n in names if n != base]
    if grading == "required":
        return f"(write the unit {side} the number: {names_list(list(names))})"
    if grading == "none" or not others:
        return f"(in {base})"
    return f"(in {base}, or write another unit {side} the number: {names_list(others)})"


def unit_feedback(
    reading: Reading, unit_right: bool, base: str, names: Sequence[str], grading: str
) -> str:
    """Return why a matched response's unit was not counted right ('' when it was)."""
    if unit_right or (not reading.unit and grading != "required"):
        return ""
    listed = names_list(list(names))
    graded = "" if grading == "required" else " (units are not graded in this question)"
    if not reading.unit:
        return f"The unit is missing: expected {listed}."
    if reading.multiplier is None:
        return f"{reading.unit!r} is not one of the units ({listed}){graded}."
    return f"The number fits {base}, not {reading.unit}{graded}."


def _multiplier_problem(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None  # the schema says a number above 0 was expected
    if isinstance(value, float) and not math.isfinite(value):
        return number_problem(value)
    if MIN_MULTIPLIER <= value <= MAX_NUMBER:
        return None
    digits = len(str(int(value))) if isinstance(value, int) else 0
    shown = f"a {digits}-digit number" if digits > 30 else f"{value:g}"
    return f"expected a multiplier from 10^-15 to 10^15, got {shown}"


def _name_problem(name: str, units_left: bool) -> str | None:
    key = unit_key(name)
    if len(name) > MAX_UNIT_NAME:
        return f"expected a unit name of at most {MAX_UNIT_NAME} characters, got {len(name)}"
    if _NUMBER_ONLY.match(key):
        return f"expected a unit name, not a number ({name.strip()!r})"
    edge = key[-1] if units_left else key[0]
    if edge in _NUMBER_EDGE:
        where = "end" if units_left else "start"
        return (
            f"expected a unit name that does not {where} with a digit, sign or point "
            f"(it would be read as part of the number), got {name.strip()!r}"
        )
    return None


def unit_problems(path: JsonPath, question: Mapping[str, Any]) -> Iterator[Problem]:
    """Yield what is wrong with a numerical question's units and unit grading fields."""
    units = question.get("units")
    if units is None:
        for field in UNIT_FIELDS[1:]:
            if field in question:
                yield (*path, field), f"expected 'units' with {field!r}: it is about units"
        return
    if not isinstance(units, list):
        return  # the schema reports it
    if not units:
        yield (*path, "units"), "expected at least 1 unit (or no 'units' field)"
        return
    if question.get("unit_grading", "optional") != "required":
        for field in ("unit_penalty", "unit_penalty_of"):
            if field in question:
                yield (
                    (*path, field),
                    f"expected {field!r} only with unit_grading: required "
                    "(a unit that is not required costs nothing)",
                )
    left = question.get("units_left") is True
    seen: dict[str, int] = {}
    base = broken = False
    for j, unit in enumerate(units):
        if not isinstance(unit, dict):
            continue
        at: JsonPath = (*path, "units", j)
        name, multiplier = unit.get("name"), unit.get("multiplier")
        if isinstance(name, str) and name.strip():
            key = unit_key(name)
            problem = _name_problem(name, left)
            if problem is None and key in seen:
                problem = f"duplicate unit {name.strip()!r}: same name as unit {seen[key] + 1}"
            if problem is not None:
                yield (*at, "name"), problem
            seen.setdefault(key, j)
        problem = _multiplier_problem(multiplier)
        if problem is not None:
            yield (*at, "multiplier"), problem
        positive = (
            isinstance(multiplier, int | float)
            and not isinstance(multiplier, bool)
            and multiplier > 0
        )
        broken = broken or problem is not None or not positive
        base = base or multiplier == 1
    if not base and not broken:
        yield (
            (*path, "units"),
            "expected a unit of multiplier 1 (the unit the answers are in), got none",
        )
