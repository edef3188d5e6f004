"""The rules for a bank's hand-written questions that the schema cannot express.

Each question type needs its own fields (options, answer, answers or pairs) and no others; weights
must make a right answer possible (Moodle's rules: a single-answer question has an option worth
100%, the positive weights of a multiple-answer question add up to 100%); numerical answers are a
value with a tolerance, a min..max range, or `any`, and their units are sound (see `units`); ids
are unique among facts and questions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from quizapp.engine.bank.numbers import number_problem
from quizapp.engine.bank.units import UNIT_FIELDS, unit_problems
from quizapp.engine.parsing.errors import JsonPath
from quizapp.engine.text import normalize

Problem = tuple[JsonPath, str]
# Positive weights of a multiple-answer question may miss 100 by rounding (3 x 33.3 = 99.9).
WEIGHT_SLACK = 1.0
_FIELDS = {
    "multiple_choice": ("options", "multiple", "shuffle"),
    "true_false": ("answer", "feedback_true", "feedback_false"),
    "short_answer": ("answers",),
    "numerical": ("answers", *UNIT_FIELDS),
    "matching": ("pairs", "shuffle"),
}
_TYPE_FIELDS = {f for fields in _FIELDS.values() for f in fields}
_NUMBER_KEYS = ("value", "tolerance", "min", "max")
_NEEDS = {
    "multiple_choice": "options",
    "true_false": "answer",
    "short_answer": "answers",
    "numerical": "answers",
    "matching": "pairs",
}


class _Checker(Protocol):
    """What the question rules need from the bank's RuleChecker."""

    index: dict[str, dict[str, dict[str, Any]]]

    def _ref(self, path: JsonPath, section: str, kind: str, ref: Any) -> dict[str, Any] | None: ...

    def _check_sentence(self, path: JsonPath, source_id: str, sentence: str) -> None: ...


