"""Grade fixed questions the way Moodle grades GIFT questions.

- Multiple choice, one answer: the chosen option's weight (a negative weight counts as 0).
- Multiple choice, several answers: the sum of the chosen options' weights, divided by the sum of
  the positive weights (so 3 x 33.3% is full credit), kept between 0 and 1.
- True/false: all or nothing; the feedback of the value the learner chose.
- Short answer: case-insensitive, spaces and typographic quotes folded; `*` matches any run of
  characters (`\\*` is a literal star).
- Numerical: a number within an answer's interval (value ± tolerance, or min..max); with units,
  "150 cm" is converted to the base unit first and a missing or wrong unit may cost a penalty,
  as in Moodle (see `quizapp.engine.bank.units`).
- Matching: each left item is credited separately.

Short answer and numerical give the credit of the best matching answer (Moodle takes the first
one in file order; with the full-credit answer first, as GIFT files write them, that is the same).
Each answer's feedback is shown with the grade; the general feedback is the question's explanation.
Nothing here raises, whatever the response is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.engine.bank.model import Grade, Question
from quizapp.engine.bank.units import penalised, read_response, unit_feedback, unit_key
from quizapp.engine.questions.base import is_blank, no_answer, option_label, scored
from quizapp.engine.text import fold_typography, parse_number

_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}
_EPSILON = 1e-9
MAX_TYPED = 500


def _key(question: Question) -> Mapping[str, Any]:
    return question.answer if isinstance(question.answer, Mapping) else {}


def _with(verdict: str, *feedback: str) -> str:
    return " ".join(part.strip() for part in (verdict, *feedback) if part and part.strip())


def _verdict(fraction: float) -> str:
    if fraction >= 1.0:
        return "Correct."
    return "Partly correct." if fraction > 0 else "Incorrect."


def grade(question: Question, response: object) -> Grade:
    """Grade a response to a fixed question by its kind."""
    if is_blank(response):
        return no_answer(question)
    kind = question.params.get("kind")
    graders = {
        "multiple_choice": _choice,
        "true_false": _true_false,
        "short_answer": _short,
        "numerical": _numerical,
        "matching": _matching,
    }
    grader = graders.get(str(kind))
    if grader is None:
        return Grade(0.0, question.points, "ungraded", f"Unknown fixed question kind {kind!r}.")
    return grader(question, response)


def _right_labels(question: Question, ids: Sequence[str], joiner: str) -> str:
    return joiner.join(option_label(question, i) for i in ids)


def _choice(question: Question, response: object) -> Grade:
    key = _key(question)
    weights: Mapping[str, float] = key.get("weights", {})
    feedback: Mapping[str, str] = key.get("feedback", {})
    multiple = bool(key.get("multiple"))
    right = _right_labels(question, key.get("correct", ()), "; " if multiple else " or ")
    picked = list(response) if isinstance(response, list | tuple) else [response]
    if not multiple and len(picked) != 1:
        return scored(question, 0.0, f"Choose one option. The answer is {right}.")
    if not all(isinstance(p, str) and p in weights for p in picked):
        return scored(question, 0.0, f"That is not one of the options. The answer is {right}.")
    chosen = list(dict.fromkeys(str(p) for p in picked))
    if multiple:
        positive = sum(w for w in weights.values() if w > 0) or 100.0
        fraction = sum(float(weights[p]) for p in chosen) / positive
    else:
        fraction = float(weights[chosen[0]]) / 100.0
    fraction = min(1.0, max(0.0, fraction))
    notes = [feedback.get(p, "") for p in chosen]
    verdict = _verdict(fraction)
    if fraction < 1.0:
        verdict += f" The answer is {right}."
    return scored(question, fraction, _with(verdict, *notes))


def _true_false(question: Question, response: object) -> Grade:
    key = _key(question)
    if isinstance(response, bool):
        said: bool | None = response
    elif isinstance(response, str) and response.strip().casefold() in _TRUE | _FALSE:
        said = response.strip().casefold() in _TRUE
    else:
        said = None
    truth = bool(key.get("true"))
    expected = "true" if truth else "false"
    if said is None:
        return scored(question, 0.0, f"Answer true or false. The statement is {expected}.")
    note = str(key.get("feedback", {}).get("true" if said else "false", ""))
    if said == truth:
        return scored(question, 1.0, _with(f"Correct: the statement is {expected}.", note))
    return scored(question, 0.0, _with(f"Incorrect: the statement is {expected}.", note))


def fold_answer(text: str) -> str:
    """Return typed text as short answers compare it: casefolded, spaces and quotes folded."""
    folded = unicodedata.normalize("NFC", fold_typography(text)).casefold()
    return " ".join(folded.split())


def _pattern(answer: str) -> re.Pattern[str]:
    """Return a regex for a short answer where `*` is a wildcard and `\\*` a literal star."""
    parts = fold_answer(answer).split("\\*")
    body = r"\*".join(".*".join(re.escape(p) for p in part.split("*")) for part in parts)
    return re.compile(body, re.DOTALL)


def _best(answers: Sequence[Mapping[str, Any]], matches: Any) -> tuple[float, str] | None:
    best: tuple[float, str] | None = None
    for answer in answers:
        if matches(answer):
            weight = float(answer.get("weight", 100.0))
            if best is None or weight > best[0]:
                best = (weight, str(answer.get("feedback", "")))
    return best


def _short(question: Question, response: object) -> Grade:
    key = _key(question)
    labels = " or ".join(key.get("labels", ()))
    if not isinstance(response, str) or len(response) > MAX_TYPED:
        return scored(question, 0.0, f"Type your answer as text. The answer is {labels}.")
    typed = fold_answer(response)
    found = _best(
        key.get("answers", ()), lambda a: _pattern(str(a.get("text", ""))).fullmatch(typed)
    )
    return _typed_grade(question, found, labels)


def _typed_grade(question: Question, found: tuple[float, str] | None, labels: str) -> Grade:
    if found is None:
        return scored(question, 0.0, f"Incorrect. The answer is {labels}.")
    fraction = min(1.0, max(0.0, found[0] / 100.0))
    verdict = _verdict(fraction)
    if fraction < 1.0:
        verdict += f" The answer is {labels}."
    return scored(question, fraction, _with(verdict, found[1]))


def _within(number: float, answer: Mapping[str, Any]) -> bool:
    low, high = answer.get("min"), answer.get("max")
    if low is None or high is None:
        return True  # "any number": the catch-all answer of a numerical question
    slack = _EPSILON * max(1.0, abs(float(low)), abs(float(high)))
    return float(low) - slack <= number <= float(high) + slack


def _numerical(question: Question, response: object) -> Grade:
    key = _key(question)
    labels = " or ".join(key.get("labels", ()))
    if key.get("units"):
        return _with_units(question, key, response, labels)
    number = parse_number(response) if isinstance(response, str | int | float) else None
    if number is None:
        return scored(question, 0.0, f"That is not a number. The answer is {labels}.")
    found = _best(key.get("answers", ()), lambda a: _within(number, a))
    return _typed_grade(question, found, labels)


def _with_units(question: Question, key: Mapping[str, Any], response: object, labels: str) -> Grade:
    """Grade a number with an optional unit as Moodle's numerical type does (see `units`)."""
    units = {unit_key(str(name)): float(mult) for name, mult in key["units"]}
    names = list(dict.fromkeys(str(name) for name, _ in key["units"]))
    base, grading = str(key.get("base_unit", "")), str(key.get("unit_grading", "optional"))
    typed = str(response) if isinstance(response, int | float) else response
    reading = None
    if isinstance(typed, str) and not isinstance(response, bool) and len(typed) <= MAX_TYPED:
        reading = read_response(typed, units, bool(key.get("units_left")))
    if reading is None:
        return scored(question, 0.0, f"That is not a number. The answer is {labels}.")
    if grading == "none" and reading.unit:
        message = f"Type the number only, in {base}, without a unit. The answer is {labels}."
        return scored(question, 0.0, message)
    scaled = reading.value / reading.multiplier if reading.multiplier else reading.value
    best: tuple[float, str, bool] | None = None
    for answer in key.get("answers", ()):
        if _within(scaled, answer):
            unit_right = reading.multiplier is not None
        elif _within(reading.value, answer):
            unit_right = False
        else:
            continue
        credit = penalised(float(answer.get("weight", 100.0)) / 100.0, unit_right, key)
        if best is None or credit > best[0]:
            best = (credit, str(answer.get("feedback", "")), unit_right)
    if best is None:
        return _typed_grade(question, None, labels)
    note = unit_feedback(reading, best[2], base, names, grading)
    fraction = min(1.0, max(0.0, best[0]))
    right = f"The answer is {labels}." if fraction < 1.0 else ""
    return scored(question, fraction, _with(_verdict(fraction), note, right, best[1]))


def _matching(question: Question, response: object) -> Grade:
    pairs: Mapping[str, str] = _key(question).get("pairs", {})
    left = {o.id: o.label for o in question.options}
    right = {o.id: o.label for o in question.right_options}
    shown = "; ".join(f"{left.get(k, '')} → {right.get(v, '')}" for k, v in pairs.items())
    if not isinstance(response, dict):
        return scored(question, 0.0, f"Match each item. The pairs are: {shown}.")
    good = sum(1 for k, v in pairs.items() if response.get(k) == v)
    if good == len(pairs):
        return scored(question, 1.0, "All pairs correct.")
    feedback = f"{good} of {len(pairs)} pairs correct. The pairs are: {shown}."
    return scored(question, good / max(1, len(pairs)), feedback)
