"""Wrong answers that look right: from the bank first, then made up at the same precision.

Every distractor returned here is false according to the bank: `bank.is_true` says no, it is none
of the fact's claimed values (a contested fact has several, all right), a date does not overlap a
date the bank states for the same subject and relation, and a number is at least 5% away from
every stated one. Labels are unique after normalisation, and never equal a claimed value's label.

Work per call is bounded: candidates are drawn by sampling indexes and by bisecting sorted dates,
never by walking a whole relation or entity type.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from dataclasses import replace
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from quizapp.engine.bank import Bank
from quizapp.engine.model import DateValue, EntityRef, Fact, Quantity, Value
from quizapp.engine.text import normalize

T = TypeVar("T")
_SAMPLE = 24  # how many bank candidates to look at per source
_SYNTHETIC_TRIES = 60
_MIN_GAP = 0.05  # relative distance a wrong number keeps from every true one


def sample(seq: Sequence[T], k: int, rng: random.Random) -> list[T]:
    """Return up to k random items of seq in random order, in O(k) time."""
    if k <= 0 or not seq:
        return []
    return [seq[i] for i in rng.sample(range(len(seq)), min(k, len(seq)))]


def true_values(bank: Bank, subject: str, relation: str) -> list[Value]:
    """Return every value the bank states for a subject and relation, whatever the fact."""
    return [
        v
        for f in bank.facts_by_subject.get(subject, ())
        if f.relation == relation
        for v in f.values
    ]


def _overlaps(a: DateValue, b: DateValue) -> bool:
    a0, a1 = a.span()
    b0, b1 = b.span()
    return a0 <= b1 and b0 <= a1


def _near(a: float, b: float) -> bool:
    return abs(a - b) < _MIN_GAP * max(abs(a), abs(b)) or a == b


def is_false(bank: Bank, subject: str, relation: str, value: Value) -> bool:
    """Return True if the bank gives no reason to think subject --relation--> value holds."""
    if bank.is_true(subject, relation, value):
        return False
    for known in true_values(bank, subject, relation):
        if isinstance(value, DateValue) and isinstance(known, DateValue):
            if _overlaps(value, known):
                return False
        elif isinstance(value, Quantity) and isinstance(known, Quantity):
            if value.unit == known.unit and _near(value.amount, known.amount):
                return False
        elif (
            isinstance(value, str)
            and isinstance(known, str)
            and normalize(value) == normalize(known)
        ):
            return False
    return True


class _Picker:
    """Collects distractors, keeping labels unique and every pick false."""

    def __init__(self, bank: Bank, fact: Fact, subject: str, n: int) -> None:
        self.bank, self.fact, self.subject, self.n = bank, fact, subject, n
        self.picked: list[Value] = []
        self.labels = {normalize(bank.display(v)) for v in fact.values}

    def offer(self, value: Value) -> bool:
        """Add value if it is a fresh, false option; return True when enough are picked."""
        if len(self.picked) >= self.n:
            return True
        label = normalize(self.bank.display(value))
        fresh = label and label not in self.labels and value not in self.fact.values
        if fresh and is_false(self.bank, self.subject, self.fact.relation, value):
            self.picked.append(value)
            self.labels.add(label)
        return len(self.picked) >= self.n

    def offer_all(self, values: Iterable[Value]) -> bool:
        """Offer values in turn until enough are picked."""
        return any(self.offer(v) for v in values)


def value_distractors(bank: Bank, fact: Fact, n: int, rng: random.Random) -> list[Value]:
    """Return up to n wrong values for a fact's value, most plausible sources first."""
    picker = _Picker(bank, fact, fact.subject, n)
    truth = fact.value
    if isinstance(truth, DateValue):
        picker.offer_all(_bank_dates(bank, fact, truth, n, rng))
        picker.offer_all(_synthetic_dates(truth, rng))
    elif isinstance(truth, Quantity):
        picker.offer_all(_bank_quantities(bank, fact, truth, rng))
        picker.offer_all(_synthetic_quantities(truth, rng))
    elif isinstance(truth, EntityRef):
        picker.offer_all(_bank_entities(bank, fact, truth, rng))
    else:
        pool = sample(bank.values_by_relation.get(fact.relation, ()), _SAMPLE, rng)
        picker.offer_all(v for v in pool if isinstance(v, str))
    return picker.picked


def subject_distractors(
    bank: Bank, fact: Fact, value: Value, n: int, rng: random.Random
) -> list[str]:
    """Return up to n entity ids that are wrong answers to 'which subject has this value?'."""
    subject = bank.entities[fact.subject]
    seen = {normalize(subject.name)}
    picked: list[str] = []
    same_relation = (
        f.subject for f in sample(bank.facts_by_relation.get(fact.relation, ()), _SAMPLE, rng)
    )
    same_type = (e.id for e in sample(bank.entities_by_type.get(subject.type, ()), _SAMPLE, rng))
    for entity_id in (*same_relation, *same_type):
        entity = bank.entities[entity_id]
        label = normalize(entity.name)
        if entity.type != subject.type or label in seen:
            continue
        if is_false(bank, entity_id, fact.relation, value):
            picked.append(entity_id)
            seen.add(label)
            if len(picked) >= n:
                break
    return picked