def _records(items: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield i, item


def _weight(record: Mapping[str, Any], default: float) -> float | None:
    weight = record.get("weight", default)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not -100 <= weight <= 100:
        return None  # the schema reports it
    return float(weight)


def question_problems(data: Any, checker: _Checker) -> list[Problem]:
    """Return every rule violation in the bank's `questions` section."""
    problems: list[Problem] = []
    questions = data.get("questions") if isinstance(data, dict) else None
    facts = checker.index.get("facts", {})
    for i, question in _records(questions):
        path: JsonPath = ("questions", i)
        qid = question.get("id")
        if isinstance(qid, str) and qid in facts:
            message = f"duplicate id {qid!r}: a fact uses it (facts and questions share ids)"
            problems.append(((*path, "id"), message))
        problems.extend(_type_problems(path, question))
        problems.extend(_source_problems(path, question, checker))
    return problems


def _type_problems(path: JsonPath, question: Mapping[str, Any]) -> Iterator[Problem]:
    qtype = question.get("type")
    if not isinstance(qtype, str) or qtype not in _FIELDS:
        return  # the schema reports it
    allowed = _FIELDS[qtype]
    for field in sorted(_TYPE_FIELDS - set(allowed)):
        if field in question:
            yield (*path, field), f"expected no {field!r} in a {qtype} question"
    needed = _NEEDS[qtype]
    if needed not in question:
        yield path, f"missing field {needed!r}; a {qtype} question needs it"
        return
    if qtype == "multiple_choice":
        yield from _choice_problems(path, question)
    elif qtype in ("short_answer", "numerical"):
        yield from _answer_problems(path, qtype, question.get("answers"))
        if qtype == "numerical":
            yield from unit_problems(path, question)
    elif qtype == "matching":
        yield from _pair_problems(path, question.get("pairs"))


def _choice_problems(path: JsonPath, question: Mapping[str, Any]) -> Iterator[Problem]:
    options = list(_records(question.get("options")))
    where = (*path, "options")
    if len(options) < 2:
        yield where, "expected at least 2 options"
        return
    seen: dict[str, int] = {}
    for j, option in options:
        key = normalize(str(option.get("text", "")))
        if key and key in seen:
            yield (*where, j, "text"), f"duplicate option: same text as option {seen[key] + 1}"
        seen.setdefault(key, j)
    weights = [w for _, o in options if (w := _weight(o, 0.0)) is not None]
    if question.get("multiple") is True:
        positive = sum(w for w in weights if w > 0)
        if abs(positive - 100.0) > WEIGHT_SLACK:
            yield (
                where,
                "expected the positive weights of a multiple-answer question to add up to 100, "
                f"got {positive:g}",
            )
    elif not any(w == 100.0 for w in weights):
        yield (
            where,
            "expected one option with weight 100 (the right answer); for several right answers "
            "set multiple: true and split 100 between them",
        )


def _answer_problems(path: JsonPath, qtype: str, answers: Any) -> Iterator[Problem]:
    records = list(_records(answers))
    where = (*path, "answers")
    if not records:
        yield where, "expected at least 1 answer"
        return
    full = broken = False
    for j, answer in records:
        at = (*where, j)
        weight = _weight(answer, 0.0 if answer.get("any") else 100.0)
        if weight is not None and weight < 0:
            yield (*at, "weight"), f"expected a weight from 0 to 100 in a {qtype} answer"
        numbers = [
            ((*at, key), problem)
            for key in (_NUMBER_KEYS if qtype == "numerical" else ())
            if (problem := number_problem(answer.get(key))) is not None
        ]
        yield from numbers
        shape = _short_answer_shape if qtype == "short_answer" else _number_shape
        problem = None if numbers else shape(answer)
        broken = broken or bool(numbers)
        if problem:
            broken = True
            yield at, problem
        elif weight == 100.0 and not answer.get("any"):
            full = True
    if not full and not broken:
        yield where, "expected an answer with weight 100 (leave weight out: it defaults to 100)"


def _short_answer_shape(answer: Mapping[str, Any]) -> str | None:
    extra = [k for k in ("value", "tolerance", "min", "max", "any") if k in answer]
    if extra:
        return f"expected {{text: ...}} in a short_answer answer, not {extra[0]!r}"
    if "text" not in answer:
        return "missing field 'text'; a short_answer answer is {text: ...}"
    return None


def _number_shape(answer: Mapping[str, Any]) -> str | None:
    forms = [
        name
        for name, keys in (("value", ("value",)), ("range", ("min", "max")), ("any", ("any",)))
        if any(k in answer for k in keys)
    ]
    if "text" in answer:
        return "expected a number, not 'text', in a numerical answer (write {value: 5})"
    if len(forms) != 1:
        return (
            "expected exactly one of {value: ..., tolerance: ...}, {min: ..., max: ...} "
            "or {any: true} in a numerical answer"
        )
    if "tolerance" in answer and forms[0] != "value":
        return "expected 'tolerance' only with 'value'"
    if forms[0] == "range":
        low, high = answer.get("min"), answer.get("max")
        if low is None or high is None:
            return "expected both 'min' and 'max' in a range"
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            return f"expected min <= max, got {low:g}..{high:g}"
    return None


def _pair_problems(path: JsonPath, pairs: Any) -> Iterator[Problem]:
    records = list(_records(pairs))
    where = (*path, "pairs")
    stems = [(j, p) for j, p in records if str(p.get("left") or "").strip()]
    if len(stems) < 2:
        yield where, "expected at least 2 pairs with a left side"
    seen: dict[str, int] = {}
    for j, pair in stems:
        key = normalize(str(pair.get("left")))
        if key in seen:
            yield (*where, j, "left"), f"duplicate left side: same as pair {seen[key] + 1}"
        seen.setdefault(key, j)


def _source_problems(
    path: JsonPath, question: Mapping[str, Any], checker: _Checker
) -> list[Problem]:
    source_id, sentence = question.get("source"), question.get("sentence")
    if sentence is not None and source_id is None:
        return [((*path, "sentence"), "expected 'source' too: a sentence comes from a source")]
    source = checker._ref((*path, "source"), "sources", "source", source_id)
    if source is not None and isinstance(sentence, str) and isinstance(source_id, str):
        checker._check_sentence((*path, "sentence"), source_id, sentence)
    return []
