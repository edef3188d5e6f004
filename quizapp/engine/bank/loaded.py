"""A loaded bank: sources, entities, relations, facts and fixed questions, plus indexes.

Indexes are built once in `Bank.__post_init__` so that generating a question touches only the few
facts and entities it needs, whatever the size of the bank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from quizapp.engine.bank.fixed import FixedQuestion
from quizapp.engine.bank.model import (
    DateValue,
    Entity,
    EntityRef,
    Fact,
    FactKind,
    Importance,
    Quantity,
    Relation,
    Source,
    Value,
)
from quizapp.engine.text import canonical


@dataclass(frozen=True)
class BankInfo:
    """A bank's identity and description."""

    id: str
    title: str
    subject: str = ""
    description: str = ""
    language: str = "en"


@dataclass(frozen=True, eq=False)
class Bank:
    """An immutable, validated bank plus lookup indexes."""

    info: BankInfo
    sources: Mapping[str, Source]
    entities: Mapping[str, Entity]
    relations: Mapping[str, Relation]
    facts: Mapping[str, Fact]
    # Hand-written questions by id, in file order (ids never clash with fact ids).
    questions: Mapping[str, FixedQuestion] = field(default_factory=dict)
    # Derived indexes (filled in __post_init__; never passed by callers).
    facts_by_relation: Mapping[str, tuple[Fact, ...]] = field(init=False)
    facts_by_kind: Mapping[str, tuple[Fact, ...]] = field(init=False)
    # Facts by (kind, importance), so a quiz can prefer core facts without scanning the bank.
    facts_by_tier: Mapping[tuple[str, str], tuple[Fact, ...]] = field(init=False)
    facts_by_subject: Mapping[str, tuple[Fact, ...]] = field(init=False)
    entities_by_type: Mapping[str, tuple[Entity, ...]] = field(init=False)
    values_by_relation: Mapping[str, tuple[Value, ...]] = field(init=False)
    quantities_by_unit: Mapping[str, tuple[Quantity, ...]] = field(init=False)
    _true_pairs: frozenset[tuple[str, str, Value]] = field(init=False)
    _dates_sorted: Mapping[str, tuple[DateValue, ...]] = field(init=False)
    _subjects_by_value: Mapping[tuple[str, Value], tuple[str, ...]] = field(init=False)
    # Facts that name an event (a label) dated to the day or month: what ordering may use.
    timeline: tuple[Fact, ...] = field(init=False)
    timeline_by_relation: Mapping[str, tuple[Fact, ...]] = field(init=False)
    _entities_by_name: Mapping[str, frozenset[str]] = field(init=False)
    _timeline_ids: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        by_rel: dict[str, list[Fact]] = defaultdict(list)
        by_kind: dict[str, list[Fact]] = defaultdict(list)
        by_tier: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        by_subject: dict[str, list[Fact]] = defaultdict(list)
        values: dict[str, dict[Value, None]] = defaultdict(dict)
        true_pairs: set[tuple[str, str, Value]] = set()
        by_unit: dict[str, dict[Quantity, None]] = defaultdict(dict)
        subjects: dict[tuple[str, Value], dict[str, None]] = defaultdict(dict)
        for fact in self.facts.values():
            by_rel[fact.relation].append(fact)
            by_kind[fact.kind].append(fact)
            by_tier[(fact.kind, self.importance(fact))].append(fact)
            by_subject[fact.subject].append(fact)
            for value in fact.values:
                values[fact.relation][value] = None
                true_pairs.add((fact.subject, fact.relation, value))
                subjects[(fact.relation, value)][fact.subject] = None
                if isinstance(value, Quantity):
                    by_unit[value.unit][value] = None
        by_type: dict[str, list[Entity]] = defaultdict(list)
        named: dict[str, set[str]] = defaultdict(set)
        for entity in self.entities.values():
            by_type[entity.type].append(entity)
            for name in entity.names():
                named[canonical(name)].add(entity.id)
        dates = {
            rel: tuple(
                sorted((v for v in vals if isinstance(v, DateValue)), key=DateValue.sort_key)
            )
            for rel, vals in values.items()
        }  # sort_key, not the dataclass order: mixed precisions would compare None with int
        setattr_ = object.__setattr__  # frozen dataclass: indexes are set once, here
        setattr_(self, "facts_by_relation", {k: tuple(v) for k, v in by_rel.items()})
        setattr_(self, "facts_by_kind", {k: tuple(v) for k, v in by_kind.items()})
        setattr_(self, "facts_by_tier", {k: tuple(v) for k, v in by_tier.items()})
        setattr_(self, "facts_by_subject", {k: tuple(v) for k, v in by_subject.items()})
        setattr_(self, "entities_by_type", {k: tuple(v) for k, v in by_type.items()})
        setattr_(self, "values_by_relation", {k: tuple(v) for k, v in values.items()})
        setattr_(self, "quantities_by_unit", {k: tuple(v) for k, v in by_unit.items()})
        setattr_(self, "_true_pairs", frozenset(true_pairs))
        setattr_(self, "_dates_sorted", dates)
        setattr_(self, "_subjects_by_value", {k: tuple(v) for k, v in subjects.items()})
        setattr_(self, "_entities_by_name", {k: frozenset(v) for k, v in named.items()})
        timeline = tuple(f for f in self.facts.values() if self._on_timeline(f))
        by_relation: dict[str, list[Fact]] = defaultdict(list)
        for fact in timeline:
            by_relation[fact.relation].append(fact)
        setattr_(self, "timeline", timeline)
        setattr_(self, "timeline_by_relation", {k: tuple(v) for k, v in by_relation.items()})
        setattr_(self, "_timeline_ids", frozenset(f.id for f in timeline))

    def on_timeline(self, fact: Fact) -> bool:
        """Return True if the fact names an event dated to the day or month (ordering uses it)."""
        return fact.id in self._timeline_ids

    def _on_timeline(self, fact: Fact) -> bool:
        labelled = fact.label is not None or self.relations[fact.relation].label is not None
        return labelled and all(
            isinstance(v, DateValue) and v.precision != "year" for v in fact.values
        )

    def importance(self, fact: Fact) -> Importance:
        """Return how much a fact matters: its own importance, else its relation's."""
        return fact.importance or self.relations[fact.relation].importance

    def entities_named(self, name: str) -> set[str]:
        """Return the ids of the entities whose name or an alias is `name` (after `canonical`)."""
        return set(self._entities_by_name.get(canonical(name), ()))

    def is_true(self, subject: str, relation: str, value: Value) -> bool:
        """Return True if the bank states `subject --relation--> value` (any source)."""
        return (subject, relation, value) in self._true_pairs

    def subjects_with(self, relation: str, value: Value) -> tuple[str, ...]:
        """Return the ids of every subject the bank says has this value for the relation."""
        return self._subjects_by_value.get((relation, value), ())

    def sorted_dates(self, relation: str) -> tuple[DateValue, ...]:
        """Return the distinct dates claimed for a relation, oldest first."""
        return self._dates_sorted.get(relation, ())

    def facts_of_kind(self, kind: FactKind) -> tuple[Fact, ...]:
        """Return the facts of one kind."""
        return self.facts_by_kind.get(kind, ())

    def display(self, value: Value) -> str:
        """Return a value as the learner reads it."""
        if isinstance(value, EntityRef):
            return self.entities[value.entity_id].label()
        if isinstance(value, DateValue | Quantity):
            return value.display()
        return value

    def source_title(self, source_id: str) -> str:
        """Return the title of a source."""
        return self.sources[source_id].title
