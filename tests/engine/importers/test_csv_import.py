"""CSV import: a sheet of facts becomes the right bank; every mistake names its line and column."""

from __future__ import annotations

import pytest

from quizapp.engine.bank import FACT_KINDS, Bank, DateValue, EntityRef, Quantity
from quizapp.engine.importers import CSV_COLUMNS, csv_template, parse_upload
from quizapp.engine.parsing import BankError, BankIssue

HEADER = (
    "fact_id,kind,relation,subject,subject_type,subject_aliases,subject_attributes,"
    "relation_question,reverse_question,statement,value,value_type,value_entity_type,unit,counts,"
    "as_of,approximate,source_title,source_origin,sentence,note"
)
HANDOVER = (
    "handed_over_on,al-Qaim base,base,al-Qaim; Al Qaim,province=Anbar,"
    "When was {subject} handed over?,Which base was handed over on {value}?,"
    "{subject} was handed over on {value}."
)
SHEET = "\n".join(
    [
        "#title,Iraq withdrawal",
        "#subject,Modern history",
        HEADER,
        f"al_qaim_handover,date,{HANDOVER},2020-03-19,,,,,,,Wikipedia,Wikipedia article,"
        '"On 19 March 2020, al-Qaim was handed over.",',
        "al_qaim_handover,date,,al qaim,,,,,,,17 March 2020,,,,,,,TIC brief,,"
        '"On 17 March 20, troops left al-Qaim.",',
        ",date,handed_over_on,K-1 Air Base,base,K-1,,,,,2020-03,,,,,,,wikipedia,,"
        "K-1 was handed over in March 2020.,",
        "us_troops,figure,troops,United States,country,US,,"
        "How many troops did {subject} have in Iraq?,,{subject} had {value} in Iraq.,"
        '"2,500",,,troops,US troops,2021-01,yes,Wikipedia,,"About 2,500 US troops remained.",'
        "As of January 2021",
        "soleimani_killed,actor,killed_by,Qassem Soleimani,person,Soleimani,,"
        "Who killed {subject}?,,{subject} was killed by {value}.,US,entity,,,,,,Wikipedia,,"
        "The US killed Soleimani.,",
        "trump_quote,quote,said,Donald Trump,person,,,What did {subject} say?,"
        'Who said: “{value}”?,"{subject} said: “{value}”",'
        '"We will charge them sanctions, like never before.",,,,,,,Wikipedia,,'
        '"Trump said: ""We will charge them sanctions, like never before.""",',
        "",
    ]
)


def load(text: str | bytes, filename: str = "facts.csv", base: Bank | None = None) -> Bank:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_upload(data, filename, base=base)


def errors(
    text: str | bytes, filename: str = "facts.csv", base: Bank | None = None
) -> list[BankIssue]:
    with pytest.raises(BankError) as caught:
        load(text, filename, base)
    return list(caught.value.issues)


def only(text: str | bytes, base: Bank | None = None) -> BankIssue:
    found = errors(text, base=base)
    assert len(found) == 1, [str(i) for i in found]
    return found[0]


def test_a_sheet_becomes_the_bank_it_describes() -> None:
    bank = load(SHEET)
    assert bank.info.title == "Iraq withdrawal"
    assert bank.info.subject == "Modern history"
    assert bank.info.id == "facts"

    handover = bank.facts["al_qaim_handover"]
    assert handover.kind == "date"
    assert handover.values == (DateValue(2020, 3, 19), DateValue(2020, 3, 17))
    assert [c.source_id for c in handover.claims] == ["wikipedia", "tic_brief"]
    al_qaim = bank.entities[handover.subject]
    assert al_qaim.name == "al-Qaim base"
    assert al_qaim.type == "base"
    assert al_qaim.aliases == ("al-Qaim", "Al Qaim")
    assert dict(al_qaim.attributes) == {"province": "Anbar"}

    # No fact_id: made from subject and relation. The source is found by title in any case.
    k1 = bank.facts["k_1_air_base_handed_over_on"]
    assert k1.value == DateValue(2020, 3)
    assert k1.claims[0].source_id == "wikipedia"
    relation = bank.relations["handed_over_on"]
    assert relation.ask == "When was {subject} handed over?"
    assert relation.ask_reverse == "Which base was handed over on {value}?"

    troops = bank.facts["us_troops"]
    assert troops.value == Quantity(2500, "troops", "US troops", DateValue(2021, 1), "about")
    assert troops.note == "As of January 2021"
    assert bank.relations["troops"].value_type == "quantity"

    # The value "US" is the alias of an entity an earlier row created: resolved by name.
    assert bank.facts["soleimani_killed"].value == EntityRef(troops.subject)

    quote = bank.facts["trump_quote"]
    assert quote.value == "We will charge them sanctions, like never before."
    assert bank.sources["wikipedia"].origin == "Wikipedia article"


