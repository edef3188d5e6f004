"""Hostile uploads of any size, one per way a file once made the importers do quadratic work.

`HOSTILE[name](n)` returns (file name, file bytes) holding about n facts or questions (or n
mistakes); `EXPECTED[name]` says what importing it must give: "ok" (every item imported) or
"errors" (one reported issue per item at least). `COUNTED[fmt](n)` is a file of exactly n facts
or questions, to test the limit per upload. Shared by tests/engine/importers/test_import_scaling.py,
tests/web/banks/test_banks_hostile.py and bench/bench_import.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable

RELATION = (
    "relations: [{id: r, kind: relation, value_type: text, ask: 'What of {subject}?', "
    "statement: '{subject}: {value}'}]\n"
)
CSV_HEADER = (
    "kind,subject,subject_type,subject_aliases,relation_question,statement,value,unit,"
    "source_title,sentence"
)


def gift_one_title(n: int) -> tuple[str, bytes]:
    """n questions sharing one title: each id probed past every earlier one."""
    text = "\n\n".join(f"::Same title::What is {i}?{{=a{i} ~b{i}}}" for i in range(n))
    return "same.gift", text.encode()


def gift_one_question(n: int) -> tuple[str, bytes]:
    """One question with n answers on n lines: each answer's line found from the block start."""
    lines = "\n".join(f"~wrong {i}#no" for i in range(n))
    return "big.gift", f"::Big::Pick one{{\n=right\n{lines}\n}}".encode()


def gift_errors(n: int) -> tuple[str, bytes]:
    """n questions each with a mistake, each reported with its line."""
    text = "\n\n".join(f"::Q{i}::Weight {i}?{{~%500%a ~b}}" for i in range(n))
    return "bad.gift", text.encode()


def csv_one_subject(n: int) -> tuple[str, bytes]:
    """n rows of one subject and relation without fact ids (made ids collide), each aliasing it."""
    rows = [CSV_HEADER] + [
        f"figure,Base A,base,A{i},How many at {{subject}}?,{{subject}} had {{value}}.,{i},troops,"
        f"Survey,Sentence {i}."
        for i in range(n)
    ]
    return "one.csv", "\n".join(rows).encode()


def csv_many_subjects(n: int) -> tuple[str, bytes]:
    """n rows naming n subjects and n sources: each looked up by name among the earlier ones."""
    rows = [CSV_HEADER] + [
        f"figure,Base {i},base,B{i};C{i},How many at {{subject}}?,{{subject}} had {{value}}.,"
        f"{i},troops,Survey {i},Sentence {i}."
        for i in range(n)
    ]
    return "many.csv", "\n".join(rows).encode()


def csv_errors(n: int) -> tuple[str, bytes]:
    """n rows each with a bad value, each reported with its line and column."""
    rows = [CSV_HEADER] + [
        f"figure,Base {i},base,,How many at {{subject}}?,{{subject}} had {{value}}.,lots,troops,"
        f"Survey,Sentence {i}."
        for i in range(n)
    ]
    return "bad.csv", "\n".join(rows).encode()


def yaml_valid(n: int) -> tuple[str, bytes]:
    """A valid bank of n entities and n facts."""
    entities = "\n".join(f"  - {{id: e{i}, name: E{i}, type: base}}" for i in range(n))
    facts = "\n".join(
        f"  - {{id: f{i}, relation: r, subject: e{i}, value: {{text: v{i}}}, source: s, "
        f"sentence: S{i}.}}"
        for i in range(n)
    )
    text = (
        f"bank: {{id: b, title: B}}\nsources: [{{id: s, title: S}}]\n{RELATION}"
        f"entities:\n{entities}\nfacts:\n{facts}\n"
    )
    return "valid.yaml", text.encode()


def yaml_unknown_refs(n: int) -> tuple[str, bytes]:
    """n facts naming entities the bank lacks among n it has: each 'did you mean' looks at all."""
    entities = "\n".join(f"  - {{id: x{i}, name: X{i}, type: base}}" for i in range(n))
    facts = "\n".join(
        f"  - {{id: f{i}, relation: r, subject: e{i}, value: {{text: v}}, source: s, sentence: S.}}"
        for i in range(n)
    )
    text = (
        f"bank: {{id: b, title: B}}\nsources: [{{id: s, title: S}}]\n{RELATION}"
        f"entities:\n{entities}\nfacts:\n{facts}\n"
    )
    return "unknown.yaml", text.encode()


