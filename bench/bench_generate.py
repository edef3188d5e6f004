"""Time a 20-question quiz from synthetic banks of 100, 1,000 and 10,000 facts.

Building the bank (its indexes) is timed separately from generating quizzes. Prints the median of
many repetitions per size and the ratio 10,000/100; the target is at most 2.0, i.e. no work
proportional to the whole bank per question.

    .venv/bin/python bench/bench_generate.py [--reps 40]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from quizapp.engine.bank import (
    Bank,
    BankInfo,
    Claim,
    DateValue,
    Entity,
    EntityRef,
    Fact,
    Quantity,
    Relation,
    Source,
    Value,
)
from quizapp.engine.quiz import build_quiz

RELATIONS = (
    Relation("handed_over_on", "base", "date", "When was {subject} handed over?",
             "{subject} was handed over on {value}.", "Which base was handed over on {value}?",
             subject_type="base", values="one", closed=True,
             label="{subject} is handed over"),
    Relation("troops", "figure", "quantity", "How many troops were at {subject}?",
             "{subject} had {value}.", values="one"),
    Relation("said", "quote", "text", "What did {subject} say?", "{subject} said: “{value}”"),
    Relation("role", "actor", "text", "What was {subject}'s role?", "{subject} was {value}."),
    Relation("member_of", "relation", "entity", "Which group was {subject} part of?",
             "{subject} was part of {value}.", entity_type="group", values="one"),
    Relation("occurred_on", "date", "date", "When did {subject} happen?",
             "{subject} happened on {value}.", subject_type="event", values="one",
             label="{subject}", importance="core"),
)  # fmt: skip
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india")


def synthetic_bank(n_facts: int) -> tuple[list[Entity], list[Fact]]:
    """Return deterministic entities and facts for a bank of about n_facts facts."""
    rng = random.Random(n_facts)
    entities: list[Entity] = []
    facts: list[Fact] = []

    def entity(kind: str, i: int) -> str:
        name = f"{rng.choice(WORDS).title()} {kind} {i}"
        entities.append(Entity(f"{kind}_{i}", name, kind, (f"{kind[0].upper()}{i}",)))
        return f"{kind}_{i}"

    def add(relation: str, subject: str, value: Value, contested: Value | None = None) -> None:
        claims = [Claim(value, "s1", f"Sentence {len(facts)}.")]
        if contested is not None:
            claims.append(Claim(contested, "s2", f"Other sentence {len(facts)}."))
        kind = next(r.kind for r in RELATIONS if r.id == relation)
        facts.append(Fact(f"f{len(facts)}", kind, relation, subject, tuple(claims)))

    groups = [entity("group", i) for i in range(max(3, n_facts // 50))]
    i = 0
    while len(facts) < n_facts:
        i += 1
        base = entity("base", i)
        day = DateValue(2015 + rng.randrange(7), rng.randint(1, 12), rng.randint(1, 28))
        other = DateValue(day.year, day.month, day.day % 28 + 1) if i % 10 == 0 else None
        add("handed_over_on", base, day, other)
        add("troops", base, Quantity(rng.randrange(1, 60) * 100, "troops"))
        person = entity("person", i)
        add("role", person, f"{rng.choice(WORDS)} {rng.choice(WORDS)} officer")
        add("said", person, f"We will {rng.choice(WORDS)} the {rng.choice(WORDS)} {i} again.")
        add("member_of", person, EntityRef(rng.choice(groups)))
        event = entity("event", i)
        add("occurred_on", event, DateValue(2010 + rng.randrange(12), rng.randint(1, 12)))
    return entities, facts[:n_facts]


def build(entities: list[Entity], facts: list[Fact]) -> Bank:
    """Return the bank with its indexes built."""
    return Bank(
        info=BankInfo("bench", "Benchmark bank"),
        sources={"s1": Source("s1", "One"), "s2": Source("s2", "Two")},
        entities={e.id: e for e in entities},
        relations={r.id: r for r in RELATIONS},
        facts={f.id: f for f in facts},
    )


def median_seconds(fn: Callable[[int], object], reps: int) -> float:
    """Return the median wall time of fn(rep) over reps runs."""
    times = []
    for rep in range(reps):
        start = time.perf_counter()
        fn(rep)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print its table and ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=40)
    args = parser.parse_args()
    quiz_times: dict[int, float] = {}
    print(f"{'facts':>7} {'build bank (ms)':>16} {'20-question quiz (ms)':>22}")
    for size in (100, 1_000, 10_000):
        entities, facts = synthetic_bank(size)
        build_reps = max(3, args.reps // 8)
        build_ms = median_seconds(lambda _, e=entities, f=facts: build(e, f), build_reps) * 1e3
        bank = build(entities, facts)
        for warm in range(3):
            build_quiz(bank, count=20, seed=10_000 + warm)
        quiz_s = median_seconds(lambda rep, b=bank: build_quiz(b, count=20, seed=rep), args.reps)
        assert len(build_quiz(bank, count=20, seed=0)) == 20
        quiz_times[size] = quiz_s
        print(f"{size:>7,} {build_ms:>16.2f} {quiz_s * 1e3:>22.2f}")
    ratio = quiz_times[10_000] / quiz_times[100]
    print(f"ratio 10,000 / 100 facts (quiz generation): {ratio:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
