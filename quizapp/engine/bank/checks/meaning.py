"""Checks of what a built bank means: distractors that are wrong, cardinalities that hold.

These run after the bank is built (they need its indexes and `truth`), on data that passed every
other rule. Each problem points at the fact that breaks the rule, so errors still carry a line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import Fact, Quantity, Value
from quizapp.engine.bank.truth import compatible, stated
from quizapp.engine.parsing.errors import JsonPath

Problem = tuple[JsonPath, str]


def meaning_problems(bank: Bank, fact_index: Mapping[str, int]) -> list[Problem]:
    """Return every fact that breaks what its relation says, or whose distractor is true."""
    problems: list[Problem] = []
    for fact in bank.facts.values():
        problems.extend(_distractor_problems(bank, fact, ("facts", fact_index[fact.id])))
    problems.extend(_one_value_problems(bank, fact_index))
    problems.extend(_one_subject_problems(bank, fact_index))
    return problems


def _distractor_problems(bank: Bank, fact: Fact, path: JsonPath) -> Iterator[Problem]:
    for j, wrong in enumerate(fact.distractors):
        clash = next(
            (
                v
                for v in stated(bank, fact.subject, fact.relation, wrong)
                if compatible(bank, wrong, v)
            ),
            None,
        )
        if clash is not None:
            yield (
                (*path, "distractors", j),
                f"expected a wrong value: {bank.display(wrong)!r} could be a way of saying "
                f"{bank.display(clash)!r}, which the bank states for "
                f"{bank.entities[fact.subject].name!r}",
            )


def _scope(value: Value) -> object:
    return value.as_of if isinstance(value, Quantity) else None


def _one_value_problems(bank: Bank, fact_index: Mapping[str, int]) -> Iterator[Problem]:
    for relation_id, facts in bank.facts_by_relation.items():
        if bank.relations[relation_id].values != "one":
            continue
        by_subject: dict[tuple[str, object], list[Fact]] = defaultdict(list)
        for fact in facts:
            by_subject[(fact.subject, _scope(fact.value))].append(fact)
        for group in by_subject.values():
            for later_index, later in enumerate(group[1:], start=1):
                for earlier in group[:later_index]:
                    if not any(
                        compatible(bank, a, b) for a in later.values for b in earlier.values
                    ):
                        yield (
                            ("facts", fact_index[later.id], "value"),
                            f"relation {relation_id!r} says a subject has one value, but fact "
                            f"{earlier.id!r} gives {bank.display(earlier.value)!r}: where sources "
                            "disagree, record the other value under disputed_by of one fact, or "
                            "set values: many on the relation",
                        )
                        break


def _one_subject_problems(bank: Bank, fact_index: Mapping[str, int]) -> Iterator[Problem]:
    for relation_id, facts in bank.facts_by_relation.items():
        if bank.relations[relation_id].subjects_per_value != "one":
            continue
        holders: dict[tuple[str, Value], Fact] = {}
        for fact in facts:
            for claim in fact.claims:
                first = holders.setdefault((claim.source_id, claim.value), fact)
                if first.subject != fact.subject:
                    yield (
                        ("facts", fact_index[fact.id], "subject"),
                        f"relation {relation_id!r} says a value belongs to one subject, but "
                        f"{bank.source_title(claim.source_id)!r} gives "
                        f"{bank.display(claim.value)!r} to {bank.entities[first.subject].name!r} "
                        f"(fact {first.id!r}) too; set subjects: many on the relation",
                    )
