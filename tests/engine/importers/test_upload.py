"""parse_upload: every format round-trips, and hostile uploads are refused or kept as inert text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.engine.bank import Bank, bank_to_dict, dump_bank_yaml, load_bank_text
from quizapp.engine.importers import csv_template, parse_upload, upload_format
from quizapp.engine.parsing import BankError, BankIssue

FIXTURES = Path(__file__).parents[1] / "fixtures"
VALID_YAML = (FIXTURES / "valid_bank.yaml").read_bytes()
GIFT = (
    b"$CATEGORY: Demo\n::tf::Sky is blue.{T#No#Yes####Rayleigh.}\n\n"
    b"::mc::Pick{=a#ok ~%50%b ~c}\n\n::num::N?{# =5:1 =%50%4..8 ~#no}\n\n"
    b"::sa::Name?{=Bob =%25%Rob*}\n\n::m::Match{=x -> 1 =y -> 2 = -> 3}\n"
)


def refused(data: bytes, filename: str, **kwargs: object) -> BankIssue:
    with pytest.raises(BankError) as caught:
        parse_upload(data, filename, **kwargs)  # type: ignore[arg-type]
    return caught.value.issues[0]


def same(a: Bank, b: Bank) -> None:
    assert a.info == b.info
    assert a.facts == b.facts
    assert a.entities == b.entities
    assert a.relations == b.relations
    assert a.questions == b.questions
    assert {k: (s.title, s.origin, s.file) for k, s in a.sources.items()} == {
        k: (s.title, s.origin, s.file) for k, s in b.sources.items()
    }


UPLOADS = [
    ("bank.yaml", VALID_YAML),
    ("bank.json", json.dumps(bank_to_dict(load_bank_text(VALID_YAML, filename="v.yaml"))).encode()),
    ("facts.csv", csv_template("relation").encode()),
    ("quiz.gift", GIFT),
    ("moodle-export.txt", GIFT),
]


@pytest.mark.parametrize(("filename", "data"), UPLOADS, ids=[u[0] for u in UPLOADS])
def test_each_format_round_trips_through_download(filename: str, data: bytes) -> None:
    bank = parse_upload(data, filename)
    assert bank.facts or bank.questions
    same(bank, load_bank_text(dump_bank_yaml(bank), filename="download.yaml"))
    same(bank, parse_upload(json.dumps(bank_to_dict(bank)).encode(), "download.json"))


def test_formats_come_from_the_extension() -> None:
    names = ("a.YML", "b.json", "c.csv", "d.gift", "e.txt", "f.xlsx", "g.XML", "h.aiken")
    assert [upload_format(n) for n in names] == [
        "yaml", "json", "csv", "gift", "gift", None, "moodle-xml", "aiken",
    ]  # fmt: skip
    issue = refused(b"a,b", "facts.xlsx")
    assert issue.file == "facts.xlsx"
    assert issue.message.startswith(
        "expected a .yaml, .yml, .json, .csv, .gift, .txt, .xml, .aiken file"
    )


@pytest.mark.parametrize("filename", ["big.yaml", "big.json", "big.csv", "big.gift"])
def test_a_20_mb_file_is_refused_by_size_before_it_is_read(filename: str) -> None:
    # Invalid UTF-8 throughout: any parsing at all would report that instead of the size.
    issue = refused(b"\xff" * 20_000_000, filename)
    assert issue.message == "the file is 20,000,000 bytes; expected at most 2,000,000"
    assert issue.line is None


def test_the_size_limit_is_the_callers() -> None:
    assert "expected at most 100" in refused(GIFT, "quiz.gift", max_bytes=100).message


def test_yaml_alias_bomb_is_refused() -> None:
    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    for i in range(1, 10):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}" + f",*{chr(96 + i)}" * 8 + "]\n"
    issue = refused(bomb.encode(), "bomb.yaml")
    assert (issue.line, "anchors and aliases" in issue.message) == (1, True)


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"bank: !!python/object/apply:os.system ['touch {marker}']\n"
    issue = refused(text.encode(), "evil.yaml")
    assert "tag !!python/object/apply:os.system is not allowed" in issue.message
    assert not marker.exists()


@pytest.mark.parametrize(
    ("filename", "text"),
    [("deep.yaml", "[" * 1000 + "]" * 1000), ("deep.json", "[" * 1000 + "]" * 1000)],
)
def test_deep_nesting_is_refused(filename: str, text: str) -> None:
    assert "levels of nesting" in refused(text.encode(), filename).message


def test_deep_braces_in_gift_and_csv_are_just_errors() -> None:
    assert refused(b"Q" + b"{" * 1000 + b"}" * 1000, "deep.gift").line == 1
    assert refused(b"[" * 1000, "deep.csv").line == 1


@pytest.mark.parametrize("filename", ["bad.yaml", "bad.json", "bad.csv", "bad.gift"])
def test_non_utf8_is_refused_with_its_line(filename: str) -> None:
    data = b"// first line\nkind,caf\xe9\n"
    issue = refused(data, filename)
    assert (issue.line, issue.column) == (2, 9)
    assert "expected UTF-8 text: byte 0xe9" in issue.message


SCRIPT = "<script>alert(1)</script>"


def test_script_tags_in_every_yaml_text_are_kept_verbatim() -> None:
    s = SCRIPT
    text = f"""
