"""Plain, frozen data the engine works on: a bank's facts and the questions made from them.

Nothing here knows about Flask or a database. A `Bank` is built once by the loader and then only
read; its indexes make per-question work independent of the bank's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from quizapp.engine.bank.inflect import inflect

Precision = Literal["day", "month", "year"]
FactKind = Literal["date", "base", "figure", "actor", "quote", "relation"]
FACT_KINDS: tuple[FactKind, ...] = ("date", "base", "figure", "actor", "quote", "relation")
Outcome = Literal["correct", "partial", "incorrect", "ungraded"]
# How a number is qualified in its source: "2,500", "about 2,500", "more than 30" ...
Qualifier = Literal["exact", "about", "at_least", "more_than", "at_most", "fewer_than"]
QUALIFIERS: tuple[Qualifier, ...] = (
    "exact", "about", "at_least", "more_than", "at_most", "fewer_than",
)  # fmt: skip
QUALIFIER_WORDS: dict[Qualifier, str] = {
    "exact": "", "about": "about", "at_least": "at least", "more_than": "more than",
    "at_most": "at most", "fewer_than": "fewer than",
}  # fmt: skip
# Bounds say only on which side of the number the truth lies, so they never make a false option.
BOUNDS: frozenset[Qualifier] = frozenset({"at_least", "more_than", "at_most", "fewer_than"})
Cardinality = Literal["one", "many"]
Importance = Literal["core", "normal", "peripheral"]
IMPORTANCES: tuple[Importance, ...] = ("core", "normal", "peripheral")

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, order=True)
class DateValue:
    """A calendar date known to a precision of a day, a month or a year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        """Return how precisely the date is known."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @classmethod
    def parse(cls, text: str) -> DateValue:
        """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; raise ValueError otherwise."""
        parts = text.strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
        year, *rest = (int(p) for p in parts)
        month = rest[0] if rest else None
        day = rest[1] if len(rest) > 1 else None
        try:
            dt.date(year, month or 1, day or 1)  # raises ValueError for 2020-02-30 and friends
        except OverflowError:  # a month or day of twenty digits
            raise ValueError("month or day out of range") from None
        return cls(year, month, day)

    def iso(self) -> str:
        """Return the ISO form at this date's precision ('2020', '2020-03', '2020-03-19')."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out

    def display(self) -> str:
        """Return the date as a reader would write it: '19 March 2020', 'March 2020', '2020'."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day is not None else f"{month} {self.year}"

    def ordinal(self) -> int:
        """Return a sortable day number (the first day of the period for coarse dates)."""
        return dt.date(self.year, self.month or 1, self.day or 1).toordinal()

    def span(self) -> tuple[int, int]:
        """Return the first and last day numbers of the period this date stands for."""
        first = self.ordinal()
        if self.day is not None:
            return first, first
        if self.month is not None:
            nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1).toordinal()
            return first, nxt - 1
        return first, dt.date(self.year, 12, 31).toordinal()

    def sort_key(self) -> tuple[int, int]:
        """Return a key that orders dates of mixed precision (the dataclass order cannot)."""
        return self.ordinal(), ("year", "month", "day").index(self.precision)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, what it counts, as of when, and how the source qualifies it.

    `qualifier` says whether the source gives the number exactly, as an estimate ("about"), or
    as a bound ("at least", "more than", "at most", "fewer than"). `unit` is written as the
    source writes it; `display` inflects its last word for the amount ("1 rocket", "3 rockets").
    """

    amount: float
    unit: str
    counts: str = ""
    as_of: DateValue | None = None
    qualifier: Qualifier = "exact"

    @property
    def approximate(self) -> bool:
        """Return True when the source gives the number as an estimate."""
        return self.qualifier == "about"

    @property
    def bounded(self) -> bool:
        """Return True when the number is a bound (at least, more than, at most, fewer than)."""
        return self.qualifier in BOUNDS

    def number(self) -> str:
        """Return the amount as written: '2,500', '2.5'."""
        return f"{self.amount:,.0f}" if float(self.amount).is_integer() else f"{self.amount:,}"

    def display(self) -> str:
        """Return e.g. '2,500 troops', 'about 27 km', 'more than 30 countries', '1 rocket'."""
        prefix = QUALIFIER_WORDS[self.qualifier]
        unit = inflect(self.unit, self.amount)
        return " ".join(p for p in (prefix, self.number(), unit) if p)


# A fact's value: another entity (by id), a date, a quantity, or free text (a quote, a role).
@dataclass(frozen=True)
class EntityRef:
    """A reference to an entity of the bank by its id."""

    entity_id: str


Value = EntityRef | DateValue | Quantity | str


@dataclass(frozen=True)
class Source:
    """A document facts come from; `text` is its full text when the bank ships it.

    `file` is the path the bank gave for the text (relative to the bank file), kept so that a
    dumped bank still points at it.
    """

    id: str
    title: str
    origin: str = ""
    text: str | None = None
    file: str | None = None


