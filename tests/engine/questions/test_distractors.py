"""Distractors: false according to the bank, same precision/unit/type, unique, bank first."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.bank import Claim, DateValue, Entity, EntityRef, Fact, Quantity
from quizapp.engine.questions.distractors import granularity, subject_distractors, value_distractors
from tests.engine.conftest import make_bank, standard_entities, standard_facts


@pytest.mark.parametrize("fact_id", ["qayyarah_handover", "al_qaim_handover", "k1_handover"])
def test_dates_are_false_unique_and_at_day_precision(bank, fact_id):
    fact = bank.facts[fact_id]
    for seed in range(50):
        wrong = value_distractors(bank, fact, 3, Random(seed))
        assert len(wrong) == 3
        assert all(isinstance(v, DateValue) and v.precision == "day" for v in wrong)
        assert not any(bank.is_true(fact.subject, fact.relation, v) for v in wrong)
        assert not set(wrong) & set(fact.values)  # neither contested value
        assert len({bank.display(v) for v in wrong}) == 3


def test_nearby_bank_dates_come_first(bank):
    fact = bank.facts["sqoor_handover"]  # 30 March; the bank has 17, 19, 26, 29 March, 4, 6 April
    others = {d for f in bank.facts_by_relation["handed_over_on"] for d in f.values}
    for seed in range(20):
        wrong = value_distractors(bank, fact, 3, Random(seed))
        assert set(wrong) <= others


def test_month_precision_distractors_never_contain_the_truth(bank_with):
    bank = bank_with(
        Fact("taji_month", "base", "handed_over_on", "taji",
             (Claim(DateValue(2020, 4), "tic", "In April 2020 ..."),)),
    )  # fmt: skip
    fact = bank.facts["taji_month"]
    for seed in range(30):
        wrong = value_distractors(bank, fact, 3, Random(seed))
        assert len(wrong) == 3
        assert all(isinstance(v, DateValue) and v.precision == "month" for v in wrong)
        # Taji was also handed over on 23 August 2020 (day precision): August 2020 would be true.
        assert DateValue(2020, 8) not in wrong and DateValue(2020, 4) not in wrong


def test_figures_keep_unit_magnitude_and_roundness(bank):
    fact = bank.facts["us_troops_2021"]
    for seed in range(50):
        wrong = value_distractors(bank, fact, 3, Random(seed))
        assert len(wrong) == 3
        for q in wrong:
            assert isinstance(q, Quantity) and q.unit == "troops"
            assert 250 <= q.amount <= 25000 and q.amount % 100 == 0
            assert abs(q.amount - 2500) >= 0.05 * 2500


def test_contested_count_never_offers_either_value(bank):
    fact = bank.facts["bases_by_april"]
    for seed in range(50):
        amounts = {q.amount for q in value_distractors(bank, fact, 3, Random(seed))}
        assert not amounts & {6, 8}
        assert all(float(a).is_integer() and a > 0 for a in amounts)


def test_entities_of_the_same_type_only(bank):
    fact = bank.facts["soleimani_killed"]
    for seed in range(20):
        wrong = value_distractors(bank, fact, 3, Random(seed))
        assert {v.entity_id for v in wrong if isinstance(v, EntityRef)} == {"iran", "iraq"}


def test_entities_from_the_same_relation(bank):
    wrong = value_distractors(bank, bank.facts["al_qaim_province"], 3, Random(0))
    assert {bank.display(v) for v in wrong} == {"Kirkuk", "Nineveh", "Baghdad"}


def test_free_text_has_only_its_authors_distractors(bank):
    """A role, a reason, a place description: never pooled from other facts' texts."""
    soleimani = bank.facts["soleimani_role"]
    for seed in range(20):
        assert value_distractors(bank, soleimani, 3, Random(seed)) == list(soleimani.distractors)
    assert value_distractors(bank, bank.facts["mahdi_role"], 3, Random(0)) == []
    assert "Prime Minister of Iraq" not in value_distractors(
        bank, bank.facts["soleimani_role"], 3, Random(0)
    )


def test_subject_distractors_exclude_other_true_subjects(bank):
    fact = bank.facts["sqoor_handover"]
    for seed in range(30):
        ids = subject_distractors(bank, fact, DateValue(2020, 3, 30), 3, Random(seed))
        assert len(ids) == 3 and "k1" not in ids and "sqoor" not in ids
        assert all(bank.entities[i].type == "base" for i in ids)


@pytest.mark.parametrize(
    ("amount", "step"), [(2500, 100), (6, 1), (5200, 100), (150, 10), (2.5, 0.1), (27, 1)]
)
def test_granularity(amount, step):
    assert granularity(amount) == pytest.approx(step)


def test_synthetic_values_when_the_bank_has_none(bank):
    fact = bank.facts["vote_date"]  # the only date of its relation
    wrong = value_distractors(bank, fact, 3, Random(0))
    assert len(wrong) == 3
    assert all(isinstance(v, DateValue) and v.precision == "day" for v in wrong)
    assert all(abs(v.ordinal() - fact.value.ordinal()) <= 366 for v in wrong)


def test_a_count_of_none_gets_no_negative_wrong_answers(bank_with):
    zero = Fact(
        "no_injuries", "figure", "troops", "iraq", (Claim(Quantity(0, "troops"), "wiki", "None."),)
    )
    bank = bank_with(zero)
    for seed in range(40):
        wrong = value_distractors(bank, bank.facts["no_injuries"], 3, Random(seed))
        assert wrong and all(v.amount > 0 for v in wrong)  # type: ignore[union-attr]


def test_bank_dates_far_from_the_truth_are_not_offered(bank_with):
    """A handover in March 2020 is not confused with one in August 2020 by any student."""
    for seed in range(40):
        wrong = value_distractors(
            bank_with(), bank_with().facts["qayyarah_handover"], 3, Random(seed)
        )
        assert DateValue(2020, 8, 23) not in wrong


def test_wrong_speakers_are_like_the_right_one_first(bank_with):
    """An Iraqi's words beside other Iraqi figures, whether or not they speak in the bank."""
    entities = [
        e if e.id != "mahdi" else Entity("mahdi", e.name, "person", e.aliases, {"side": "Iraq"})
        for e in standard_entities()
    ] + [
        Entity(f"iraqi{i}", f"Iraqi official {i}", "person", (), {"side": "Iraq"}) for i in range(3)
    ]
    bank = make_bank(standard_facts(), entities)
    fact = bank.facts["mahdi_quote"]
    for seed in range(20):
        picked = subject_distractors(bank, fact, fact.value, 3, Random(seed))
        assert set(picked) == {"iraqi0", "iraqi1", "iraqi2"}


def test_no_wrong_date_is_a_day_or_two_off_the_truth_or_another_option(bank):
    # "Al-Sqoor was handed over on 29 March 2020" is false only because it was the 30th
    from quizapp.engine.questions.distractors import MIN_DAYS_APART

    fact = bank.facts["sqoor_handover"]  # 30 March; K-1 (29 or 30 March) is a day away
    for seed in range(40):
        days = [v.ordinal() for v in (fact.value, *value_distractors(bank, fact, 3, Random(seed)))]
        assert len(days) == 4
        assert all(abs(a - b) >= MIN_DAYS_APART >= 3 for a in days for b in days if a != b)
        assert DateValue(2020, 3, 29).ordinal() not in days
