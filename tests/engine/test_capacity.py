"""The quiz form's count of how many questions chosen kinds and types can yield."""

from __future__ import annotations

from quizapp.engine.capacity import quiz_capacity
from quizapp.engine.importers import parse_upload
from quizapp.engine.questions import REGISTRY
from quizapp.engine.quiz import build_quiz
from tests.web.bank_samples import SAMPLE_GIFT, sample_bank


def test_each_fact_counts_once_however_many_types_apply(iraq_bank) -> None:
    everything = quiz_capacity(iraq_bank)
    generated = [t for n, t in REGISTRY.items() if n != "fixed"]
    assert everything == sum(
        1 for f in iraq_bank.facts.values() if any(t.applies(iraq_bank, f) for t in generated)
    ) + len(iraq_bank.questions)
    assert 0 < everything <= len(iraq_bank.facts) + len(iraq_bank.questions)
    dates = quiz_capacity(iraq_bank, kinds=["date"])
    assert dates == sum(
        1 for f in iraq_bank.facts_of_kind("date")
        if any(t.applies(iraq_bank, f) for n, t in REGISTRY.items() if n != "fixed")
    )
    assert quiz_capacity(iraq_bank, ["date_entry", "multiple_choice"], ["date"]) <= dates


def test_the_count_covers_every_fact_a_quiz_of_those_types_asks_about(iraq_bank) -> None:
    for types in (["date_entry"], ["who_said"], ["numeric"], ["true_false", "short_answer"]):
        most = quiz_capacity(iraq_bank, types)
        built = build_quiz(iraq_bank, count=most + 50, seed=7, types=types)
        asked = {fact_id for question in built for fact_id in question.fact_ids}
        assert built and len(asked) <= most, types


def test_a_small_bank_yields_few_and_kinds_exclude_hand_written() -> None:
    small = sample_bank()
    assert quiz_capacity(small) <= len(small.facts) < 200
    gift = parse_upload(SAMPLE_GIFT.encode(), "lights.gift")
    assert quiz_capacity(gift, ["fixed"]) == len(gift.questions) == 6
    assert quiz_capacity(gift, ["fixed"], ["date"]) == 0
    assert quiz_capacity(gift, ["no_such_type"]) == 0
