"""Wrong answers that look right: the author's first, then the bank's, then made up alike.

A distractor is offered only when `truth` says it is known false for the subject (never merely
unstated), and it is none of the fact's claimed values or a way of saying one. Free-text values
are never pooled: a text fact has only the wrong values its author wrote. Bounds ("more than 30")
are never pooled either: no other number is known false against a bound.

Order of preference: the author's distractors (in the order written), then the bank's values of
the same relation, then entities of the same type ranked by how many attributes they share with
the true value (a U.S. post for a U.S. official), then dates and numbers made up at the same
precision and magnitude. Labels are unique after `canonical` (no "Gen." beside "General"), and
picks that could be ways of saying each other are not both taken. Dates to the day stay at least
`MIN_DAYS_APART` from the truth and from each other.

Work per call is bounded: candidates are drawn by sampling indexes and by bisecting sorted dates,
never by walking a whole relation or entity type.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TypeVar

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import DateValue, Entity, EntityRef, Fact, Quantity, Value
from quizapp.engine.bank.truth import compatible, known_false, names_of, subject_known_false
from quizapp.engine.text import canonical

T = TypeVar("T")
_SAMPLE = 24  # how many bank candidates to look at per source
_SYNTHETIC_TRIES = 60
MIN_DAYS_APART = 3  # a wrong date a day or two off the truth, or another option, is a trick
# How far a date of the bank may lie from the true one to be a plausible wrong date: a day in
# March 2020 is not confused with one in August 2021.
_DATE_REACH = {"day": 120, "month": 730, "year": 3653}


def sample(seq: Sequence[T], k: int, rng: random.Random) -> list[T]:
    """Return up to k random items of seq in random order, in O(k) time."""
    if k <= 0 or not seq:
        return []
    return [seq[i] for i in rng.sample(range(len(seq)), min(k, len(seq)))]


def poolable(bank: Bank, fact: Fact) -> bool:
    """Return True when the bank's other values can serve as wrong options for this fact."""
    meaning = bank.relations[fact.relation]
    if isinstance(fact.value, str) or meaning.value_type == "text":
        return False
    if any(isinstance(v, Quantity) and v.bounded for v in fact.values):
        return False
    return meaning.closed or meaning.values == "one"


def can_distract(bank: Bank, fact: Fact) -> bool:
    """Return True when the fact can have wrong options at all (the author's or the bank's)."""
    return bool(fact.distractors) or poolable(bank, fact)


def _days_close(a: Value, b: Value) -> bool:
    """Tell whether two dates to the day are too close to be told apart fairly."""
    return (
        isinstance(a, DateValue)
        and isinstance(b, DateValue)
        and a.precision == b.precision == "day"
        and abs(a.ordinal() - b.ordinal()) < MIN_DAYS_APART
    )


class _Picker:
    """Collects distractors, keeping every pick known false and no two alike."""

    def __init__(self, bank: Bank, fact: Fact, n: int) -> None:
        self.bank, self.fact, self.n = bank, fact, n
        self.picked: list[Value] = []
        self.labels = {canonical(bank.display(v)) for v in fact.values}

    def offer(self, value: Value) -> bool:
        """Add value if it is a fresh, known-false option; return True when enough are picked."""
        if len(self.picked) >= self.n:
            return True
        bank, fact = self.bank, self.fact
        label = canonical(bank.display(value))
        if not label or label in self.labels or value in fact.values:
            return False
        if any(compatible(bank, value, other) for other in self.picked):
            return False
        if any(_days_close(value, other) for other in (*fact.values, *self.picked)):
            return False  # "on 29 March" false only because it was the 30th misleads
        if known_false(bank, fact.subject, fact.relation, value, fact):
            self.picked.append(value)
            self.labels.add(label)
        return len(self.picked) >= self.n

    def offer_all(self, values: Iterable[Value]) -> bool:
        """Offer values in turn until enough are picked."""
        return any(self.offer(v) for v in values)


def value_distractors(bank: Bank, fact: Fact, n: int, rng: random.Random) -> list[Value]:
    """Return up to n wrong values for a fact's value, most plausible first."""
    picker = _Picker(bank, fact, n)
    if picker.offer_all(fact.distractors) or not poolable(bank, fact):
        return picker.picked
    truth = fact.value
    if isinstance(truth, DateValue):
        picker.offer_all(_bank_dates(bank, fact, truth, n, rng))
        picker.offer_all(_synthetic_dates(truth, rng))
    elif isinstance(truth, Quantity):
        picker.offer_all(_bank_quantities(bank, fact, truth, rng))
        picker.offer_all(_synthetic_quantities(truth, rng))
    elif isinstance(truth, EntityRef):
        picker.offer_all(_bank_entities(bank, fact, truth, rng))
    return picker.picked


