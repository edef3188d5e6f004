"""Short answer: names, aliases and short texts, forgiving case, accents and punctuation."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.questions import REGISTRY, grade

SHORT = REGISTRY["short_answer"]


def _forward(bank, fact_id):
    for seed in range(50):
        q = SHORT._forward(bank, bank.facts[fact_id], Random(seed))
        if q is not None:
            return q
    raise AssertionError("no forward question")


def _reverse(bank, fact_id):
    q = SHORT._reverse(bank, bank.facts[fact_id], Random(0))
    assert q is not None
    return q


@pytest.mark.parametrize(
    ("response", "outcome"),
    [
        ("United States", "correct"),
        ("united states", "correct"),
        ("  The United   States. ", "correct"),
        ("US", "correct"),
        ("U.S.", "correct"),
        ("usa", "correct"),
        ("Iran", "incorrect"),
        ("United", "incorrect"),
        (None, "incorrect"),
        ("", "incorrect"),
        (42, "incorrect"),
        (["US"], "incorrect"),
        ("x" * 1000, "incorrect"),
    ],
)
def test_entity_answers(bank, response, outcome):
    q = _forward(bank, "soleimani_killed")
    assert q.stem == "Who killed Qassem Soleimani?"
    g = grade(q, response)
    assert g.outcome == outcome
    if outcome == "incorrect" and response not in (None, ""):
        assert "United States" in g.feedback


@pytest.mark.parametrize(
    ("response", "outcome"),
    [
        ("al-Qaim", "correct"),
        ("Al Qaim", "correct"),
        ("AL-QAIM BASE", "correct"),
        ("al‑Qā’im", "correct"),  # non-breaking hyphen, macron, typographic apostrophe
        ("Qayyarah", "incorrect"),
    ],
)
def test_reverse_accepts_aliases_with_accents_and_punctuation(bank, response, outcome):
    q = _reverse(bank, "al_qaim_handover")
    assert "al-Qaim" not in q.stem
    assert grade(q, response).outcome == outcome


def test_reverse_accepts_every_subject_with_that_value(bank):
    # 30 March 2020: Al-Sqoor (TIC) and K-1 (Wikipedia) both.
    q = _reverse(bank, "sqoor_handover")
    assert q.stem.endswith("on 30 March 2020?")
    assert grade(q, "Al-Sqoor").outcome == "correct"
    assert grade(q, "K-1").outcome == "correct"
    assert grade(q, "Camp Taji").outcome == "incorrect"


def test_free_text_and_quotes_are_never_typed_answers(bank):
    """A clause cannot be graded by its spelling ("west of Baghdad" vs "west of the capital")."""
    for fact_id in ("soleimani_role", "mahdi_role", "trump_quote"):
        assert not SHORT.applies(bank, bank.facts[fact_id])
        assert all(
            SHORT.generate(bank, bank.facts[fact_id], Random(seed)) is None for seed in range(20)
        )