@dataclass(frozen=True)
class Entity:
    """A thing facts talk about: a person, group, base, place, event ..."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=dict)
    description: str = ""
    # The article the name takes inside a sentence ("the" for "the 2021 Erbil rocket attacks").
    article: str = ""

    def in_text(self) -> str:
        """Return the name as it reads inside a sentence, with its article."""
        return f"{self.article} {self.name}" if self.article else self.name

    def label(self) -> str:
        """Return the name as it stands alone, as an option: capitalised if read with "the"."""
        # Such names are written in lower case for "the rocket attacks on Erbil" in a sentence.
        return self.name[:1].upper() + self.name[1:] if self.article else self.name

    def names(self) -> tuple[str, ...]:
        """Return the name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Relation:
    """How one kind of fact is worded, and what the bank says about how many answers are true.

    Templates use {subject} and {value}. `ask` asks for the value given the subject, `ask_reverse`
    asks for the subject given the value, and `statement` states the fact (true/false and
    flashcards). `label` names a dated fact as an event for chronological ordering ({subject}
    only, no date); `match_prompt` heads a matching question. `value_type` is one of 'date',
    'quantity', 'entity', 'text'; `subject_type` and `entity_type` restrict entity types.

    Meaning, so that questions are fair: `values` says whether a subject has one value or many,
    `subjects` whether a value belongs to one subject or many, and `closed` whether the bank lists
    every true pair among its entities (then anything it does not state is false). The defaults
    (many, many, open) let no option be made from what the bank merely does not state.
    `typed_answers` says that the names on both sides are ones a learner writes one way (their
    aliases cover the rest), so the relation may be asked with a typed name: "Who carried out
    the airstrike?" has too many right ways to write it ("the U.S.", "U.S. forces", "the
    military") to be typed, "Who commanded Apollo 11?" has not.
    """

    id: str
    kind: FactKind
    value_type: Literal["date", "quantity", "entity", "text"]
    ask: str
    statement: str
    ask_reverse: str | None = None
    subject_type: str | None = None
    entity_type: str | None = None
    values: Cardinality = "many"
    subjects: Cardinality | None = None  # None: one for quotes (one speaker each), else many
    closed: bool = False
    importance: Importance = "normal"
    label: str | None = None
    match_prompt: str | None = None
    typed_answers: bool = False

    @property
    def subjects_per_value(self) -> Cardinality:
        """Return how many subjects share one value: as declared, else one for quotes."""
        if self.subjects is not None:
            return self.subjects
        return "one" if self.kind == "quote" else "many"


@dataclass(frozen=True)
class Claim:
    """One source's statement of a fact's value, with the verbatim sentence that states it."""

    value: Value
    source_id: str
    sentence: str


@dataclass(frozen=True)
class Fact:
    """An atomic, typed, sourced statement: subject --relation--> value.

    `claims` has one entry normally; where sources disagree it has one per differing source and
    every claimed value counts as right. `distractors` are wrong values the bank's author wrote
    (checked on load to differ from every recorded value); `label` names the fact as an event
    for chronological ordering; `importance` (None: the relation's) makes quizzes prefer it.
    """

    id: str
    kind: FactKind
    relation: str
    subject: str
    claims: tuple[Claim, ...]
    ask: str | None = None
    ask_reverse: str | None = None
    statement: str | None = None
    note: str = ""
    distractors: tuple[Value, ...] = ()
    label: str | None = None
    importance: Importance | None = None

    @property
    def value(self) -> Value:
        """Return the first (principal) claimed value."""
        return self.claims[0].value

    @cached_property  # asked for on every option judged; a frozen fact never changes
    def values(self) -> tuple[Value, ...]:
        """Return every distinct claimed value, in claim order."""
        return tuple(dict.fromkeys(c.value for c in self.claims))

    @property
    def contested(self) -> bool:
        """Return True when the sources disagree on the value."""
        return len(self.values) > 1


@dataclass(frozen=True)
class Option:
    """One choice shown to the learner; `id` is opaque and says nothing about correctness."""

    id: str
    label: str


@dataclass(frozen=True)
class SourceRef:
    """Where a question's fact comes from, as shown in the review."""

    fact_id: str
    source_id: str
    source_title: str
    sentence: str


@dataclass(frozen=True)
class Question:
    """A question as served: everything needed to show, grade and review it, as plain data.

    `answer` is the type-specific key used by `grade`; it and `explanation` must never reach the
    browser before the review policy allows. `to_dict`/`from_dict` round-trip through JSON.
    """

    type: str
    stem: str
    answer: Any
    fact_ids: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    explanation: str
    options: tuple[Option, ...] = ()
    right_options: tuple[Option, ...] = ()  # the second column of a matching question
    params: Mapping[str, Any] = field(default_factory=dict)
    contested: bool = False
    points: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict of this question."""
        return {
            "type": self.type,
            "stem": self.stem,
            "answer": self.answer,
            "fact_ids": list(self.fact_ids),
            "sources": [vars(s) for s in self.sources],
            "explanation": self.explanation,
            "options": [vars(o) for o in self.options],
            "right_options": [vars(o) for o in self.right_options],
            "params": dict(self.params),
            "contested": self.contested,
            "points": self.points,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        """Rebuild a question from `to_dict` output."""
        return cls(
            type=data["type"],
            stem=data["stem"],
            answer=data["answer"],
            fact_ids=tuple(data["fact_ids"]),
            sources=tuple(SourceRef(**s) for s in data["sources"]),
            explanation=data["explanation"],
            options=tuple(Option(**o) for o in data.get("options", ())),
            right_options=tuple(Option(**o) for o in data.get("right_options", ())),
            params=dict(data.get("params", {})),
            contested=bool(data.get("contested", False)),
            points=float(data.get("points", 1.0)),
        )

    def public(self) -> dict[str, Any]:
        """Return only what the learner may see while answering (no answer, no explanation)."""
        return {
            "type": self.type,
            "stem": self.stem,
            "options": [vars(o) for o in self.options],
            "right_options": [vars(o) for o in self.right_options],
            "params": {k: v for k, v in self.params.items() if not k.startswith("_")},
            "points": self.points,
        }


@dataclass(frozen=True)
class Grade:
    """The result of grading one response."""

    points: float
    max_points: float
    outcome: Outcome
    feedback: str
