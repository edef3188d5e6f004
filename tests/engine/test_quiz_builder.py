"""Quiz building: count, variety, no repeated facts, filters, and determinism across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from quizapp.engine.quiz import build_quiz


def test_count_and_no_fact_twice(bank):
    quiz = build_quiz(bank, count=12, seed=3)
    assert len(quiz) == 12
    anchors = [q.fact_ids[0] for q in quiz]
    assert len(set(anchors)) == len(anchors)


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
