"""The quality sweep a bank's author runs: every fact, every type, several seeds, linted.

`sweep` reports, per question type, how many facts it can ask, how many questions it made, and
how many of those the linter rejected and why; and which facts no type can ask (they are left to
flashcards). Pure and deterministic, like the rest of the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.questions import REGISTRY
from quizapp.engine.questions.lint import lint
from quizapp.engine.questions.types.fixed import NAME as FIXED


@dataclass
class TypeSweep:
    """What one question type made of a bank."""

    askable: int = 0  # facts it applies to
    generated: int = 0  # questions made (seeds x facts, less those it could not make)
    dropped: int = 0  # of those, rejected by the linter
    reasons: Counter[str] = field(default_factory=Counter)


@dataclass
class SweepReport:
    """What every question type made of a bank, and the facts none can ask."""

    facts: int
    by_type: dict[str, TypeSweep]
    unaskable: list[str]


def sweep(bank: Bank, seeds: int = 5) -> SweepReport:
    """Generate every question type for every fact with `seeds` seeds and lint each question."""
    by_type = {name: TypeSweep() for name in REGISTRY if name != FIXED}
    asked: set[str] = set()
    for fact in bank.facts.values():
        for name, report in by_type.items():
            qtype = REGISTRY[name]
            if not qtype.applies(bank, fact):
                continue
            report.askable += 1
            for seed in range(seeds):
                question = qtype.generate(bank, fact, random.Random(f"{fact.id}/{name}/{seed}"))
                if question is None:
                    continue
                problems = lint(bank, question)
                report.generated += 1
                report.dropped += bool(problems)
                report.reasons.update(problems)
                if not problems:
                    asked.add(fact.id)
    unaskable = [f for f in bank.facts if f not in asked]
    return SweepReport(len(bank.facts), by_type, unaskable)
