"""Downloadable CSV templates, one per fact kind: the full header and two example rows.

Every template is itself a valid upload (a test imports each one), so an instructor can start
from it, replace the example rows and keep the columns.
"""

from __future__ import annotations

import csv
import io

from quizapp.engine.bank.model import FACT_KINDS
from quizapp.engine.importers.csv_rows import COLUMNS

_SOURCE = {"source_title": "Example Encyclopaedia", "source_origin": "replace with your source"}

_EXAMPLES: dict[str, list[dict[str, str]]] = {
    "date": [
        {
            "fact_id": "eiffel_tower_opened", "relation": "opened_on",
            "subject": "Eiffel Tower", "subject_type": "landmark",
            "subject_aliases": "Tour Eiffel", "subject_attributes": "city=Paris",
            "relation_question": "When did {subject} open to the public?",
            "reverse_question": "Which landmark opened to the public on {value}?",
            "statement": "{subject} opened to the public on {value}.",
            "value": "1889-03-31",
            "sentence": "The Eiffel Tower opened to the public on 31 March 1889.",
        },
        {
            "fact_id": "statue_of_liberty_opened", "relation": "opened_on",
            "subject": "Statue of Liberty", "subject_type": "landmark",
            "subject_attributes": "city=New York", "value": "1886-10-28",
            "sentence": "The Statue of Liberty was dedicated on 28 October 1886.",
            "note": "The day it was dedicated.",
        },
    ],
    "base": [
        {
            "fact_id": "ramstein_state", "relation": "in_state",
            "subject": "Ramstein Air Base", "subject_type": "base", "subject_aliases": "Ramstein",
            "relation_question": "In which German state is {subject}?",
            "reverse_question": "Which base is in {value}?",
            "statement": "{subject} is in {value}.",
            "value": "Rhineland-Palatinate",
            "sentence": "Ramstein Air Base is in the state of Rhineland-Palatinate.",
        },
        {
            "fact_id": "grafenwoehr_state", "relation": "in_state",
            "subject": "Grafenwöhr Training Area", "subject_type": "base",
            "subject_aliases": "Grafenwoehr", "value": "Bavaria",
            "sentence": "The Grafenwöhr Training Area is in Bavaria.",
        },
    ],
    "figure": [
        {
            "fact_id": "everest_height", "relation": "height",
            "subject": "Mount Everest", "subject_type": "mountain",
            "relation_question": "How high is {subject}?",
            "statement": "{subject} is {value} high.",
            "value": "8,849", "unit": "metres", "counts": "height above sea level",
            "as_of": "2020", "approximate": "no",
            "sentence": "Mount Everest is 8,849 metres high.",
        },
        {
            "fact_id": "k2_height", "relation": "height", "subject": "K2",
            "subject_type": "mountain", "value": "8611", "unit": "metres",
            "counts": "height above sea level", "approximate": "yes",
            "sentence": "K2 is about 8,611 metres high.",
        },
    ],
    "actor": [
        {
            "fact_id": "armstrong_role", "relation": "apollo_11_role",
            "subject": "Neil Armstrong", "subject_type": "person", "subject_aliases": "Armstrong",
            "relation_question": "What was {subject}'s role on Apollo 11?",
            "reverse_question": "Who was the {value} of Apollo 11?",
            "statement": "{subject} was the {value} of Apollo 11.",
            "value": "commander",
            "sentence": "Neil Armstrong was the commander of Apollo 11.",
        },
        {
            "fact_id": "aldrin_role", "relation": "apollo_11_role", "subject": "Buzz Aldrin",
            "subject_type": "person", "subject_aliases": "Aldrin",
            "value": "lunar module pilot",
            "sentence": "Buzz Aldrin was the lunar module pilot of Apollo 11.",
        },
    ],
    "quote": [
        {
            "fact_id": "armstrong_moon_words", "relation": "said",
            "subject": "Neil Armstrong", "subject_type": "person",
            "relation_question": "What did {subject} famously say?",
            "reverse_question": "Who said: “{value}”?",
            "statement": "{subject} said: “{value}”",
            "value": "That's one small step for man, one giant leap for mankind.",
            "sentence": "Stepping onto the Moon, Neil Armstrong said: "
            "“That's one small step for man, one giant leap for mankind.”",
        },
        {
            "fact_id": "caesar_zela", "relation": "said", "subject": "Julius Caesar",
            "subject_type": "person", "subject_aliases": "Caesar",
            "value": "I came, I saw, I conquered.",
            "sentence": "After the battle of Zela, Julius Caesar wrote: “I came, I saw, "
            "I conquered.”",
        },
    ],
    "relation": [
        {
            "fact_id": "paris_capital", "relation": "capital_of",
            "subject": "Paris", "subject_type": "city",
            "relation_question": "Of which country is {subject} the capital?",
            "reverse_question": "What is the capital of {value}?",
            "statement": "{subject} is the capital of {value}.",
            "value": "France", "value_type": "entity", "value_entity_type": "country",
            "sentence": "Paris is the capital of France.",
        },
        {
            "fact_id": "rome_capital", "relation": "capital_of", "subject": "Rome",
            "subject_type": "city", "value": "Italy", "value_type": "entity",
            "value_entity_type": "country", "sentence": "Rome is the capital of Italy.",
        },
    ],
}  # fmt: skip


def csv_template(kind: str) -> str:
    """Return a CSV template for one fact kind: `#title` row, header, two example rows."""
    if kind not in FACT_KINDS:
        raise ValueError(f"unknown fact kind {kind!r}; expected one of {', '.join(FACT_KINDS)}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["#title", f"My {kind} facts"])
    writer.writerow(COLUMNS)
    for example in _EXAMPLES[kind]:
        row = {"kind": kind, **_SOURCE, **example}
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return out.getvalue()
