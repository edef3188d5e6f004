"""Generated questions frozen as hand-written ones, so a teacher can take them to Moodle.

`frozen_sample(bank, count=, seed=)` draws a quiz with the quiz builder (the same seed gives the
same questions) and turns each generated question into a FixedQuestion that asks and grades the
same way: a pick-one question keeps its options with every right one at 100%, true/false its
answer, a typed number its tolerances (full credit within the full tolerance, half within the
partial one), a typed name or date its accepted spellings, matching its pairs. Ordering questions
have no Moodle or GIFT form and are counted in `skipped`, by type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from quizapp.engine.bank.fixed import Choice, FixedQuestion, NumberAnswer, Pair, TextAnswer
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import Question
from quizapp.engine.importers.common import UniqueIds, slug
from quizapp.engine.questions import REGISTRY
from quizapp.engine.quiz import build_quiz

FROZEN_CATEGORY = "Generated"
# Types the formats cannot express: they are skipped and counted.
UNEXPRESSED = frozenset({"ordering"})


@dataclass
class FrozenSample:
    """Frozen questions and how many generated ones of each type had no fixed form."""

    questions: list[FixedQuestion] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def message(self) -> str:
        """Return what a user is told about the questions left out ('' when none were)."""
        if not self.skipped:
            return ""
        parts = ", ".join(
            f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(self.skipped.items())
        )
        total = sum(self.skipped.values())
        noun = "question" if total == 1 else "questions"
        return f"Skipped {total} generated {noun} this format cannot express ({parts})."


def _source(question: Question) -> tuple[str | None, str]:
    if question.sources:
        return question.sources[0].source_id, question.sources[0].sentence
    return None, ""


def _choices(question: Question) -> tuple[Choice, ...]:
    correct = set(question.answer.get("correct", ()))
    return tuple(Choice(o.label, 100.0 if o.id in correct else 0.0) for o in question.options)


def _numbers(question: Question) -> tuple[NumberAnswer, ...]:
    answer = question.answer
    out: list[NumberAnswer] = []
    tolerances = answer.get("tolerances") or [[0.0, 0.0]] * len(answer.get("values", ()))
    for value, (full, partial) in zip(answer.get("values", ()), tolerances, strict=False):
        amount = float(value)
        out.append(NumberAnswer(value=amount, tolerance=abs(amount) * float(full)))
        if float(partial) > float(full) and amount:
            out.append(
                NumberAnswer(value=amount, tolerance=abs(amount) * float(partial), weight=50.0)
            )
    return tuple(out)


def _texts(question: Question) -> tuple[TextAnswer, ...]:
    spellings: Iterable[str] = question.params.get("_spellings") or question.answer.get(
        "labels", ()
    )
    if question.type == "date_entry":
        spellings = [*question.answer.get("labels", ()), *question.answer.get("values", ())]
    unique = dict.fromkeys(s.strip() for s in spellings if s and s.strip())
    return tuple(TextAnswer(s.replace("*", " ")) for s in unique)


def _pairs(question: Question) -> tuple[Pair, ...]:
    left = {o.id: o.label for o in question.options}
    right = {o.id: o.label for o in question.right_options}
    pairs = question.answer.get("pairs", {})
    out = [Pair(left[lid], right[rid]) for lid, rid in pairs.items()]
    used = set(pairs.values())
    out.extend(Pair("", label) for rid, label in right.items() if rid not in used)
    return tuple(out)


def freeze(question: Question, qid: str) -> FixedQuestion | None:
    """Return the generated question as a fixed question, or None if no fixed form asks it."""
    source, sentence = _source(question)
    plain = FixedQuestion(
        id=qid,
        kind="multiple_choice",
        stem=question.stem,
        category=FROZEN_CATEGORY,
        general_feedback=question.explanation,
        source=source,
        sentence=sentence,
    )
    kind = question.type
    if kind in ("multiple_choice", "who_said"):
        return replace(plain, choices=_choices(question))
    if kind == "true_false":
        return replace(plain, kind="true_false", answer=bool(question.answer["true"]))
    if kind == "numeric":
        return replace(plain, kind="numerical", number_answers=_numbers(question))
    if kind in ("short_answer", "date_entry"):
        answers = _texts(question)
        return replace(plain, kind="short_answer", text_answers=answers) if answers else None
    if kind == "matching":
        return replace(plain, kind="matching", pairs=_pairs(question))
    return None  # ordering has no fixed form; hand-written questions export as themselves


def frozen_sample(bank: Bank, *, count: int, seed: int = 1) -> FrozenSample:
    """Return `count` generated questions of the bank (at most) frozen as fixed questions."""
    types = [t for t in REGISTRY if t != "fixed"]
    sample = FrozenSample()
    taken = UniqueIds([*bank.facts, *bank.questions])
    for question in build_quiz(bank, count=count, seed=seed, types=types):
        name = f"gen {question.type} {' '.join(question.fact_ids)}"
        fixed = None if question.type in UNEXPRESSED else freeze(question, taken.take(slug(name)))
        if fixed is None:
            sample.skipped[question.type] += 1
        else:
            sample.questions.append(fixed)
    return sample
