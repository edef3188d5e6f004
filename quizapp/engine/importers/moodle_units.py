"""Read the units of a Moodle XML numerical question, as Moodle's `qformat_xml` reads them.

`<units>` holds `<unit>` elements with `<unit_name>` and `<multiplier>` (1 when left out); the
question's `<unitgradingtype>` (0: units optional, 1: the penalty is a fraction of the response's
grade, 2: of the question's grade), `<unitpenalty>` (0.1 when left out), `<showunits>` (0: typed,
1: radio buttons, 2: a drop-down, 3: units not used) and `<unitsleft>` (1: the unit goes before
the number) become the bank's `units`, `unit_grading` (none for showunits 3, optional for grading
type 0, else required), `unit_penalty`, `unit_penalty_of` and `units_left`. The learner always
types the unit here, so radio buttons and a drop-down are read as typed units. Names and
multipliers that are not numbers are refused here; the bank's rules refuse the rest (a multiplier
of 0 or out of range, a repeated name, no unit of multiplier 1), pointing at the `<unit>`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from quizapp.engine.importers.common import plain_number, shown_value

_GRADING_TYPES = {"0": None, "1": "response", "2": "question"}
_SHOW_UNITS = ("0", "1", "2", "3")


class XmlProblem(Exception):
    """A problem in one element of a Moodle XML file (the suffix names an attribute or child)."""

    def __init__(self, element: Element, message: str, suffix: str = "") -> None:
        super().__init__(message)
        self.element, self.message, self.suffix = element, message, suffix


def _number(element: Element, raw: str, what: str) -> float:
    try:
        return plain_number(raw, what)
    except ValueError as error:
        raise XmlProblem(element, str(error)) from None


def _choice(question: Element, tag: str, allowed: tuple[str, ...], default: str) -> str:
    element = question.find(tag)
    raw = (element.text or "").strip() if element is not None else default
    if element is not None and raw not in allowed:
        wanted = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
        raise XmlProblem(element, f"expected {wanted} in <{tag}>, got {shown_value(raw)}")
    return raw or default


def _unit(unit: Element) -> dict[str, Any]:
    name_at = unit.find("unit_name")
    name = (name_at.text or "").strip() if name_at is not None else ""
    if not name:
        raise XmlProblem(name_at if name_at is not None else unit, "expected the unit's name")
    multiplier_at = unit.find("multiplier")
    multiplier: float = 1
    if multiplier_at is not None:
        raw = (multiplier_at.text or "").strip()
        multiplier = _number(multiplier_at, raw, "the unit's multiplier")
    return {
        "name": name,
        "multiplier": multiplier,
        "_at": unit,
        "_parts": {"name": name_at, "multiplier": multiplier_at},
    }


def read_units(question: Element) -> dict[str, Any]:
    """Return the bank fields of a numerical question's units; {} when it has none."""
    holder = question.find("units")
    units = [_unit(u) for u in holder.findall("unit")] if holder is not None else []
    grading_type = _choice(question, "unitgradingtype", tuple(_GRADING_TYPES), "0")
    show = _choice(question, "showunits", _SHOW_UNITS, "0" if units else "3")
    left = _choice(question, "unitsleft", ("0", "1"), "0") == "1"
    penalty_at = question.find("unitpenalty")
    penalty = 0.1
    if penalty_at is not None and (penalty_at.text or "").strip():
        penalty = _number(penalty_at, (penalty_at.text or "").strip(), "the unit penalty")
        if not 0 <= penalty <= 1:
            raise XmlProblem(penalty_at, f"expected a unit penalty from 0 to 1, got {penalty}")
    if not units:
        return {}  # Moodle keeps the unit settings of a question without units; they do nothing
    record: dict[str, Any] = {"units": units, "_units_at": holder}
    penalty_of = _GRADING_TYPES[grading_type]
    if show == "3":
        record["unit_grading"] = "none"
    elif penalty_of is not None:
        record.update(unit_grading="required", unit_penalty=penalty, unit_penalty_of=penalty_of)
    if left:
        record["units_left"] = True
    return record


def locate_units(
    record: dict[str, Any], holder: Element | None, i: int, put: Callable[..., None],
    line: Callable[[Element], int], path: Callable[[Element], str],
) -> None:  # fmt: skip
    """Record where `<units>`, each unit, its name and multiplier came from, for rule errors."""
    if holder is not None:
        put(("questions", i, "units"), line(holder), 1, path(holder))
    for j, unit in enumerate(record.get("units", ())):
        at: Element = unit.pop("_at")
        put(("questions", i, "units", j), line(at), 1, path(at))
        for field, element in unit.pop("_parts").items():
            if element is not None:
                put(("questions", i, "units", j, field), line(element), 1, path(element))