def test_semicolons_and_a_bom_and_crlf_line_ends_are_read() -> None:
    text = (
        "\ufeffkind;subject;subject_type;relation_question;statement;value;source_title;sentence\r\n"
        "quote;Caesar;person;What did {subject} say?;{subject} said: {value};Veni, vidi, vici.;"
        "Plutarch;He said: Veni, vidi, vici.\r\n"
    )
    bank = load(text)
    (fact,) = bank.facts.values()
    assert fact.value == "Veni, vidi, vici."
    assert fact.relation == "what_did_say"  # no relation name: made from the question
    assert bank.entities[fact.subject].name == "Caesar"


def test_a_later_row_with_other_wording_keeps_it_as_its_own() -> None:
    text = (
        f"{HEADER}\n"
        ",date,opened,Tower,landmark,,,When did {subject} open?,,{subject} opened on {value}.,"
        "1889,,,,,,,Atlas,,The tower opened in 1889.,\n"
        ",date,opened,Bridge,landmark,,,When was {subject} opened to traffic?,,,1894,,,,,,,"
        "Atlas,,The bridge opened in 1894.,\n"
    )
    bank = load(text)
    bridge = bank.facts["bridge_opened"]
    assert bridge.ask == "When was {subject} opened to traffic?"
    assert bridge.statement is None
    assert bank.facts["tower_opened"].ask is None


def row(**cells: str) -> str:
    """Return the header plus one row with these cells (others empty)."""
    values = [cells.get(c, "") for c in HEADER.split(",")]
    return HEADER + "\n" + ",".join(f'"{v}"' if "," in v else v for v in values) + "\n"


GOOD = {
    "kind": "date",
    "relation": "opened",
    "subject": "Tower",
    "subject_type": "landmark",
    "relation_question": "When did {subject} open?",
    "statement": "{subject} opened on {value}.",
    "value": "1889-03-31",
    "source_title": "Atlas",
    "sentence": "The tower opened on 31 March 1889.",
}


def test_the_good_row_used_below_is_valid() -> None:
    assert list(load(row(**GOOD)).facts) == ["tower_opened"]


def col(name: str) -> int:
    return HEADER.split(",").index(name) + 1


ROW_ERRORS = [
    ({"subject": ""}, "subject", "expected a value in column subject"),
    ({"sentence": ""}, "sentence", "expected a value in column sentence"),
    ({"kind": "gossip"}, "kind", "expected one of date, base, figure"),
    ({"value": "31/02/1889"}, "value", "expected a date such as"),
    ({"value": "soon"}, "value", "expected a date such as"),
    ({"subject_type": ""}, "subject_type", "'Tower' is a new entity"),
    ({"relation_question": ""}, "relation_question", "first row of relation 'opened'"),
    ({"statement": ""}, "statement", "first row of relation 'opened'"),
    ({"relation": "", "relation_question": ""}, "relation", "expected a relation name"),
    ({"value_type": "colour"}, "value_type", "expected one of date, quantity, entity, text"),
    ({"fact_id": "my fact"}, "fact_id", "expected an id"),
    ({"subject_attributes": "height"}, "subject_attributes", "expected name=value pairs"),
    (
        {"relation_question": "When did {subject} open on {value}?"},
        "relation_question",
        "give its answer away",
    ),
    ({"value_type": "text"}, "value_type", "expected value_type date for kind date"),
    (
        {"kind": "figure", "value": "many", "unit": "m"},
        "value",
        "expected a number such as 2500",
    ),
    ({"kind": "figure", "value": "330"}, "unit", "expected a unit"),
    (
        {"kind": "figure", "value": "330", "unit": "m", "approximate": "maybe"},
        "approximate",
        "expected yes or no",
    ),
    (
        {"kind": "figure", "value": "330", "unit": "m", "as_of": "someday"},
        "as_of",
        "expected a date",
    ),
    (
        {"kind": "relation", "value_type": "entity", "value": "Paris"},
        "value_entity_type",
        "'Paris' is a new entity",
    ),
]


