"""Turn a question's answer key and a learner's response into text a reader understands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.engine.bank.model import Question


def _labels(options: Sequence[Any]) -> dict[str, str]:
    return {o.id: o.label for o in options}


def describe_answer(question: Question) -> str:
    """Return the correct answer as text ("19 March 2020", "A → 1; B → 2", ...)."""
    key: Mapping[str, Any] = question.answer if isinstance(question.answer, Mapping) else {}
    left, right = _labels(question.options), _labels(question.right_options)
    if "correct" in key:
        joiner = " and " if key.get("multiple") else " or "  # several right picks vs one of
        return joiner.join(left.get(i, i) for i in key["correct"])
    if "true" in key:
        return "True" if key["true"] else "False"
    if "order" in key:
        return " → ".join(left.get(i, i) for i in key["order"])
    if "pairs" in key:
        return "; ".join(f"{left.get(a, a)} → {right.get(b, b)}" for a, b in key["pairs"].items())
    if "labels" in key:
        return " or ".join(str(label) for label in key["labels"])
    return ""


def describe_response(question: Question, response: Any) -> str:
    """Return what the learner answered, in the words of the options where there are options."""
    if response is None or response == "" or response == [] or response == {}:
        return "(no answer)"
    left, right = _labels(question.options), _labels(question.right_options)
    if isinstance(response, list):
        picked = [left.get(str(i), str(i)) for i in response]
        if question.params.get("multiple"):  # ticked boxes, not an order
            return ", ".join(picked)
        return " → ".join(picked)
    if isinstance(response, Mapping):
        return "; ".join(
            f"{left.get(str(a), str(a))} → {right.get(str(b), str(b))}"
            for a, b in response.items()
        )
    if isinstance(response, str) and response in left:
        return left[response]
    return str(response)


def accepted_answers(question: Question) -> list[str]:
    """Return every answer the question accepts as right, as the learner would write it."""
    key: Mapping[str, Any] = question.answer if isinstance(question.answer, Mapping) else {}
    if question.type == "short_answer":
        spellings = [str(s) for s in question.params.get("_spellings", ())]
        return list(dict.fromkeys(spellings)) or [str(x) for x in key.get("labels", ())]
    if "correct" in key:
        left = _labels(question.options)
        return [left.get(i, i) for i in key["correct"]]
    if "labels" in key:
        return [str(label) for label in key["labels"]]
    described = describe_answer(question)
    return [described] if described else []


def review_record(question: Question) -> dict[str, Any]:
    """Return a question as a reviewer reads it: stem, options, every right answer, sources."""
    return {
        "type": question.type,
        "stem": question.stem,
        "options": [o.label for o in question.options],
        "right_options": [o.label for o in question.right_options],
        "answers": accepted_answers(question),
        "fact_ids": list(question.fact_ids),
        "sources": [{"title": s.source_title, "sentence": s.sentence} for s in question.sources],
        "contested": question.contested,
        "explanation": question.explanation,
    }
