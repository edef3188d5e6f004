"""Which form control answers each question type, and which saved answers it can show."""

from __future__ import annotations

from typing import Any

WIDGETS = {
    "multiple_choice": "choice",
    "who_said": "choice",
    "true_false": "choice",
    "numeric": "number",
    "date_entry": "date",
    "short_answer": "text",
    "ordering": "ordering",
    "matching": "matching",
}
#: Hand-written ("fixed") questions name their form in params["kind"].
FIXED_WIDGETS = {
    "multiple_choice": "choice",
    "true_false": "choice",
    "short_answer": "text",
    "numerical": "number",
    "matching": "matching",
}


#: The shape of answer each widget can show again; anything else is shown as no answer.
_ANSWER_SHAPES: dict[str, type | tuple[type, ...]] = {
    "matching": dict,
    "ordering": list,
    "checkboxes": list,
    "choice": str,
    "text": str,
    "number": (str, int, float),
    "date": (str, dict),
}


def shown_answer(widget: str, answer: Any) -> Any:
    """Return a saved answer as the widget can show it, or None when its shape does not fit."""
    return answer if isinstance(answer, _ANSWER_SHAPES.get(widget, object)) else None


def widget_for(qtype: str, params: dict[str, Any]) -> str:
    """Return the form control a question is answered with."""
    if qtype == "fixed":
        kind = str(params.get("kind", ""))
        if kind == "multiple_choice" and params.get("multiple"):
            return "checkboxes"
        return FIXED_WIDGETS.get(kind, "text")
    return WIDGETS.get(qtype, "text")