def _bank_dates(
    bank: Bank, fact: Fact, truth: DateValue, n: int, rng: random.Random
) -> list[DateValue]:
    dates = bank.sorted_dates(fact.relation)
    at = bisect_left(dates, truth.sort_key(), key=DateValue.sort_key)
    window = [
        d for d in dates[max(0, at - 2 * n - 2) : at + 2 * n + 2] if d.precision == truth.precision
    ]
    window.sort(key=lambda d: abs(d.ordinal() - truth.ordinal()))
    near = window[: 2 * n]
    rng.shuffle(near)
    return near


def _shift_months(d: DateValue, months: int) -> DateValue | None:
    index = d.year * 12 + (d.month or 1) - 1 + months
    year, month = divmod(index, 12)
    if d.day is None:
        return DateValue(year, month + 1) if 1 <= year <= 9999 else None
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return DateValue(year, month + 1, day) if 1 <= year <= 9999 else None


def _synthetic_dates(truth: DateValue, rng: random.Random) -> Iterator[DateValue]:
    for _ in range(_SYNTHETIC_TRIES):
        sign = rng.choice((-1, 1))
        if truth.precision == "day":
            kind = rng.random()
            if kind < 0.7:
                day = dt.date.fromordinal(truth.ordinal() + sign * rng.randint(1, 20))
                yield DateValue(day.year, day.month, day.day)
                continue
            shifted = _shift_months(truth, sign * (rng.randint(1, 3) if kind < 0.9 else 12))
        elif truth.precision == "month":
            shifted = _shift_months(truth, sign * rng.randint(1, 6))
        else:
            shifted = DateValue(truth.year + sign * rng.randint(1, 5))
        if shifted is not None:
            yield shifted


def _as_truth(truth: Quantity, amount: float) -> Quantity:
    return replace(truth, amount=amount)


def _bank_quantities(
    bank: Bank, fact: Fact, truth: Quantity, rng: random.Random
) -> Iterator[Quantity]:
    pool = [
        *sample(bank.values_by_relation.get(fact.relation, ()), _SAMPLE, rng),
        *sample(bank.quantities_by_unit.get(truth.unit, ()), _SAMPLE, rng),
    ]
    low, high = abs(truth.amount) / 10, abs(truth.amount) * 10
    for value in pool:
        if not isinstance(value, Quantity) or value.unit != truth.unit:
            continue
        if truth.amount == 0 or low <= abs(value.amount) <= high:
            yield _as_truth(truth, value.amount)


def granularity(amount: float) -> float:
    """Return the rounding step a number was written with (2500 -> 100, 6 -> 1, 2.5 -> 0.1)."""
    if float(amount).is_integer():
        whole = abs(int(amount))
        step = 1
        while whole and whole % (step * 10) == 0:
            step *= 10
        return float(step)
    decimals = len(repr(float(amount)).split(".")[1].rstrip("0"))
    return 10.0 ** -min(decimals, 6)


def _synthetic_quantities(truth: Quantity, rng: random.Random) -> Iterator[Quantity]:
    step = granularity(truth.amount)
    factors = (0.5, 0.6, 0.75, 0.8, 1.2, 1.25, 1.5, 2.0, 3.0)
    for _ in range(_SYNTHETIC_TRIES):
        if abs(truth.amount) / step < 10 or rng.random() < 0.3:
            amount = truth.amount + rng.choice((-1, 1)) * rng.randint(1, 4) * step
        else:
            amount = truth.amount * rng.choice(factors)
        amount = round(amount / step) * step
        if step >= 1:
            amount = float(round(amount))
        else:
            amount = round(amount, max(0, -math.floor(math.log10(step))))
        if amount > 0 or truth.amount <= 0:
            yield _as_truth(truth, amount)


def _bank_entities(
    bank: Bank, fact: Fact, truth: EntityRef, rng: random.Random
) -> Iterator[EntityRef]:
    entity_type = bank.relations[fact.relation].entity_type or bank.entities[truth.entity_id].type
    for value in sample(bank.values_by_relation.get(fact.relation, ()), _SAMPLE, rng):
        if not isinstance(value, EntityRef) or value.entity_id == fact.subject:
            continue
        if bank.entities[value.entity_id].type == entity_type:
            yield value
    for entity in sample(bank.entities_by_type.get(entity_type, ()), _SAMPLE, rng):
        if entity.id != fact.subject:
            yield EntityRef(entity.id)
