"""True/false: true statements, minimally altered false ones, and grading of every response."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.questions import REGISTRY, grade

TF = REGISTRY["true_false"]


def _both(bank, fact_id):
    found = {}
    for seed in range(60):
        q = TF.generate(bank, bank.facts[fact_id], Random(seed))
        assert q is not None
        found.setdefault(q.answer["true"], q)
    return found[True], found[False]


def test_true_statement_states_the_fact(bank):
    true_q, _ = _both(bank, "qayyarah_handover")
    assert true_q.stem == "Qayyarah Airfield West was handed over to Iraqi forces on 26 March 2020."


def test_false_statement_changes_only_the_value_and_is_false(bank):
    _, false_q = _both(bank, "qayyarah_handover")
    prefix = "Qayyarah Airfield West was handed over to Iraqi forces on "
    assert false_q.stem.startswith(prefix)
    assert false_q.stem != prefix + "26 March 2020."
    assert false_q.explanation.startswith(prefix + "26 March 2020.")


def test_false_figure_keeps_the_unit(bank):
    for seed in range(40):
        q = TF.generate(bank, bank.facts["us_troops_2021"], Random(seed))
        assert q is not None and "troops in Iraq in January 2021" in q.stem
        assert ("2,500 troops" in q.stem) == q.answer["true"]


@pytest.mark.parametrize(
    ("response", "truth", "outcome"),
    [
        ("true", True, "correct"),
        ("TRUE ", True, "correct"),
        (True, True, "correct"),
        ("yes", True, "correct"),
        ("false", True, "incorrect"),
        (False, False, "correct"),
        ("f", False, "correct"),
        ("true", False, "incorrect"),
        ("maybe", True, "incorrect"),
        (1, True, "incorrect"),
        (None, True, "incorrect"),
        ("", False, "incorrect"),
        ([], False, "incorrect"),
    ],
)
def test_grading(bank, response, truth, outcome):
    q = _both(bank, "taji_handover")[0 if truth else 1]
    g = grade(q, response)
    assert g.outcome == outcome
    assert g.points == (1.0 if outcome == "correct" else 0.0)
    if response in (None, "", []):
        assert g.feedback == "No answer."
    else:
        assert ("statement is true" if truth else "statement is false") in g.feedback