bank: {{id: x, title: "T {s}", subject: "{s}", description: "{s}"}}
sources: [{{id: src, title: "{s}", origin: "{s}"}}]
relations:
  - {{id: rel, kind: quote, value_type: text, ask: "Say {{subject}} {s}",
     ask_reverse: "Who {{value}} {s}", statement: "{{subject}} said {{value}} {s}"}}
entities: [{{id: e, name: "{s}", type: person, aliases: ["{s} 2"], attributes: {{a: "{s}"}},
            description: "{s}"}}]
facts:
  - {{id: f, relation: rel, subject: e, value: {{text: "{s}!"}}, source: src, sentence: "{s}",
     note: "{s}"}}
questions:
  - {{id: q, type: multiple_choice, title: "{s}", category: "{s}", stem: "{s}",
     options: [{{text: "{s}", weight: 100, feedback: "{s}"}}, {{text: "no {s}"}}],
     general_feedback: "{s}", source: src, sentence: "{s}"}}
"""
    bank = parse_upload(text.encode(), "x.yaml")
    dumped = json.dumps(bank_to_dict(bank), ensure_ascii=False)
    assert dumped.count(SCRIPT) == 23  # every text field above
    assert "&lt;" not in dumped
    assert bank.questions["q"].stem == SCRIPT
    assert bank.entities["e"].name == SCRIPT


def test_script_tags_in_every_csv_cell_are_kept_verbatim() -> None:
    s = SCRIPT
    text = (
        "#title," + s + "\n"
        "fact_id,kind,relation,subject,subject_type,subject_aliases,subject_attributes,"
        "relation_question,reverse_question,statement,value,value_type,value_entity_type,"
        "source_title,source_origin,sentence,note\n"
        f"f,relation,r,{s},person,{s} 2,a={s},What {{subject}} {s},Who {{value}} {s},"
        f"{{subject}} {{value}} {s},{s} 3,entity,thing,{s},{s},{s},{s}\n"
    )
    bank = parse_upload(text.encode(), "x.csv")
    fact = bank.facts["f"]
    assert bank.info.title == SCRIPT
    assert bank.entities[fact.subject].name == SCRIPT
    assert bank.entities[fact.value.entity_id].name == f"{SCRIPT} 3"  # type: ignore[union-attr]
    assert bank.sources[fact.claims[0].source_id].title == SCRIPT
    assert fact.claims[0].sentence == SCRIPT and fact.note == SCRIPT
    assert bank.relations["r"].statement == "{subject} {value} " + SCRIPT


def test_script_tags_in_gift_are_kept_verbatim() -> None:
    s = SCRIPT
    text = f"$CATEGORY: {s}\n::{s}::{s}{{={s}#{s} ~x####{s}}}"
    question = next(iter(parse_upload(text.encode(), "x.gift").questions.values()))
    assert (question.title, question.category, question.stem) == (s, s, s)
    assert question.choices[0].text == s and question.choices[0].feedback == s
    assert question.general_feedback == s
    # Marked as HTML, the markup is turned into text: a script is dropped, never kept to run.
    html = f"::t::[html]<p>Hi</p>{s}{{=<b>yes</b>{s} ~x}}"
    question = next(iter(parse_upload(html.encode(), "x.gift").questions.values()))
    assert (question.stem, question.choices[0].text) == ("Hi", "yes")
