"""Multiple choice: generation (forward and reverse) and grading, including junk responses."""

from __future__ import annotations

from random import Random

import pytest

from quizapp.engine.questions import REGISTRY, grade
from quizapp.engine.text import normalize

MC = REGISTRY["multiple_choice"]


@pytest.mark.parametrize(
    ("fact_id", "right_labels"),
    [
        ("qayyarah_handover", {"26 March 2020", "Qayyarah Airfield West"}),
        ("us_troops_2021", {"2,500 troops", "United States"}),
        ("soleimani_killed", {"United States"}),
        ("al_qaim_province", {"Anbar"}),
    ],
)
def test_one_right_option_among_unique_options(bank, fact_id, right_labels):
    for seed in range(20):
        q = MC.generate(bank, bank.facts[fact_id], Random(seed))
        assert q is not None
        labels = [o.label for o in q.options]
        assert 3 <= len(labels) <= 4
        assert len({normalize(label) for label in labels}) == len(labels)
        right = [o.label for o in q.options if o.id in q.answer["correct"]]
        assert len(right) == 1 and right[0] in right_labels
        assert [o.id for o in q.options] == list("abcd"[: len(labels)])
        assert right[0] not in q.stem
        assert q.fact_ids == (fact_id,)
        assert q.sources and all(s.sentence for s in q.sources)


def test_date_distractors_have_the_same_precision_and_are_false(bank):
    for seed in range(30):
        q = MC._forward(bank, bank.facts["qayyarah_handover"], Random(seed))
        assert q is not None
        for option in q.options:
            assert len(option.label.split()) == 3  # '26 March 2020': a day, never 'March 2020'
        assert sum(o.label == "26 March 2020" for o in q.options) == 1


def test_reverse_question_offers_bases_and_never_another_true_one(bank):
    # On 30 March 2020 both Al-Sqoor (TIC) and K-1 (Wikipedia) were handed over.
    for seed in range(30):
        q = MC._reverse(bank, bank.facts["sqoor_handover"], Random(seed))
        assert q is not None
        assert q.stem == "Which base was handed over to Iraqi forces on 30 March 2020?"
        assert "K-1 Air Base" not in [o.label for o in q.options]


@pytest.mark.parametrize(
    ("response", "outcome", "points", "feedback"),
    [
        ("RIGHT", "correct", 1.0, "Correct."),
        (["RIGHT"], "correct", 1.0, "Correct."),
        ("WRONG", "incorrect", 0.0, "Incorrect. The answer is 26 March 2020."),
        (None, "incorrect", 0.0, "No answer."),
        ("", "incorrect", 0.0, "No answer."),
        ("   ", "incorrect", 0.0, "No answer."),
        ("z", "incorrect", 0.0, "That is not one of the options"),
        (3, "incorrect", 0.0, "That is not one of the options"),
        ({"a": 1}, "incorrect", 0.0, "That is not one of the options"),
        (["a", "b"], "incorrect", 0.0, "That is not one of the options"),
    ],
)
def test_grading(bank, oid, response, outcome, points, feedback):
    q = MC._forward(bank, bank.facts["qayyarah_handover"], Random(1))
    assert q is not None
    right = oid(q, "26 March 2020")
    wrong = next(o.id for o in q.options if o.id != right)
    if response == "RIGHT" or response == ["RIGHT"]:
        response = right if response == "RIGHT" else [right]
    elif response == "WRONG":
        response = wrong
    g = grade(q, response)
    assert (g.outcome, g.points, g.max_points) == (outcome, points, 1.0)
    assert g.feedback.startswith(feedback)


def test_grading_survives_a_json_round_trip(bank, oid):
    q = MC._forward(bank, bank.facts["qayyarah_handover"], Random(5))
    assert q is not None
    again = type(q).from_dict(q.to_dict())
    assert grade(again, oid(q, "26 March 2020")).outcome == "correct"
    assert "answer" not in again.public()
