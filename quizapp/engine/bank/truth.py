"""What the bank says is true, what it says is false, and what it leaves unknown.

Every wrong option, false statement and matching pair is judged here, so that a question never
marks as wrong something the bank does not know to be false:

- a value the bank states (for any source), or one that could be a way of saying it (a date whose
  period overlaps, a number too close or inside the stated bound, an entity sharing a name or
  alias, the same text) is *possibly true*;
- a value is *known false* for a subject when it is not possibly true and the relation is closed
  (the bank lists every true pair), or the relation gives a subject one value and the subject has
  one stated (a number only against numbers stated as of the same date), or the fact's author
  wrote it as a distractor;
- anything else is unknown, and unknown values are never offered as wrong.
"""

from __future__ import annotations

import math

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import DateValue, EntityRef, Fact, Quantity, Value
from quizapp.engine.text import canonical

# A wrong number keeps at least this relative distance from an exact true one: closer is a
# quibble, not a fair wrong option.
EXACT_GAP = 0.05
# "About 2,500" covers a quarter either way.
ABOUT_GAP = 0.25

Interval = tuple[float, float, bool, bool]  # low, high, low included, high included


def interval(quantity: Quantity) -> Interval:
    """Return the range of amounts a quantity allows, by its qualifier."""
    x = float(quantity.amount)
    q = quantity.qualifier
    if q == "about":
        spread = abs(x) * ABOUT_GAP
        return x - spread, x + spread, True, True
    if q == "at_least":
        return x, math.inf, True, False
    if q == "more_than":
        return x, math.inf, False, False
    if q == "at_most":
        return -math.inf, x, False, True
    if q == "fewer_than":
        return -math.inf, x, False, False
    spread = abs(x) * EXACT_GAP
    return x - spread, x + spread, True, True


def _includes(span: Interval, x: float) -> bool:
    low, high, low_in, high_in = span
    return (low < x or (low == x and low_in)) and (x < high or (x == high and high_in))


def _intersect(a: Interval, b: Interval) -> bool:
    low, high = max(a[0], b[0]), min(a[1], b[1])
    if low != high:
        return low < high
    return _includes(a, low) and _includes(b, low)


def _same_unit(a: Quantity, b: Quantity) -> bool:
    return canonical(a.unit).rstrip("s") == canonical(b.unit).rstrip("s")


def dates_overlap(a: DateValue, b: DateValue) -> bool:
    """Return True when two dates' periods share a day (March 2020 and 19 March 2020 do)."""
    a0, a1 = a.span()
    b0, b1 = b.span()
    return a0 <= b1 and b0 <= a1


def names_of(bank: Bank, value: Value) -> set[str]:
    """Return the canonical names a value goes by (an entity's name and aliases; a text)."""
    if isinstance(value, EntityRef):
        entity = bank.entities.get(value.entity_id)
        return {canonical(n) for n in entity.names()} if entity else {value.entity_id}
    if isinstance(value, str):
        return {canonical(value)}
    return set()


def compatible(bank: Bank, a: Value, b: Value) -> bool:
    """Return True if `a` could be a way of stating `b`: then `a` is no wrong answer if `b` is."""
    if a == b:
        return True
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        return dates_overlap(a, b)
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        return _same_unit(a, b) and _intersect(interval(a), interval(b))
    if isinstance(a, EntityRef | str) and isinstance(b, EntityRef | str):
        return bool(names_of(bank, a) & names_of(bank, b))
    return False


def stated(bank: Bank, subject: str, relation: str, like: Value | None = None) -> list[Value]:
    """Return every value the bank states for a subject and relation, from any source.

    With `like` a quantity, only numbers stated as of the same date count: a number's `as_of`
    scopes it, so 5,200 troops in 2020 says nothing about 2021.
    """
    facts = bank.facts_by_subject.get(subject, ())
    values = [v for f in facts if f.relation == relation for v in f.values]
    if isinstance(like, Quantity):
        values = [v for v in values if isinstance(v, Quantity) and v.as_of == like.as_of]
    return values


def possibly_true(bank: Bank, subject: str, relation: str, value: Value) -> bool:
    """Return True if the bank states the value, or one it could be a way of saying."""
    return any(compatible(bank, value, known) for known in stated(bank, subject, relation, value))


def known_false(
    bank: Bank, subject: str, relation: str, value: Value, fact: Fact | None = None
) -> bool:
    """Return True only if the bank gives grounds to call subject --relation--> value false."""
    if possibly_true(bank, subject, relation, value):
        return False
    if fact is not None and fact.subject == subject and value in fact.distractors:
        return True  # the author wrote it as wrong, and it differs from every stated value
    meaning = bank.relations[relation]
    if meaning.closed:
        return True
    return meaning.values == "one" and bool(stated(bank, subject, relation, value))


def subject_known_false(bank: Bank, fact: Fact, subject: str, value: Value) -> bool:
    """Return True if `subject` is known not to have `value` (a wrong answer asked in reverse).

    Known when the value belongs to one subject and the bank names it, when the relation is
    closed, or when the relation gives a subject one value and `subject` has another.
    """
    if subject == fact.subject or possibly_true(bank, subject, fact.relation, value):
        return False
    holders = bank.subjects_with(fact.relation, value)
    if any(compatible(bank, EntityRef(subject), EntityRef(h)) for h in holders):
        return False  # another name for a subject that has it
    if holders and bank.relations[fact.relation].subjects_per_value == "one":
        return True
    return known_false(bank, subject, fact.relation, value)


def right_answers(bank: Bank, fact: Fact) -> tuple[Value, ...] | None:
    """Return every right answer to asking for the fact's value, or None if the bank cannot say.

    A one-valued relation makes them the fact's own values (every source's), and so does a
    fact's own question wording, which its author writes for that fact alone. A closed relation
    makes them every value the bank states for the subject. An open, many-valued relation leaves
    them unknown: a learner could name a true value the bank does not list.
    """
    meaning = bank.relations[fact.relation]
    if fact.ask is not None:
        return fact.values
    if meaning.values == "one":
        siblings = [
            f for f in bank.facts_by_subject.get(fact.subject, ()) if f.relation == fact.relation
        ]
        if any(
            not any(compatible(bank, a, b) for a in f.values for b in fact.values) for f in siblings
        ):
            return None  # one value per date (troops in 2020, in 2021): the stem must say which
        return fact.values
    if meaning.closed:
        return tuple(dict.fromkeys(stated(bank, fact.subject, fact.relation)))
    return None


def subjects_pinned(bank: Bank, fact: Fact) -> bool:
    """Return True when every subject with the fact's value is known (reverse questions)."""
    meaning = bank.relations[fact.relation]
    return meaning.subjects_per_value == "one" or meaning.closed
