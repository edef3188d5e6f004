"""Engine fixtures: small banks built directly from the dataclasses (no loader, no app, no db).

The `bank` fixture is a miniature of the Iraq bank, with the same kinds of trouble: two contested
handover dates (al-Qaim, K-1), a contested count, quotes, roles (free text, two of them with the
author's distractors), and bases with provinces. Its relations say what they mean: provinces
one per base, handovers one per base and listed in full (closed), figures one per subject,
quotations one speaker each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from random import Random
from typing import Any

import pytest

from quizapp.engine.bank import (
    Bank,
    BankInfo,
    Claim,
    DateValue,
    Entity,
    EntityRef,
    Fact,
    Quantity,
    Question,
    Relation,
    Source,
    Value,
)
from quizapp.engine.questions import REGISTRY
from quizapp.engine.questions.types import ordering

SOURCES = (Source("wiki", "Wikipedia article"), Source("tic", "TIC brief"))

RELATIONS = (
    Relation(
        "handed_over_on",
        "base",
        "date",
        ask="When was {subject} handed over to Iraqi forces?",
        ask_reverse="Which base was handed over to Iraqi forces on {value}?",
        statement="{subject} was handed over to Iraqi forces on {value}.",
        subject_type="base",
        values="one",
        closed=True,
        typed_answers=True,
        label="{subject} is handed over to Iraqi forces",
        match_prompt="Match each base with the date it was handed over to Iraqi forces.",
    ),
    Relation(
        "in_province",
        "base",
        "entity",
        ask="In which province is {subject}?",
        ask_reverse="Which base is in {value}?",
        statement="{subject} is in {value}.",
        subject_type="base",
        entity_type="place",
        values="one",
        typed_answers=True,
    ),
    Relation(
        "troops",
        "figure",
        "quantity",
        ask="How many troops did {subject} have in Iraq in January 2021?",
        statement="{subject} had {value} in Iraq in January 2021.",
        values="one",
    ),
    Relation(
        "bases_handed_over",
        "figure",
        "quantity",
        ask="By {subject}, how many bases had been handed over?",
        statement="By {subject}, {value} had been handed over.",
        values="one",
    ),
    Relation(
        "said",
        "quote",
        "text",
        ask="What did {subject} say?",
        statement="{subject} said: “{value}”",
    ),
    Relation(
        "role",
        "actor",
        "text",
        ask="What was {subject}'s role?",
        statement="{subject} was {value}.",
        subject_type="person",
    ),
    Relation(
        "killed_by",
        "actor",
        "entity",
        ask="Who killed {subject}?",
        statement="{subject} was killed by {value}.",
        entity_type="country",
        values="one",
        typed_answers=True,
    ),
    Relation(
        "occurred_on",
        "date",
        "date",
        ask="When did the {subject} happen?",
        statement="The {subject} happened on {value}.",
        subject_type="event",
        values="one",
        label="The {subject}",
    ),
)

BASES = {
    "al_qaim": ("al-Qaim base", ("al-Qaim", "Al Qaim"), "Anbar"),
    "qayyarah": ("Qayyarah Airfield West", ("Qayyarah", "Q-West"), "Nineveh"),
    "k1": ("K-1 Air Base", ("K-1", "K1"), "Kirkuk"),
    "sqoor": ("Al-Sqoor base", ("al-Sqoor",), "Nineveh"),
    "taqaddum": ("Al-Taqaddum Air Base", ("Taqaddum",), "Anbar"),
    "abu_ghraib": ("Abu Ghraib base", ("Abu Ghraib",), "Baghdad"),
    "taji": ("Camp Taji", ("Taji",), "Baghdad"),
}
PROVINCES = {
    "anbar": ("Anbar", ("Anbar province", "Al Anbar")),
    "kirkuk": ("Kirkuk", ("Kirkuk Governorate",)),
    "nineveh": ("Nineveh", ("Nineveh province", "Ninawa")),
    "baghdad": ("Baghdad", ("Baghdad Governorate",)),
}
PEOPLE = {
    "trump": ("Donald Trump", ("Trump",)),
    "soleimani": ("Qassem Soleimani", ("Soleimani", "Qasem Soleimani")),
    "muhandis": ("Abu Mahdi al-Muhandis", ("al-Muhandis",)),
    "mahdi": ("Adil Abdul-Mahdi", ("Abdul-Mahdi",)),
}
OTHER = {
    "usa": ("United States", "country", ("US", "USA")),
    "iran": ("Iran", "country", ()),
    "iraq": ("Iraq", "country", ()),
    "vote": ("parliament vote", "event", ()),
    "april_2020": ("11 April 2020", "date_label", ()),
    "jan_2021": ("United States forces", "organisation", ("US forces",)),
}


def d(text: str) -> DateValue:
    """Parse an ISO date at its precision."""
    return DateValue.parse(text)


def fact(
    fact_id: str,
    relation: str,
    subject: str,
    *claims: tuple[Value, str],
    kind: str | None = None,
    **fields: Any,
) -> Fact:
    """Return a fact whose claims are (value, source id) pairs, each with a made-up sentence."""
    rel = next(r for r in RELATIONS if r.id == relation)
    return Fact(
        id=fact_id,
        kind=kind or rel.kind,  # type: ignore[arg-type]
        relation=relation,
        subject=subject,
        claims=tuple(Claim(v, s, f"{s.upper()} sentence about {fact_id}.") for v, s in claims),
        **fields,
    )


def make_bank(facts: Iterable[Fact], entities: Iterable[Entity] | None = None) -> Bank:
    """Return a bank of the standard sources, relations and entities plus these facts."""
    if entities is None:
        entities = standard_entities()
    return Bank(
        info=BankInfo("test", "Test bank"),
        sources={s.id: s for s in SOURCES},
        entities={e.id: e for e in entities},
        relations={r.id: r for r in RELATIONS},
        facts={f.id: f for f in facts},
    )


def standard_entities() -> list[Entity]:
    """Return the bases, people, countries and events of the test bank."""
    out = [
        Entity(i, n, "base", a, {"province": p}) for i, (n, a, p) in BASES.items()
    ]  # fmt: skip
    out += [Entity(i, n, "place", a) for i, (n, a) in PROVINCES.items()]
    out += [Entity(i, n, "person", a) for i, (n, a) in PEOPLE.items()]
    out += [Entity(i, n, t, a) for i, (n, t, a) in OTHER.items()]
    return out


def standard_facts() -> list[Fact]:
    """Return the facts of the test bank (two contested handovers, one contested count)."""
    q = Quantity
    return [
        fact("al_qaim_handover", "handed_over_on", "al_qaim",
             (d("2020-03-19"), "wiki"), (d("2020-03-17"), "tic")),
        fact("qayyarah_handover", "handed_over_on", "qayyarah", (d("2020-03-26"), "wiki")),
        fact("k1_handover", "handed_over_on", "k1",
             (d("2020-03-29"), "tic"), (d("2020-03-30"), "wiki")),
        fact("sqoor_handover", "handed_over_on", "sqoor", (d("2020-03-30"), "tic")),
        fact("taqaddum_handover", "handed_over_on", "taqaddum", (d("2020-04-04"), "tic")),
        fact("abu_ghraib_handover", "handed_over_on", "abu_ghraib", (d("2020-04-06"), "tic")),
        fact("taji_handover", "handed_over_on", "taji", (d("2020-08-23"), "wiki")),
        fact("al_qaim_province", "in_province", "al_qaim", (EntityRef("anbar"), "wiki")),
        fact("k1_province", "in_province", "k1", (EntityRef("kirkuk"), "wiki")),
        fact("sqoor_province", "in_province", "sqoor", (EntityRef("nineveh"), "tic")),
        fact("taji_province", "in_province", "taji", (EntityRef("baghdad"), "wiki")),
        fact("us_troops_2021", "troops", "usa", (q(2500, "troops", "US troops"), "wiki")),
        fact("bases_by_april", "bases_handed_over", "april_2020",
             (q(6, "bases"), "tic"), (q(8, "bases"), "wiki")),
        fact("trump_quote", "said", "trump",
             ("We will charge them sanctions like they've never seen before.", "wiki")),
        fact("mahdi_quote", "said", "mahdi",
             ("The only way forward is the withdrawal of foreign forces.", "wiki")),
        fact("soleimani_role", "role", "soleimani", ("commander of the Quds Force", "wiki"),
             distractors=("commander of the Iraqi Army", "leader of Hezbollah in Lebanon",
                          "head of Iran's air force")),
        fact("muhandis_role", "role", "muhandis", ("deputy chief of the PMF", "wiki"),
             distractors=("Prime Minister of Iraq", "Iraq's defence minister")),
        fact("mahdi_role", "role", "mahdi", ("Prime Minister of Iraq", "wiki")),
        fact("soleimani_killed", "killed_by", "soleimani", (EntityRef("usa"), "wiki")),
        fact("vote_date", "occurred_on", "vote", (d("2020-01-05"), "wiki")),
    ]  # fmt: skip


@pytest.fixture(scope="session")
def bank() -> Bank:
    """Return the standard test bank (immutable, so shared by every test)."""
    return make_bank(standard_facts())


def option_id(question: Question, label: str) -> str:
    """Return the id of the option (either column) with this label."""
    for option in (*question.options, *question.right_options):
        if option.label == label:
            return option.id
    raise AssertionError(f"no option {label!r} in {question.options}")


def generate(bank: Bank, type_name: str, fact_id: str, seed: int = 0) -> Question:
    """Generate a question of a type about a fact; fail the test if none comes out."""
    for extra in range(50):  # some seeds pick a direction the fact cannot be asked in
        question = REGISTRY[type_name].generate(bank, bank.facts[fact_id], Random(seed + extra))
        if question is not None:
            return question
    raise AssertionError(f"{type_name} made no question about {fact_id}")


@pytest.fixture
def gen(bank: Bank) -> Callable[..., Question]:
    """Return generate() bound to the standard bank."""
    return lambda type_name, fact_id, seed=0: generate(bank, type_name, fact_id, seed)


@pytest.fixture
def oid() -> Callable[[Question, str], str]:
    """Return option_id()."""
    return option_id


@pytest.fixture
def bank_with() -> Callable[..., Bank]:
    """Return a function building the standard bank plus extra facts (or minus some ids)."""

    def build(*extra: Fact, without: Iterable[str] = ()) -> Bank:
        drop = set(without)
        return make_bank([*(f for f in standard_facts() if f.id not in drop), *extra])

    return build


@pytest.fixture
def days_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let events days apart be ordered and matched (the handovers of March 2020 are).

    For tests of other rules of ordering and matching on the standard bank; the month's gap
    itself is tested on its own.
    """
    monkeypatch.setattr(ordering, "MIN_GAP_DAYS", 1)
