"""Fixed questions: hand-written questions (from a bank's `questions:` or a GIFT file), as written.

They are not made from facts, so `applies` is False for every fact and the quiz builder hands
them to `generate` itself. `params["kind"]` tells the page which form to show: multiple_choice
(radio buttons, or checkboxes when `params["multiple"]`), true_false, short_answer, numerical or
matching. Grading follows Moodle's GIFT semantics (see `fixed_grading`).

Answer keys (hidden until review):
- multiple_choice: ``{"correct": [id, ...], "weights": {id: percent}, "feedback": {id: text},
  "multiple": bool}``; response: one option id, or a list of ids when `multiple`.
- true_false: ``{"true": bool, "feedback": {"true": text, "false": text}}``; response as for
  the generated true/false type ("true"/"false", "t"/"f", "yes"/"no" or a bool).
- short_answer: ``{"answers": [{"text", "weight", "feedback"}], "labels": [text, ...]}``;
  response: a string.
- numerical: ``{"answers": [{"min", "max", "weight", "feedback"}], "labels": [...]}`` (min and
  max are None for "any number"); with units also ``"units": [[name, multiplier], ...]``,
  ``"base_unit"``, ``"unit_grading"``, ``"unit_penalty"``, ``"unit_penalty_of"`` and
  ``"units_left"``, the labels then carry the base unit ("1.5 m"), and the stem says which units
  are accepted; response: a number or a string like "2,500" (or "150 cm").
- matching: ``{"pairs": {left_id: right_id}}``; response: a dict ``{left_id: right_id}``.
"""

from __future__ import annotations

import random
from collections.abc import Set
from typing import Any

from quizapp.engine.bank.fixed import FixedQuestion
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import Fact, Grade, Option, Question, SourceRef
from quizapp.engine.bank.units import stem_note, with_unit
from quizapp.engine.questions.base import QuestionType, lettered, numbered, register
from quizapp.engine.questions.types import fixed_grading
from quizapp.engine.questions.types.true_false import OPTIONS as TRUE_FALSE_OPTIONS

NAME = "fixed"


def _order(items: list[Any], fq: FixedQuestion, rng: random.Random) -> list[Any]:
    if fq.shuffle:
        rng.shuffle(items)
    return items


def _choice(fq: FixedQuestion, rng: random.Random) -> tuple[tuple[Option, ...], dict[str, Any]]:
    choices = _order(list(fq.choices), fq, rng)
    options = lettered([c.text for c in choices])
    weights = {o.id: c.weight for o, c in zip(options, choices, strict=True)}
    if fq.multiple:
        correct = [i for i, w in weights.items() if w > 0]
    else:
        correct = [i for i, w in weights.items() if w >= 100]
    answer = {
        "correct": correct,
        "weights": weights,
        "feedback": {o.id: c.feedback for o, c in zip(options, choices, strict=True)},
        "multiple": fq.multiple,
    }
    return options, answer


def _short(fq: FixedQuestion) -> dict[str, Any]:
    answers = [
        {"text": a.text, "weight": a.weight, "feedback": a.feedback} for a in fq.text_answers
    ]
    labels = [a.text for a in fq.text_answers if a.weight >= 100]
    return {"answers": answers, "labels": labels}


def _numerical(fq: FixedQuestion) -> dict[str, Any]:
    answers = []
    for a in fq.number_answers:
        low, high = (None, None) if a.any_value else a.bounds()
        answers.append({"min": low, "max": high, "weight": a.weight, "feedback": a.feedback})
    base = fq.base_unit()
    labels = [
        with_unit(a.label(), base, fq.units_left)
        for a in fq.number_answers
        if a.weight >= 100 and not a.any_value
    ]
    key: dict[str, Any] = {"answers": answers, "labels": labels}
    if fq.units:
        key.update(
            units=[[u.name, u.multiplier] for u in fq.units],
            base_unit=base,
            unit_grading=fq.unit_grading,
            unit_penalty=fq.unit_penalty,
            unit_penalty_of=fq.unit_penalty_of,
            units_left=fq.units_left,
        )
    return key


def _numerical_stem(fq: FixedQuestion) -> str:
    """Return the stem with what the learner is told about units, unless the stem says it."""
    if not fq.units:
        return fq.stem
    names = list(dict.fromkeys(u.name for u in fq.units))
    note = stem_note(fq.base_unit(), names, fq.unit_grading, fq.units_left)
    return fq.stem if fq.stem.rstrip().endswith(note) else f"{fq.stem} {note}"


def _matching(
    fq: FixedQuestion, rng: random.Random
) -> tuple[tuple[Option, ...], tuple[Option, ...], dict[str, Any]]:
    stems = _order([p for p in fq.pairs if p.left.strip()], fq, rng)
    rights = _order(list(dict.fromkeys(p.right for p in fq.pairs)), fq, rng)
    left_options = lettered([p.left for p in stems])
    right_options = numbered(rights)
    right_id = {o.label: o.id for o in right_options}
    pairs = {o.id: right_id[p.right] for o, p in zip(left_options, stems, strict=True)}
    return left_options, right_options, {"pairs": pairs}


def make_question(bank: Bank, fq: FixedQuestion, rng: random.Random) -> Question:
    """Return the question as served: options in an order drawn from `rng` unless not shuffled."""
    options: tuple[Option, ...] = ()
    right_options: tuple[Option, ...] = ()
    params: dict[str, Any] = {"kind": fq.kind}
    if fq.category:
        params["category"] = fq.category
    if fq.kind == "multiple_choice":
        options, answer = _choice(fq, rng)
        params["multiple"] = fq.multiple
    elif fq.kind == "true_false":
        options = TRUE_FALSE_OPTIONS
        feedback = {"true": fq.feedback_true, "false": fq.feedback_false}
        answer = {"true": bool(fq.answer), "feedback": feedback}
        params["prompt"] = "True or false?"
    elif fq.kind == "short_answer":
        answer = _short(fq)
    elif fq.kind == "numerical":
        answer = _numerical(fq)
    else:
        options, right_options, answer = _matching(fq, rng)
    sources: tuple[SourceRef, ...] = ()
    if fq.source is not None and fq.source in bank.sources:
        sources = (SourceRef(fq.id, fq.source, bank.source_title(fq.source), fq.sentence),)
    return Question(
        type=NAME,
        stem=_numerical_stem(fq) if fq.kind == "numerical" else fq.stem,
        answer=answer,
        fact_ids=(fq.id,),
        sources=sources,
        explanation=fq.general_feedback,
        options=options,
        right_options=right_options,
        params=params,
    )


class Fixed(QuestionType):
    """Ask a hand-written question as written and grade it the way Moodle grades GIFT."""

    name = NAME
    label = "Hand-written"

    def applies(self, bank: Bank, fact: Fact) -> bool:
        """Return False: fixed questions are not made from facts."""
        return False

    def generate(
        self,
        bank: Bank,
        fact: Fact | FixedQuestion,
        rng: random.Random,
        avoid: Set[str] = frozenset(),
    ) -> Question | None:
        """Return the question for a fixed question; None for a fact."""
        if isinstance(fact, FixedQuestion):
            return make_question(bank, fact, rng)
        return None

    def grade(self, question: Question, response: object) -> Grade:
        """Grade a response by the question's kind, with weights and per-answer feedback."""
        return fixed_grading.grade(question, response)


register(Fixed())