@pytest.mark.parametrize(("change", "column", "fragment"), ROW_ERRORS)
def test_each_row_error_names_line_and_column(
    change: dict[str, str], column: str, fragment: str
) -> None:
    issue = only(row(**{**GOOD, **change}))
    assert (issue.file, issue.line, issue.path) == ("facts.csv", 2, column)
    assert issue.column == col(column)
    assert fragment in issue.message


def test_errors_of_several_rows_are_all_reported_with_their_lines() -> None:
    good = row(**GOOD).splitlines()[1]
    bad_date = row(**{**GOOD, "subject": "Bridge", "value": "1889-13"}).splitlines()[1]
    bad_kind = row(**{**GOOD, "subject": "Arch", "kind": "x"}).splitlines()[1]
    text = "\n".join(["#title,Landmarks", "# a comment", HEADER, good, "", bad_date, bad_kind])
    found = errors(text)
    assert [(i.line, i.path) for i in found] == [(6, "value"), (7, "kind")]


def test_a_repeated_fact_id_must_keep_its_subject_and_change_its_value() -> None:
    first = row(**{**GOOD, "fact_id": "t"})
    other_subject = row(**{**GOOD, "fact_id": "t", "subject": "Bridge"}).splitlines()[1]
    issue = only(first + other_subject + "\n")
    assert (issue.line, issue.path) == (3, "subject")
    assert "same subject as line 2" in issue.message
    same_value = row(**{**GOOD, "fact_id": "t", "source_title": "Guide"}).splitlines()[1]
    issue = only(first + same_value + "\n")
    assert (issue.line, issue.path) == (3, "value")
    assert "differs from the fact's own value" in issue.message


def test_an_entity_of_another_type_is_refused() -> None:
    second = row(**{**GOOD, "subject": "tower", "subject_type": "building", "relation": "x",
                    "relation_question": "When?", "statement": "{subject} {value}"})  # fmt: skip
    issue = only(row(**GOOD) + second.splitlines()[1] + "\n")
    assert (issue.line, issue.path) == (3, "subject_type")
    assert "already an entity of type 'landmark'" in issue.message


def test_a_relation_keeps_its_kind() -> None:
    second = row(**{**GOOD, "subject": "Bridge", "kind": "base"}).splitlines()[1]
    issue = only(row(**GOOD) + second + "\n")
    assert (issue.line, issue.path) == (3, "kind")
    assert "relation 'opened' is of kind date" in issue.message


HEADER_ERRORS = [
    (
        "kind,subjct,value,source_title,sentence\n",
        2,
        "unknown column 'subjct' (did you mean 'subject'?)",
    ),
    ("kind,subject,value,source_title\n", None, "missing column 'sentence'"),
    ("kind,subject,value,kind,source_title,sentence\n", 4, "duplicate column 'kind'"),
]


@pytest.mark.parametrize(("text", "column", "fragment"), HEADER_ERRORS)
def test_header_errors_name_the_header_line(text: str, column: int | None, fragment: str) -> None:
    found = errors(text)
    assert any(i.line == 1 and i.column == column and fragment in i.message for i in found), [
        str(i) for i in found
    ]


def test_file_level_errors_are_clear() -> None:
    assert "header row naming the columns" in only("just some text\nmore text\n").message
    assert only("").message == "expected a header row and at least one fact row"
    assert only(HEADER + "\n").message == "expected at least one fact row"
    issue = only(row(**GOOD).rstrip("\n") + ",surplus\n")
    assert (issue.line, "expected no cells past the last column" in issue.message) == (2, True)
    issue = only(HEADER + '\ndate,"unclosed quote" here,\n')
    assert issue.line == 2 and "unreadable CSV" in issue.message


