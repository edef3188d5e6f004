"""What a bank says about its facts is checked on load, and old banks load with safe defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.engine.bank import Quantity, bank_to_dict, load_bank, load_bank_text, parse_bank_data
from quizapp.engine.parsing import BankError
from quizapp.engine.questions import REGISTRY

FAIR = Path(__file__).parents[1] / "fixtures" / "fair_bank.yaml"
TEXT = FAIR.read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def problems(text: str) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bank_text(text, filename="fair.yaml")
    return [str(issue) for issue in caught.value.issues]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_distractor_the_bank_states_is_refused_with_its_line():
    text = edited("distractors: [{text: north of Basra}", "distractors: [{text: South of Mosul}")
    (issue,) = problems(text)
    assert f"fair.yaml:{line_of(text, 'distractors: [{text: South')}" in issue
    assert (
        "expected a wrong value: 'South of Mosul' could be a way of saying 'south of Mosul'"
        in issue
    )


def test_a_distractor_that_is_another_way_of_saying_a_claim_is_refused():
    """17 March is al-Qaim's date in the brief: not wrong, however the article dates it."""
    text = edited(
        "    disputed_by:\n      - {value: {date: 2020-03-17}",
        "    distractors: [{date: 2020-03}]\n    disputed_by:\n      - {value: {date: 2020-03-17}",
    )
    (issue,) = problems(text)
    assert "March 2020" in issue and "expected a wrong value" in issue


def test_a_one_valued_relation_refuses_two_values_and_says_how_to_record_a_disagreement():
    text = edited(
        "{id: mckenzie_rank, relation: rank, subject: mckenzie, value: {entity: general}",
        "{id: mckenzie_rank, relation: rank, subject: milley, value: {entity: major_general}",
    )
    (issue,) = problems(text)
    assert "says a subject has one value" in issue and "disputed_by" in issue


def test_a_one_subject_relation_refuses_a_value_given_to_two_subjects_by_one_source():
    text = edited(
        "    closed: true\n    typed_answers: true\n    ask: Which post",
        "    subjects: one\n    ask: Which post",
    )
    text = text.replace(
        'entity: chairman_jcs}, source: tic,', "entity: chairman_jcs}, source: wiki,"
    )
    (issue,) = problems(text)
    assert "belongs to one subject" in issue and "Mark Milley" in issue


def test_event_labels_may_not_carry_dates():
    text = edited('label: "{subject} is handed over', 'label: "In 2020, {subject} is handed over')
    (issue,) = problems(text)
    assert "without a year or month name" in issue


def test_a_label_names_an_event_so_only_dates_have_one():
    text = edited(
        "    ask: Where is {subject}?\n",
        "    ask: Where is {subject}?\n    label: '{subject} is moved'\n",
    )
    assert any("only dated facts are put in order" in p for p in problems(text))


def test_approximate_and_a_contrary_qualifier_are_refused():
    text = edited("qualifier: more_than}", "qualifier: more_than, approximate: true}")
    assert any("either approximate: true or qualifier" in p for p in problems(text))


def test_the_new_fields_survive_a_round_trip():
    bank = load_bank(FAIR)
    again = parse_bank_data(
        yaml.safe_load(yaml.safe_dump(bank_to_dict(bank))), filename="again.yaml"
    )
    assert again.relations == bank.relations
    assert again.facts == bank.facts
    assert again.entities == bank.entities
    assert again.facts["coalition_size"].value == Quantity(30, "countries", qualifier="more_than")


OLD_FORMAT = """
bank: {id: old, title: A bank written before relations said what they mean}
sources: [{id: s, title: Notes}]
relations:
  - {id: used_by, kind: base, value_type: entity, ask: "Who used {subject}?",
     ask_reverse: "Which base did {value} use?", statement: "{subject} was used by {value}."}
  - {id: troops, kind: figure, value_type: quantity, ask: "How many troops were at {subject}?",
     statement: "{subject} had {value}."}
entities:
  - {id: taji, name: Camp Taji, type: base}
  - {id: besmaya, name: Besmaya Camp, type: base}
  - {id: spain, name: Spain, type: country}
  - {id: italy, name: Italy, type: country}
  - {id: france, name: France, type: country}
facts:
  - {id: f1, relation: used_by, subject: besmaya, value: {entity: spain}, source: s, sentence: A.}
  - {id: f2, relation: used_by, subject: taji, value: {entity: italy}, source: s, sentence: B.}
  - {id: f3, relation: used_by, subject: taji, value: {entity: france}, source: s, sentence: C.}
  - {id: f4, relation: troops, subject: taji,
     value: {number: 2500, unit: troops, approximate: true}, source: s, sentence: D.}
"""


def test_a_bank_in_the_old_format_loads_with_defaults_that_err_on_the_safe_side():
    bank = load_bank_text(OLD_FORMAT, filename="old.yaml")
    used_by = bank.relations["used_by"]
    assert (used_by.values, used_by.subjects_per_value, used_by.closed) == ("many", "many", False)
    assert bank.facts["f4"].value.qualifier == "about"  # type: ignore[union-attr]
    for fact in bank.facts.values():
        for name in ("multiple_choice", "true_false", "matching", "short_answer", "numeric"):
            assert not REGISTRY[name].applies(bank, fact), (name, fact.id)
