"""Shared by the pick-one types (multiple choice, who said it): build options and grade a pick.

The answer key is `{"correct": [option_id, ...]}` (one id in practice). A response is one option
id as a string; a one-item list holding an id is accepted too. Anything else (None, '', an unknown
id, a number, a dict) grades as incorrect with feedback and never raises.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import DateValue, EntityRef, Fact, Grade, Quantity, Question, Value
from quizapp.engine.questions.base import build, is_blank, leaks, lettered, no_answer, scored
from quizapp.engine.questions.phrasing import SMALL_NUMBERS
from quizapp.engine.text import canonical, normalize

MIN_DISTRACTORS = 2
MAX_DISTRACTORS = 3


def answer_texts(bank: Bank, value: Value) -> list[str]:
    """Return the texts that would give a value away if a stem contained them."""
    texts = [bank.display(value)]
    if isinstance(value, EntityRef):
        texts += bank.entities[value.entity_id].names()
    elif isinstance(value, DateValue):
        texts.append(value.iso())
    return [t for t in texts if normalize(t)]


def states_number(stem: str, values: Sequence[Value]) -> bool:
    """Return True if the stem holds one of the quantities' numbers as a number of its own.

    "K-1 Air Base" does not state the number 1; "2,500 troops" and "2500" state 2,500, and "three
    astronauts" (statements write small numbers in words) states 3.
    """
    for value in values:
        if not isinstance(value, Quantity):
            continue
        forms = {value.number(), value.number().replace(",", "")}
        amount = float(value.amount)
        if amount.is_integer() and 2 <= amount < len(SMALL_NUMBERS):  # "one" says too little
            word = SMALL_NUMBERS[int(amount)]
            if re.search(rf"\b{word}\b", stem, re.IGNORECASE):
                return True
        for form in forms:
            if re.search(rf"(?<![\w.,-]){re.escape(form)}(?![\w-]|[.,]\d)", stem):
                return True
    return False


def pick_one(
    type_name: str,
    bank: Bank,
    fact: Fact,
    rng: random.Random,
    *,
    stem: str,
    correct: str,
    wrong: Sequence[str],
    give_away: Sequence[str],
    params: dict[str, object] | None = None,
) -> Question | None:
    """Return a pick-one question with the correct label at a uniformly random position."""
    if len(wrong) < MIN_DISTRACTORS or leaks(stem, give_away):
        return None
    labels = [correct, *wrong[:MAX_DISTRACTORS]]
    if len({canonical(label) for label in labels}) != len(labels):
        return None
    rng.shuffle(labels)
    options = lettered(labels)
    right = options[labels.index(correct)].id
    return build(
        type_name,
        bank,
        [fact],
        stem=stem,
        answer={"correct": [right]},
        options=options,
        params=dict(params or {}),
    )


def grade_pick(question: Question, response: object) -> Grade:
    """Grade a pick-one response."""
    if isinstance(response, list | tuple) and len(response) == 1:
        response = response[0]
    if is_blank(response):
        return no_answer(question)
    correct_ids = list(question.answer.get("correct", ())) if question.answer else []
    labels = {o.id: o.label for o in question.options}
    right = "; ".join(labels.get(i, "") for i in correct_ids)
    if not isinstance(response, str) or response not in labels:
        return scored(question, 0.0, f"That is not one of the options. The answer is {right}.")
    if response in correct_ids:
        return scored(question, 1.0, "Correct.")
    return scored(question, 0.0, f"Incorrect. The answer is {right}.")