def json_schema_errors(n: int) -> tuple[str, bytes]:
    """n facts breaking the schema several ways each: every complaint checked against the rest."""
    facts = [
        {"id": f"Bad id {i}", "extra": i, "value": {"date": "x", "text": "y"}} for i in range(n)
    ]
    return "schema.json", json.dumps({"bank": {"id": "b", "title": "B"}, "facts": facts}).encode()


def json_questions(n: int) -> tuple[str, bytes]:
    """A valid bank of n hand-written questions sharing their option texts."""
    questions = [
        {"id": f"q{i}", "type": "multiple_choice", "stem": f"Question {i}?",
         "options": [{"text": "yes", "weight": 100}, {"text": "no"}]}
        for i in range(n)
    ]  # fmt: skip
    data = {"bank": {"id": "b", "title": "B"}, "questions": questions}
    return "questions.json", json.dumps(data, indent=1).encode()


def moodle_one_name(n: int) -> tuple[str, bytes]:
    """n Moodle XML questions sharing one name: each id probed past every earlier one."""
    question = (
        '<question type="truefalse"><name><text>Same</text></name><questiontext><text>Q {i}?'
        '</text></questiontext><answer fraction="100"><text>true</text></answer></question>\n'
    )  # kept short: 10,001 of them stay under the 2 MB an upload may be
    text = "<quiz>\n" + "".join(question.format(i=i) for i in range(n)) + "</quiz>\n"
    return "same.xml", text.encode()


def moodle_errors(n: int) -> tuple[str, bytes]:
    """n Moodle XML questions each with a bad fraction, each reported with its element path."""
    question = (
        '<question type="multichoice"><questiontext><text>Q {i}?</text></questiontext>'
        '<answer fraction="lots"><text>a</text></answer></question>\n'
    )
    text = "<quiz>\n" + "".join(question.format(i=i) for i in range(n)) + "</quiz>\n"
    return "bad.xml", text.encode()


def aiken_questions(n: int) -> tuple[str, bytes]:
    """n Aiken questions alike: each id probed past every earlier one."""
    text = "\n\n".join(f"Same question?\nA. yes {i}\nB. no\nANSWER: A" for i in range(n))
    return "same.aiken", text.encode()


def aiken_errors(n: int) -> tuple[str, bytes]:
    """n Aiken questions each naming an answer it lacks."""
    text = "\n\n".join(f"Q {i}?\nA. yes\nB. no\nANSWER: Z" for i in range(n))
    return "bad.aiken", text.encode()


HOSTILE: dict[str, Callable[[int], tuple[str, bytes]]] = {
    "gift-one-title": gift_one_title,
    "gift-one-question": gift_one_question,
    "gift-errors": gift_errors,
    "csv-one-subject": csv_one_subject,
    "csv-many-subjects": csv_many_subjects,
    "csv-errors": csv_errors,
    "yaml-valid": yaml_valid,
    "yaml-unknown-refs": yaml_unknown_refs,
    "json-schema-errors": json_schema_errors,
    "json-questions": json_questions,
    "moodle-one-name": moodle_one_name,
    "moodle-errors": moodle_errors,
    "aiken-questions": aiken_questions,
    "aiken-errors": aiken_errors,
}
EXPECTED = {
    "gift-one-title": "ok",
    "gift-one-question": "ok",
    "gift-errors": "errors",
    "csv-one-subject": "ok",
    "csv-many-subjects": "ok",
    "csv-errors": "errors",
    "yaml-valid": "ok",
    "yaml-unknown-refs": "errors",
    "json-schema-errors": "errors",
    "json-questions": "ok",
    "moodle-one-name": "ok",
    "moodle-errors": "errors",
    "aiken-questions": "ok",
    "aiken-errors": "errors",
}


def _counted_gift(n: int) -> tuple[str, bytes]:
    return "many.gift", "\n\n".join(f"::Q{i}::Question {i}?{{T}}" for i in range(n)).encode()


# A valid file of exactly n facts or questions, per format.
COUNTED: dict[str, Callable[[int], tuple[str, bytes]]] = {
    "gift": _counted_gift,
    "moodle-xml": moodle_one_name,
    "aiken": aiken_questions,
    "csv": csv_many_subjects,
    "yaml": yaml_valid,
    "json": json_questions,
}
