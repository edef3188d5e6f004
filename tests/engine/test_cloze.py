"""Cloze cards from the shipped banks: which facts get one, and what the learner sees."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from quizapp.engine.bank import load_bank
from quizapp.engine.bank.model import Claim
from quizapp.engine.cloze import MAX_SENTENCE, bank_clozes, clean, cloze_for, judge

APOLLO = Path(__file__).resolve().parents[2] / "question_bank" / "apollo_program.yaml"


@pytest.fixture(scope="module")
def apollo():
    return load_bank(APOLLO)


def _text(bank, fact_id: str) -> str | None:
    cloze = cloze_for(bank, bank.facts[fact_id])
    return cloze.text if cloze else None


def test_how_many_facts_of_the_shipped_banks_get_a_cloze(iraq_bank, apollo):
    iraq = [f for f in iraq_bank.facts.values() if cloze_for(iraq_bank, f)]
    assert (len(iraq_bank.facts), len(iraq), len(bank_clozes(iraq_bank))) == (363, 226, 221)
    moon = [f for f in apollo.facts.values() if cloze_for(apollo, f)]
    assert (len(apollo.facts), len(moon), len(bank_clozes(apollo))) == (132, 91, 88)


def test_dates_are_hidden_as_the_sentence_writes_them(iraq_bank):
    assert _text(iraq_bank, "soleimani_strike_date") == (
        "On {{c1::3 January 2020}}, the United States conducted an airstrike that killed Iranian "
        "Major General Qasem Soleimani and Kata'ib Hezbollah commander Abu Mahdi al-Muhandis."
    )
    retaken = cloze_for(iraq_bank, iraq_bank.facts["k1_retaken_2017_on"])
    assert retaken is not None
    assert retaken.text == (
        "On {{c1::October 16, 2017}}, the base was taken back by Iraqi special forces during the "
        "Battle of Kirkuk."
    )
    assert retaken.context == "K-1 Air Base"  # "the base" alone would not say which
    # The TIC Brief writes its years in two digits; its footnote marks are dropped.
    assert _text(iraq_bank, "al_taqaddum_ceremony") == (
        "Coalition forces officially handed over control of Al-Taqaddum Air Base to the Iraqi "
        "military during a ceremony on {{c1::4 April 20}}."
    )


def test_numbers_and_names_are_hidden_whole_and_as_written(iraq_bank, apollo):
    assert _text(iraq_bank, "troop_cut_aug_from") == (
        "On 28 August, a U.S. official said that the U.S. was expected to reduce troops by a third "
        "from {{c1::5,200}} to 3,500."
    )
    assert _text(apollo, "saturn_v_engines") == (
        "The first stage of the Saturn V was powered by {{c1::five}} F-1 engines."
    )
    # An alias, hidden whole: not "US-led {{c1::coalition}}".
    used_by = _text(iraq_bank, "al_qaim_used_by")
    assert "used by {{c1::US-led coalition}} troops since 2017" in used_by
    assert "from the {{c1::al-Qaim base}} on the border" in _text(iraq_bank, "al_qaim_order")
    assert "Lt. Gen.}} Martin Dempsey" in _text(iraq_bank, "dempsey_rank")
    cloze = cloze_for(apollo, apollo.facts["vostok_1_pilot"])
    assert cloze is not None and cloze.hidden == "Yuri Gagarin"
    assert cloze.source_title == "Course notes on the Apollo program"


def test_contested_facts_get_no_cloze(iraq_bank, apollo):
    for bank in (iraq_bank, apollo):
        contested = [f for f in bank.facts.values() if f.contested]
        assert len(contested) == 3
        assert all(judge(bank, f) == "contested: the sources differ" for f in contested)


def test_sentences_that_give_the_answer_away_get_none(iraq_bank, apollo):
    reasons = {
        # "Camp Taji ... near Taji": the answer twice.
        "camp_taji_location": "the sentence writes the answer more than once",
        # "In July 2021 ... by the end of 2021": the year asked for stands beside it.
        "combat_mission_deadline": "the rest of the sentence states the answer again",
        # "27 km (17 mi)": the miles tell the kilometres.
        "camp_taji_distance": "the sentence gives the number in another unit too",
        # "Five-hundred coalition personnel" is no way of writing 500 the bank reads.
        "al_taqaddum_personnel": "the sentence does not write the answer as the bank gives it",
        # The card would be headed "Incident involving two merchant ships ...".
        "gulf_of_oman_june_ships": (
            "the sentence does not say what it is about, and its subject's name holds the answer"
        ),
    }
    for fact_id, reason in reasons.items():
        assert judge(iraq_bank, iraq_bank.facts[fact_id]) == reason, fact_id
    assert judge(apollo, apollo.facts["saturn_v_height"]) == (
        "the sentence gives the number in another unit too"  # "110 metres (363 feet)"
    )


def test_another_alias_in_the_sentence_gives_the_name_away(iraq_bank):
    fact = iraq_bank.facts["k1_order"]
    claim = fact.claims[0]
    said_twice = dataclasses.replace(
        fact,
        claims=(Claim(claim.value, claim.source_id, "K-1 Air Base, or Kaywan, lies near Kirkuk."),),
    )
    assert judge(iraq_bank, said_twice) == "the sentence writes the answer more than once"


def test_long_sentences_and_long_answers_make_no_card(iraq_bank):
    for fact in iraq_bank.facts.values():
        cloze = cloze_for(iraq_bank, fact)
        if cloze is None:
            continue
        assert len(clean(cloze.text)) <= MAX_SENTENCE + len("{{c1::}}")
        assert len(cloze.hidden.split()) <= 8
        assert 2 * len(cloze.hidden) <= len(cloze.text)
        assert cloze.text.count("{{c1::") == 1
    assert judge(iraq_bank, iraq_bank.facts["qayyarah_served_as_launch_pad"]) == (
        "the answer is more than 8 words"
    )


def test_one_sentence_with_one_answer_makes_one_card(iraq_bank):
    texts = [c.text for c in bank_clozes(iraq_bank)]
    assert len(texts) == len(set(texts))
    kept = {c.fact_id for c in bank_clozes(iraq_bank)}
    # Victory over ISIL, the end of the war and the start of the insurgency: one sentence.
    assert "isil_defeat_in_iraq_year" in kept and "isil_insurgency_began" not in kept

