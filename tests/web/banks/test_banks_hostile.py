"""Hostile uploads through the real upload route: refused or rendered inert, never a 500,
never a partial bank."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from upload_samples import COUNTED, EXPECTED, HOSTILE

from quizapp.extensions import db
from quizapp.models.bank import Bank
from tests.web.bank_samples import SAMPLE_YAML, counts, upload

SCRIPT = "<script>alert(1)</script>"
ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.fixture
def teacher(login_as):
    return login_as("instructor")


def _refused(app, client, data, filename, expected_message):
    before = counts(app)
    response = upload(client, data, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:500]
    assert "Nothing was stored" in page
    assert expected_message in page
    assert counts(app) == before
    return page


def test_alias_bomb_is_refused(app, client, teacher):
    _refused(app, client, ALIAS_BOMB, "bomb.yaml", "anchor")


def test_alias_bomb_inside_a_real_bank_is_refused(app, client, teacher):
    text = SAMPLE_YAML.replace("subject: Maritime history", "subject: &x Maritime history")
    text = text.replace("origin: Harbour board", "origin: *x")
    _refused(app, client, text, "bank.yaml", "anchor")


def test_python_object_tag_is_refused_and_never_run(app, client, teacher, tmp_path):
    marker = tmp_path / "pwned"
    text = SAMPLE_YAML.replace(
        "subject: Maritime history", f'subject: !!python/object/apply:os.system ["touch {marker}"]'
    )
    _refused(app, client, text, "bank.yaml", "python/object")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "filename"),
    [
        ("[" * 5000 + "]" * 5000, "deep.yaml"),
        ("[" * 5000 + "]" * 5000, "deep.json"),
        ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 200)), "deep2.yaml"),
    ],
    ids=["yaml-flow", "json", "yaml-block"],
)
def test_deeply_nested_input_is_refused(app, client, teacher, text, filename):
    _refused(app, client, text, filename, "deep")


def test_non_utf8_bytes_are_refused_with_their_line(app, client, teacher):
    data = SAMPLE_YAML.encode("utf-8").replace(b"Portby", b"Portb\xff")
    line = SAMPLE_YAML[: SAMPLE_YAML.index("Portby")].count("\n") + 1
    page = _refused(app, client, data, "bank.yaml", "expected UTF-8 text")
    assert f"Line {line}" in page


def test_twenty_megabytes_get_a_clear_413_page(app, client, teacher):
    before = counts(app)
    response = upload(client, b"#" * (20 * 1024 * 1024), "big.yaml")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "larger than this site accepts" in page
    assert "2 MB" in page  # the limit, so the user knows how far to shrink it
    assert counts(app) == before


def test_a_file_over_the_parser_limit_is_refused_even_below_the_request_limit(app, client, teacher):
    app.config["MAX_CONTENT_LENGTH"] = 30 * 1024 * 1024
    try:
        response = upload(client, SAMPLE_YAML + "#" * (6 * 1024 * 1024), "big.yaml")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    assert response.status_code == 422
    assert "expected at most" in response.get_data(as_text=True)


def _scripted_bank() -> str:
    """The sample bank with a script tag in every kind of text field."""
    text = SAMPLE_YAML
    for old in (
        "Lighthouses of the north coast",
        "Maritime history",
        "Coastal survey 1990",
        "Harbour board",
        "North Head light",
        "Tom Hale",
        "The sea keeps its own hours.",
        "Where does {subject} stand?",
        "{subject} was first lit on {value}.",
    ):
        new = old.replace(".", f" {SCRIPT}.") if old.endswith(".") else f"{old} {SCRIPT}"
        text = text.replace(old, new)
    text = text.replace("Mara Lind said: The sea keeps", f"Mara Lind {SCRIPT} said: The sea keeps")
    text = text.replace("name: Mara Lind,", f'name: "Mara Lind {SCRIPT}",')
    text = text.replace("aliases: [North Head]", f'aliases: [North Head, "{SCRIPT}"]')
    return text.replace(
        "{id: tom-said, relation: said, subject: tom,",
        f'{{id: tom-said, relation: said, subject: tom, note: "{SCRIPT}",',
    )


def _inert(page):
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page


def test_script_tags_in_every_text_field_are_rendered_inert(app, client, teacher):
    text = _scripted_bank()
    preview = upload(client, text, "x.yaml", preview=True)
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    _inert(preview.get_data(as_text=True))
    response = upload(client, text, "x.yaml")
    assert response.status_code == 302
    with app.app_context():
        bank_id = db.session.scalar(select(Bank.id))
    for path in (
        "/banks/",
        f"/banks/{bank_id}",
        f"/banks/{bank_id}/preview",
        f"/banks/{bank_id}/facts",
        f"/banks/{bank_id}/entities",
        f"/banks/{bank_id}/facts/tom-said/edit",
        f"/banks/{bank_id}/facts/mara-said/edit",
        f"/banks/{bank_id}/entities/north-head/edit",
        f"/banks/{bank_id}/facts/tom-said/delete",
        f"/banks/{bank_id}/delete",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        _inert(page.get_data(as_text=True))
    download = client.get(f"/banks/{bank_id}/versions/1.yaml")
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_script_tags_in_errors_and_file_names_are_inert(app, client, teacher):
    text = SAMPLE_YAML.replace(
        "subject: tom, value: {entity: gull-rock}",
        f'subject: "{SCRIPT}", value: {{entity: gull-rock}}',
    )
    page = _refused(app, client, text, f"{SCRIPT}.yaml", "")
    _inert(page)


# --- values no bank can hold (issue 12): refused with their line, never a 500 ----------------

HUGE = "9" * 400
CSV_FIGURE = (
    "kind,subject,subject_type,relation_question,statement,value,unit,source_title,sentence\n"
    'figure,Base,base,How many at {subject}?,{subject} had {value}.,"VALUE",m,S,x\n'
)
HUGE_NUMBERS = [
    ("day.yaml", SAMPLE_YAML.replace("{date: 1902-03-15}", f'{{date: "1902-03-{HUGE}"}}'),
     "expected a date"),
    ("month.yaml", SAMPLE_YAML.replace("{date: 1867-09}", f'{{date: "1867-{HUGE}"}}'),
     "expected a date"),
    ("number.yaml", SAMPLE_YAML.replace("number: 36,", f"number: {HUGE},"), "10^15"),
    ("number.json", '{"bank": {"id": "b", "title": "B"}, "questions": [{"id": "q", "type": '
     f'"numerical", "stem": "N?", "answers": [{{"value": {HUGE}}}]}}]}}', "10^15"),
    ("number.csv", CSV_FIGURE.replace("VALUE", "9" * 40), "10^15"),
    ("number.gift", "::Big::How many?{#1e300}\n", "10^15"),
]  # fmt: skip


@pytest.mark.parametrize(("filename", "text", "message"), HUGE_NUMBERS,
                         ids=[h[0] for h in HUGE_NUMBERS])  # fmt: skip
def test_huge_numbers_and_dates_are_refused_with_their_line(
    app, client, teacher, filename, text, message
):
    page = _refused(app, client, text, filename, message)
    assert "Line " in page


CSV_ROW = (
    "kind,subject,subject_type,relation_question,statement,value,source_title,sentence\n"
    "actor,Ann,person,What was {subject}?,{subject} was {value}.,keeper,Survey,SENTENCE\n"
)
NULS = [
    ("nul.yaml", SAMPLE_YAML.replace("subject: Maritime history", 'subject: "Mari\\0time"'), 4),
    ("nul.json", '{"bank": {"id": "b", "title": "B"},\n"questions": [{"id": "q", "type": '
     '"true_false", "stem": "Is\\u0000 it?", "answer": true}]}', 2),
    ("surrogate.json", '{"bank": {"id": "b", "title": "B\\ud800"}}', 1),
    ("nul.csv", CSV_ROW.replace("SENTENCE", "Ann\x00 kept it."), 2),
    ("nul.gift", "::ok::Fine?{T}\n\n::Ti\x00tle::Is it?{T}\n", 3),
]  # fmt: skip


@pytest.mark.parametrize(("filename", "text", "line"), NULS, ids=[n[0] for n in NULS])
def test_nul_and_lone_surrogates_are_refused_with_their_line(app, client, teacher, filename,
                                                             text, line):  # fmt: skip
    page = _refused(app, client, text, filename, "unsupported character U+")
    assert f"Line {line}," in page


def test_a_nul_in_the_file_name_is_refused(app, client, teacher):
    _refused(app, client, "::ok::Fine?{T}\n", "quiz\x00.gift", "the file name has")


ODD_LINES = [
    ("odd.gift", "::A::Is a\u2028b true?{T}\n\n::B::Why\x0cnot\x85?{T}\n\n::C::Broken{=a\n", 5),
    ("odd.yaml", "bank: {id: b, title: \"B\u2028C\u2029D\"}\nsources: nope\n", 2),
    ("odd.json", '{"bank": {"id": "b",\r"title": "B\u2028C"},\r"facts": 5}', 3),
    ("odd.csv", CSV_ROW.replace("SENTENCE", "Ann\u2028kept\x0cit.")
     + CSV_ROW.splitlines()[1].replace("actor", "nonsense"), 3),
]  # fmt: skip


@pytest.mark.parametrize(("filename", "text", "line"), ODD_LINES, ids=[o[0] for o in ODD_LINES])
def test_errors_after_odd_line_breaks_name_the_editor_line(app, client, teacher, filename, text,
                                                            line):  # fmt: skip
    page = _refused(app, client, text, filename, "")
    assert f"Line {line}" in page
    assert page.count("<li class=\"issue\">") == 1


SEMICOLON_FIGURES = (
    "kind;subject;subject_type;relation_question;statement;value;unit;source_title;sentence\n"
    "figure;Base A;base;How many at {subject}?;{subject} had {value}.;2.500;troops;Survey;A.\n"
)


def test_a_semicolon_csv_number_that_reads_two_ways_is_refused(app, client, teacher):
    page = _refused(app, client, SEMICOLON_FIGURES, "figures.csv", "ambiguous number")
    assert "Line 2, column 6" in page
    assert "write 2500 (no separator) or 2.5" in page


def test_a_semicolon_csv_with_decimal_commas_reads_german_thousands(app, client, teacher):
    text = SEMICOLON_FIGURES + (
        "figure;Base B;base;How many at {subject}?;{subject} had {value}.;3,5;troops;Survey;B.\n"
    )
    assert upload(client, text, "figures.csv").status_code == 302
    with app.app_context():
        from quizapp.models.bank import BankVersion

        content = db.session.scalar(select(BankVersion.content))
    amounts = [f["value"]["number"] for f in content["bank"]["facts"]]
    assert amounts == [2500, 3.5]


# --- files that made imports quadratic, and the limit per upload (issue 12) -----------------


def _issue_count(page: str) -> str:
    return page.split("The bank has ", 1)[1].split(" error", 1)[0]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_file_that_once_made_imports_quadratic_imports_whole_or_nothing(
    app, client, teacher, name
):
    filename, data = HOSTILE[name](1000)
    before = counts(app)
    response = upload(client, data, filename)
    after = counts(app)
    if EXPECTED[name] == "errors":
        assert response.status_code == 422
        assert after == before
        page = response.get_data(as_text=True)
        assert page.count('<li class="issue">') == min(200, int(_issue_count(page)))
        return
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    items = 1 if name == "gift-one-question" else 1000
    assert after["Bank"] == before["Bank"] + 1
    assert after["BankFact"] == before["BankFact"] + items


@pytest.mark.parametrize("fmt", sorted(COUNTED))
def test_more_than_the_limit_per_upload_is_refused_with_a_clear_page(app, client, teacher, fmt):
    filename, data = (HOSTILE["csv-errors"] if fmt == "csv" else COUNTED[fmt])(10_001)
    page = _refused(app, client, data, filename, "expected at most 10,000 facts and questions")
    assert "Split it into several files" in page


def test_thousands_of_errors_list_the_first_two_hundred(app, client, teacher):
    filename, data = HOSTILE["json-schema-errors"](100)
    page = _refused(app, client, data, filename, "The first 200 are listed")
    assert page.count('<li class="issue">') == 200
    assert "The bank has 700 errors" in page and "500 more follow" in page