def _similarity(a: Entity, b: Entity) -> int:
    """Count the attributes two entities share (same key, same value)."""
    return sum(1 for k, v in a.attributes.items() if b.attributes.get(k) == v)


def _ranked(entities: Iterable[Entity], like: Entity, rng: random.Random) -> list[Entity]:
    """Return entities most like `like` first; ties in random order."""
    pool = list(entities)
    rng.shuffle(pool)
    return sorted(pool, key=lambda e: -_similarity(e, like))


def _ranked_by_likeness(
    related: Sequence[Entity], same_type: Sequence[Entity], like: Entity, rng: random.Random
) -> list[Entity]:
    """Return candidates most like `like` first, those of the relation first among equals.

    An Iraqi militia leader's words are best set beside other Iraqi or Iranian figures, speakers
    in the bank or not, before the bank's American speakers.
    """
    ids = {e.id for e in related}
    pool = list({e.id: e for e in (*related, *same_type)}.values())
    rng.shuffle(pool)
    return sorted(pool, key=lambda e: (-_similarity(e, like), e.id not in ids))


def subject_distractors(
    bank: Bank, fact: Fact, value: Value, n: int, rng: random.Random
) -> list[str]:
    """Return up to n entity ids that are known wrong answers to 'which subject has this value?'."""
    subject = bank.entities[fact.subject]
    taken = set(names_of(bank, EntityRef(subject.id)))
    picked: list[str] = []
    related = [
        bank.entities[f.subject]
        for f in sample(bank.facts_by_relation.get(fact.relation, ()), _SAMPLE, rng)
    ]
    same_type = sample(bank.entities_by_type.get(subject.type, ()), _SAMPLE, rng)
    for entity in _ranked_by_likeness(related, same_type, subject, rng):
        names = names_of(bank, EntityRef(entity.id))
        if entity.type != subject.type or names & taken or entity.id in picked:
            continue
        if subject_known_false(bank, fact, entity.id, value):
            picked.append(entity.id)
            taken |= names
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
    reach = _DATE_REACH[truth.precision]
    window = [d for d in window if abs(d.ordinal() - truth.ordinal()) <= reach]
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
                day = dt.date.fromordinal(truth.ordinal() + sign * rng.randint(3, 20))
                yield DateValue(day.year, day.month, day.day)
                continue
            shifted = _shift_months(truth, sign * (rng.randint(1, 3) if kind < 0.9 else 12))
        elif truth.precision == "month":
            shifted = _shift_months(truth, sign * rng.randint(1, 6))
        else:
            shifted = DateValue(truth.year + sign * rng.randint(1, 5))
        if shifted is not None:
            yield shifted


def _bank_quantities(
    bank: Bank, fact: Fact, truth: Quantity, rng: random.Random
) -> Iterator[Quantity]:
    pool = [
        *sample(bank.values_by_relation.get(fact.relation, ()), _SAMPLE, rng),
        *sample(bank.quantities_by_unit.get(truth.unit, ()), _SAMPLE, rng),
    ]
    low, high = abs(truth.amount) / 10, abs(truth.amount) * 10
    for value in pool:
        if not isinstance(value, Quantity) or value.unit != truth.unit or value.bounded:
            continue
        if truth.amount == 0 or low <= abs(value.amount) <= high:
            yield replace(truth, amount=value.amount)


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
    factors: tuple[float, ...] = (0.5, 0.6, 0.75, 0.8, 1.2, 1.25, 1.5, 2.0, 3.0)
    if truth.approximate:
        factors = (0.4, 0.5, 0.6, 1.5, 2.0, 3.0)  # "about" covers a quarter either way
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
        if amount > 0 or truth.amount < 0:
            yield replace(truth, amount=amount)  # neither "-4 injuries" nor "0 astronauts"


def _bank_entities(
    bank: Bank, fact: Fact, truth: EntityRef, rng: random.Random
) -> Iterator[EntityRef]:
    true_entity = bank.entities[truth.entity_id]
    entity_type = bank.relations[fact.relation].entity_type or true_entity.type
    related = [
        bank.entities[v.entity_id]
        for v in sample(bank.values_by_relation.get(fact.relation, ()), _SAMPLE, rng)
        if isinstance(v, EntityRef)
    ]
    same_type = sample(bank.entities_by_type.get(entity_type, ()), _SAMPLE, rng)
    for entity in _ranked_by_likeness(related, same_type, true_entity, rng):
        if entity.id != fact.subject and entity.type == entity_type:
            yield EntityRef(entity.id)
