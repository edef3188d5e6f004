"""Quality sweep over the shipped banks: every fact, every type that applies, many seeds.

Mechanical checks on every generated question: the right answer is among the options exactly
once, options are unique, no wrong option is true according to the bank, the stem does not give
the answer away, every source sentence is attached, and the question survives JSON. Over all
pick-one questions the right option's position is spread evenly (chi-square).

And what a teacher relies on: the linter rejects nothing the generators make from a shipped bank
(a rejection is a bank or generator fault to fix, never to hide); every date, figure and
entity-valued fact can be asked by some type; all eight types are made from every shipped bank
big enough to need them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from random import Random

import pytest

from quizapp.engine.bank import Bank, Question, load_bank
from quizapp.engine.bank.truth import known_false, subject_known_false
from quizapp.engine.questions import REGISTRY, phrasing
from quizapp.engine.questions.choice import answer_texts
from quizapp.engine.questions.lint import lint
from quizapp.engine.text import canonical, contains_phrase

BANKS = sorted((Path(__file__).parents[2] / "question_bank").glob("*.yaml"))
SEEDS = 20
# Chi-square critical values at p = 0.001 for 2 and 3 degrees of freedom.
CHI2_CRITICAL = {3: 13.82, 4: 16.27}
TYPES = [name for name in REGISTRY if name != "fixed"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=BANKS, ids=[p.name for p in BANKS])
def shipped(request: pytest.FixtureRequest) -> Bank:
    return load_bank(request.param)


@pytest.fixture(scope="module")
def generated(shipped: Bank) -> list[Question]:
    out = []
    for fact in shipped.facts.values():
        for name in TYPES:
            if not REGISTRY[name].applies(shipped, fact):
                continue
            for seed in range(SEEDS):
                # One stream per fact and seed: Random(seed) alone would replay the same
                # shuffles for every fact, and the positions would not be independent draws.
                q = REGISTRY[name].generate(shipped, fact, Random(f"{fact.id}/{name}/{seed}"))
                if q is not None:
                    out.append(q)
    return out


def _by_label(bank: Bank, fact_id: str, label: str):  # type: ignore[no-untyped-def]
    """Return the value of the fact's kind whose display is `label` (None if none)."""
    fact = bank.facts[fact_id]
    candidates = [*fact.distractors, *fact.values]
    candidates += [v for f in bank.facts_by_relation[fact.relation] for v in f.values]
    return next((v for v in candidates if bank.display(v) == label), None)


def _check_pick(bank: Bank, q: Question) -> None:
    fact = bank.facts[q.fact_ids[0]]
    labels = [o.label for o in q.options]
    assert len({canonical(label) for label in labels}) == len(labels), labels
    right = [o.label for o in q.options if o.id in q.answer["correct"]]
    assert len(right) == 1
    form = q.params.get("form")
    if q.type == "who_said" or form == "reverse":
        assert canonical(right[0]) == canonical(bank.entities[fact.subject].name)
        for name in bank.entities[fact.subject].names():
            assert not contains_phrase(q.stem, name), (q.stem, name)
        for label in labels:
            if label == right[0]:
                continue
            (other,) = [e for e in bank.entities.values() if e.label() == label]
            shown = [v for v in fact.values if q.type == "who_said" or bank.display(v) in q.stem]
            assert any(subject_known_false(bank, fact, other.id, v) for v in shown), label
    elif form != "disagreement":
        for v in fact.values:
            for text in answer_texts(bank, v):
                assert not contains_phrase(q.stem, text), (q.stem, text)
        for label in labels:
            if label == right[0]:
                continue
            value = _by_label(bank, fact.id, label)
            assert value is None or known_false(bank, fact.subject, fact.relation, value, fact), (
                q.stem,
                label,
            )


def _check_common(bank: Bank, q: Question) -> None:
    assert q.fact_ids and all(i in bank.facts for i in q.fact_ids)
    assert q.sources and all(s.sentence.strip() for s in q.sources)
    for fact_id in q.fact_ids:
        claims = bank.facts[fact_id].claims
        assert len([s for s in q.sources if s.fact_id == fact_id]) == len(claims)
    assert len({o.id for o in q.options}) == len(q.options)
    assert Question.from_dict(q.to_dict()) == q  # serialisable and back


def test_mechanical_checks(shipped: Bank, generated: list[Question]) -> None:
    positions: dict[int, Counter[int]] = {3: Counter(), 4: Counter()}
    for q in generated:
        _check_common(shipped, q)
        if q.type in ("multiple_choice", "who_said"):
            _check_pick(shipped, q)
            index = next(i for i, o in enumerate(q.options) if o.id in q.answer["correct"])
            positions[len(q.options)][index] += 1
        elif q.type in ("numeric", "date_entry", "short_answer"):
            for label in q.answer["labels"]:
                assert not contains_phrase(q.stem, label), (q.stem, label)
        elif q.type == "true_false":
            fact = shipped.facts[q.fact_ids[0]]
            true_stems = {phrasing.statement(shipped, fact, v) for v in fact.values}
            assert (q.stem in true_stems) == q.answer["true"], q.stem
    for n, counts in positions.items():
        total = sum(counts.values())
        if total < 20 * n:
            continue
        expected = total / n
        chi2 = sum((counts[i] - expected) ** 2 / expected for i in range(n))
        assert chi2 < CHI2_CRITICAL[n], (n, dict(counts))


def test_the_linter_rejects_nothing_made_from_a_shipped_bank(
    shipped: Bank, generated: list[Question]
) -> None:
    rejected = [(q.type, q.stem, lint(shipped, q)) for q in generated if lint(shipped, q)]
    assert not rejected, rejected[:10]


def test_every_date_figure_and_entity_fact_can_be_asked(
    shipped: Bank, generated: list[Question]
) -> None:
    asked = {fact_id for q in generated for fact_id in q.fact_ids[:1]}
    typed = [
        f.id
        for f in shipped.facts.values()
        if shipped.relations[f.relation].value_type in ("date", "quantity", "entity")
    ]
    missing = sorted(set(typed) - asked)
    assert not missing, f"typed facts no type asks: {missing}"


def test_all_eight_types_are_made(shipped: Bank, generated: list[Question]) -> None:
    made = Counter(q.type for q in generated)
    assert set(TYPES) <= set(made), made
    true_share = sum(q.answer["true"] for q in generated if q.type == "true_false") / made[
        "true_false"
    ]
    assert 0.4 < true_share < 0.6  # true and false equally likely
