"""Quiz building: count, variety, no repeated facts, filters, and determinism across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from quizapp.engine.bank import Bank, BankInfo, Claim, DateValue, Entity, Fact, Relation, Source
from quizapp.engine.quiz import build_quiz


def test_count_and_no_fact_twice(bank):
    for seed in range(20):
        quiz = build_quiz(bank, count=8, seed=seed)
        assert len(quiz) == 8
        used = [f for q in quiz for f in q.fact_ids]  # ordering and matching use several
        assert len(set(used)) == len(used)


def test_variety_of_types_and_kinds(bank):
    quiz = build_quiz(bank, count=16, seed=7)
    types = Counter(q.type for q in quiz)
    kinds = Counter(bank.facts[q.fact_ids[0]].kind for q in quiz)
    assert len(types) >= 6, types
    assert max(types.values()) <= 4, types
    assert len(kinds) >= 4, kinds


def test_same_seed_same_quiz_other_seed_other_quiz(bank):
    first = [q.to_dict() for q in build_quiz(bank, count=10, seed=42)]
    assert first == [q.to_dict() for q in build_quiz(bank, count=10, seed=42)]
    assert first != [q.to_dict() for q in build_quiz(bank, count=10, seed=43)]


def test_filters(bank):
    quiz = build_quiz(bank, count=6, seed=1, types=["numeric", "date_entry"])
    assert {q.type for q in quiz} == {"numeric", "date_entry"}
    quiz = build_quiz(bank, count=5, seed=1, kinds=["actor"])
    assert quiz and all(bank.facts[q.fact_ids[0]].kind == "actor" for q in quiz)
    quiz = build_quiz(bank, count=3, seed=1, fact_ids=["taji_handover", "k1_province"])
    assert {q.fact_ids[0] for q in quiz} <= {"taji_handover", "k1_province"}
    with pytest.raises(ValueError, match="unknown question types: essay"):
        build_quiz(bank, count=3, seed=1, types=["essay"])
    with pytest.raises(ValueError, match="unknown fact kinds"):
        build_quiz(bank, count=3, seed=1, kinds=["gossip"])


def test_longer_than_the_bank_ends_short_rather_than_asking_a_fact_twice(bank):
    quiz = build_quiz(bank, count=30, seed=5, fact_ids=["taji_handover", "vote_date"])
    assert 1 <= len(quiz) <= 2
    assert len({f for q in quiz for f in q.fact_ids}) == sum(len(q.fact_ids) for q in quiz)


def test_only_impossible_questions_give_an_empty_quiz(bank):
    assert build_quiz(bank, count=5, seed=1, types=["who_said"], kinds=["date"]) == []
    assert build_quiz(bank, count=0, seed=1) == []


SCRIPT = """
import json, sys
sys.path.insert(0, {here!r})
from conftest import make_bank, standard_facts
from quizapp.engine.bank import Bank, BankInfo
from quizapp.engine.bank.model import Claim, DateValue, Entity, Fact, Relation, Source
from quizapp.engine.quiz import build_quiz
bank = make_bank(standard_facts())
print(json.dumps([q.to_dict() for q in build_quiz(bank, count=12, seed=11)], sort_keys=True))
"""


def _run(hash_seed: str) -> list[object]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    here = str(Path(__file__).parent)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(here=here)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_same_questions_whatever_the_hash_seed():
    first, second = _run("1"), _run("987654")
    assert len(first) == 12
    assert first == second


RELATIONS = ("arrive", "leave", "return", "visit", "speak", "sign")


def _drawn_bank(importance: dict[int, str] | None = None) -> Bank:
    """Return a bank of six date relations of 40 facts each, and 20 long quotations.

    `importance` gives the importance of the facts about person i (default normal).
    """
    relations = {
        rel: Relation(rel, "date", "date", f"When did {{subject}} {rel}?",
                      f"{{subject}} {rel} on {{value}}.", values="one")
        for rel in RELATIONS
    }  # fmt: skip
    relations["said"] = Relation("said", "quote", "text", "What did {subject} say?",
                                 "{subject} said: “{value}”")  # fmt: skip
    entities = {f"p{i}": Entity(f"p{i}", f"Person {i}", "person") for i in range(40)}
    facts = {}
    for i in range(40):
        tier = (importance or {}).get(i)
        for j, rel in enumerate(RELATIONS):
            day = DateValue(2000 + j, 1 + i % 12, 1 + i % 28)
            facts[f"{rel}{i}"] = Fact(f"{rel}{i}", "date", rel, f"p{i}",
                                      (Claim(day, "s", "A sentence."),),
                                      importance=tier)  # type: ignore[arg-type]  # fmt: skip
    for i in range(20):
        quote = f"We shall return to the city of number {i} before long."
        facts[f"q{i}"] = Fact(f"q{i}", "quote", "said", f"p{i}", (Claim(quote, "s", quote),))
    return Bank(BankInfo("draw", "Drawing"), {"s": Source("s", "Source")}, entities, relations,
                facts)  # fmt: skip


def test_no_relation_takes_more_than_a_fifth_and_quotations_a_tenth():
    bank = _drawn_bank()
    for seed in range(10):
        quiz = build_quiz(bank, count=20, seed=seed, kinds=["date", "quote"])
        assert len(quiz) == 20
        relations = Counter(bank.facts[q.fact_ids[0]].relation for q in quiz)
        assert relations["said"] <= 2 and max(relations.values()) <= 4, relations


def test_the_caps_give_way_rather_than_leave_the_quiz_short():
    bank = _drawn_bank()
    two = [f for f in bank.facts if f.startswith(("arrive", "leave"))]
    quiz = build_quiz(bank, count=12, seed=1, kinds=["date"], types=["date_entry"], fact_ids=two)
    assert len(quiz) == 12  # two relations, so six each instead of the fair three


def test_core_facts_are_preferred_and_peripheral_ones_come_last():
    tiers = {i: "core" if i < 10 else "peripheral" if i >= 30 else "normal" for i in range(40)}
    bank = _drawn_bank(tiers)
    counts: Counter[str] = Counter()
    for seed in range(40):
        for q in build_quiz(bank, count=6, seed=seed, types=["date_entry"], kinds=["date"]):
            counts[tiers[int(bank.facts[q.fact_ids[0]].subject[1:])]] += 1
    per_fact = {tier: counts[tier] / n for tier, n in (("core", 10), ("normal", 20))}
    assert per_fact["core"] > 1.5 * per_fact["normal"] > 0  # twice as likely, per fact
    assert counts["peripheral"] == 0  # 180 core and normal facts left to draw from
    everything = build_quiz(bank, count=240, seed=1, types=["date_entry"], kinds=["date"])
    assert len(everything) == 240  # peripheral facts fill a quiz that needs them


def test_one_relation_makes_at_most_one_matching_question(bank):
    for seed in range(20):
        quiz = build_quiz(bank, count=10, seed=seed, types=["matching", "ordering"])
        kinds = Counter((q.type, bank.facts[q.fact_ids[0]].relation) for q in quiz)
        assert quiz and max(kinds.values()) == 1, kinds


def test_a_full_quiz_from_the_shipped_bank_asks_no_trivia(iraq_bank):
    # posts, ranks, provinces, compass directions: drawn only when a bank has nothing else
    for seed in range(12):
        quiz = build_quiz(iraq_bank, count=20, seed=seed)
        assert len(quiz) == 20
        trivia = [
            q.stem for q in quiz for i in q.fact_ids
            if i in iraq_bank.facts and iraq_bank.importance(iraq_bank.facts[i]) == "peripheral"
        ]  # fmt: skip
        assert not trivia, trivia


def test_a_bank_of_trivia_alone_still_makes_its_quiz(iraq_bank):
    posts = [f.id for f in iraq_bank.facts.values() if f.relation == "post"]
    quiz = build_quiz(iraq_bank, count=5, seed=1, fact_ids=posts)
    assert len(quiz) == 5