def test_non_utf8_is_refused_with_its_line() -> None:
    data = (row(**GOOD) + row(**{**GOOD, "subject": "Caf\u00e9"}).splitlines()[1]).encode("latin-1")
    issue = only(data)
    assert issue.line == 3
    assert "expected UTF-8" in issue.message


def test_a_long_cell_is_an_error_not_a_crash() -> None:
    issue = only(row(**{**GOOD, "note": "x" * 200_000}))
    assert issue.line is not None


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_each_template_is_a_valid_upload_with_every_column(kind: str) -> None:
    template = csv_template(kind)
    assert template.splitlines()[1] == ",".join(CSV_COLUMNS)
    bank = load(template, f"{kind}.csv")
    assert len(bank.facts) == 2
    assert {f.kind for f in bank.facts.values()} == {kind}


def test_unknown_template_kind() -> None:
    with pytest.raises(ValueError, match="unknown fact kind"):
        csv_template("gossip")


def test_with_a_base_bank_rows_add_to_it_and_names_resolve_against_it(bank: Bank) -> None:
    text = (
        f"{HEADER}\n"
        # An existing entity (by alias, any case), relation and source (by title).
        ",base,handed_over_on,q-west,,,,,,,2020-03-26,,,,,,,wikipedia article,,"
        "Q-West was handed over.,\n"
        # An existing fact id: replaced.
        "taji_handover,base,handed_over_on,Camp Taji,,,,,,,2020-08-22,,,,,,,TIC brief,,"
        "Taji left.,\n"
    )
    updated = load(text, base=bank)
    assert updated.info == bank.info
    assert set(updated.facts) == set(bank.facts) | {"qayyarah_handed_over_on"}
    added = updated.facts["qayyarah_handed_over_on"]
    assert added.subject == "qayyarah"
    assert added.claims[0].source_id == "wiki"
    assert updated.facts["taji_handover"].value == DateValue(2020, 8, 22)
    assert updated.facts["taji_handover"].claims[0].source_id == "tic"
    assert len(updated.entities) == len(bank.entities)
    assert updated.relations == bank.relations


MEANING_HEADER = "kind,relation,subject,subject_type,relation_question,statement,value," \
    "source_title,sentence,values,closed,importance"


def _meaning_sheet(*settings: tuple[str, str, str]) -> str:
    """Return a sheet of one relation, one row per (values, closed, importance) given."""
    rows = [
        f"date,opened,Place {n},landmark,When did {{subject}} open?,{{subject}} opened on "
        f"{{value}}.,188{n},Atlas,Place {n} opened in 188{n}.,{values},{closed},{importance}"
        for n, (values, closed, importance) in enumerate(settings)
    ]
    return "\n".join([MEANING_HEADER, *rows]) + "\n"


def test_a_sheet_says_what_its_relation_means_on_any_row() -> None:
    bank = load(_meaning_sheet(("one", "yes", "core"), ("", "", ""), ("One", "", "")))
    relation = bank.relations["opened"]
    assert (relation.values, relation.closed, relation.importance) == ("one", True, "core")
    # without the column a relation keeps the cautious default: questions only where fair
    assert load(row(**GOOD)).relations["opened"].values == "many"


@pytest.mark.parametrize(
    ("settings", "line", "column", "fragment"),
    [
        ((("some", "", ""),), 2, "values", "expected one (a subject has one value) or many"),
        ((("", "perhaps", ""),), 2, "closed", "expected yes or no"),
        ((("", "", "vital"),), 2, "importance", "expected one of core, normal, peripheral"),
        ((("one", "", ""), ("many", "", "")), 3, "values", "has values one from an earlier row"),
        ((("", "no", ""), ("", "yes", "")), 3, "closed", "has closed no from an earlier row"),
    ],
)
def test_a_relation_setting_that_is_unknown_or_contradicts_an_earlier_row_is_refused(
    settings: tuple[tuple[str, str, str], ...], line: int, column: str, fragment: str
) -> None:
    issue = only(_meaning_sheet(*settings))
    assert (issue.line, issue.path) == (line, column)
    assert issue.column == MEANING_HEADER.split(",").index(column) + 1
    assert fragment in issue.message
