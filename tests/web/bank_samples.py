"""Small banks for the bank-management tests, as the text of files an instructor would upload."""

from __future__ import annotations

SAMPLE_YAML = """\
bank:
  id: coast-lights
  title: Lighthouses of the north coast
  subject: Maritime history
sources:
  - id: survey
    title: Coastal survey 1990
    origin: Harbour board
relations:
  - id: first_lit
    kind: date
    value_type: date
    subject_type: lighthouse
    values: one
    ask: When was {subject} first lit?
    ask_reverse: Which lighthouse was first lit on {value}?
    statement: "{subject} was first lit on {value}."
    label: "{subject} is first lit"
  - id: height
    kind: figure
    value_type: quantity
    subject_type: lighthouse
    values: one
    ask: How tall is {subject}?
    statement: "{subject} is {value} tall."
  - id: kept
    kind: actor
    value_type: entity
    subject_type: person
    entity_type: lighthouse
    values: one
    ask: Which lighthouse did {subject} keep?
    ask_reverse: Who kept {value}?
    statement: "{subject} kept {value}."
  - id: stands_in
    kind: base
    value_type: entity
    subject_type: lighthouse
    entity_type: place
    values: one
    ask: Where does {subject} stand?
    ask_reverse: Which lighthouse stands in {value}?
    statement: "{subject} stands in {value}."
  - id: said
    kind: quote
    value_type: text
    subject_type: person
    ask: What did {subject} say about the sea?
    statement: "{subject} said: {value}"
entities:
  - {id: north-head, name: North Head light, type: lighthouse, aliases: [North Head]}
  - {id: gull-rock, name: Gull Rock light, type: lighthouse}
  - {id: east-point, name: East Point light, type: lighthouse}
  - {id: skerry, name: Skerry light, type: lighthouse}
  - {id: west-cape, name: West Cape light, type: lighthouse}
  - {id: mara, name: Mara Lind, type: person, attributes: {role: keeper}}
  - {id: tom, name: Tom Hale, type: person}
  - {id: ines, name: Ines Roa, type: person}
  - {id: portby, name: Portby, type: place}
  - {id: selham, name: Selham, type: place}
  - {id: wick, name: Wick, type: place}
facts:
  - {id: north-lit, relation: first_lit, subject: north-head, value: {date: 1851-06-01},
     source: survey, sentence: North Head was first lit on 1 June 1851.}
  - {id: gull-lit, relation: first_lit, subject: gull-rock, value: {date: 1867-09},
     source: survey, sentence: Gull Rock was lit in September 1867.}
  - {id: east-lit, relation: first_lit, subject: east-point, value: {date: 1889},
     source: survey, sentence: East Point was lit in 1889.}
  - {id: skerry-lit, relation: first_lit, subject: skerry, value: {date: 1902-03-15},
     source: survey, sentence: Skerry was first lit on 15 March 1902.}
  - {id: north-height, relation: height, subject: north-head,
     value: {number: 36, unit: m, counts: tower height}, source: survey,
     sentence: The North Head tower is 36 metres tall.}
  - {id: gull-height, relation: height, subject: gull-rock,
     value: {number: 24, unit: m, counts: tower height}, source: survey,
     sentence: The Gull Rock tower is 24 metres tall.}
  - {id: east-height, relation: height, subject: east-point,
     value: {number: 18.5, unit: m, counts: tower height, as_of: 1990, approximate: true},
     source: survey, sentence: East Point stands about 18.5 metres.}
  - {id: mara-kept, relation: kept, subject: mara, value: {entity: north-head}, source: survey,
     sentence: Mara Lind kept North Head.}
  - {id: tom-kept, relation: kept, subject: tom, value: {entity: gull-rock}, source: survey,
     sentence: Tom Hale kept Gull Rock.}
  - {id: ines-kept, relation: kept, subject: ines, value: {entity: skerry}, source: survey,
     sentence: Ines Roa kept Skerry.}
  - {id: north-in, relation: stands_in, subject: north-head, value: {entity: portby},
     source: survey, sentence: North Head stands in Portby.}
  - {id: gull-in, relation: stands_in, subject: gull-rock, value: {entity: selham},
     source: survey, sentence: Gull Rock stands in Selham.}
  - {id: east-in, relation: stands_in, subject: east-point, value: {entity: wick},
     source: survey, sentence: East Point stands in Wick.}
  - {id: mara-said, relation: said, subject: mara, value: {text: The sea keeps its own hours.},
     source: survey, sentence: "Mara Lind said: The sea keeps its own hours."}
  - {id: tom-said, relation: said, subject: tom,
     value: {text: Every storm passes and the light stays on.},
     source: survey, sentence: "Tom Hale said: Every storm passes and the light stays on."}
  - {id: ines-said, relation: said, subject: ines,
     value: {text: A light is a promise kept every night.},
     source: survey, sentence: "Ines Roa said: A light is a promise kept every night."}
"""


def sample_yaml(slug: str = "coast-lights", title: str = "Lighthouses of the north coast") -> str:
    """Return the sample bank's YAML with another id and title."""
    return SAMPLE_YAML.replace("id: coast-lights", f"id: {slug}", 1).replace(
        "title: Lighthouses of the north coast", f"title: {title}", 1
    )


def sample_bank(slug: str = "coast-lights") -> object:
    """Return the sample bank loaded by the engine."""
    from quizapp.engine.bank import load_bank_text

    return load_bank_text(sample_yaml(slug), filename="sample.yaml")


def upload(client, text, filename="bank.yaml", *, bank=None, preview=False):  # type: ignore[no-untyped-def]
    """POST a file to the upload form (with the preview or the upload button)."""
    import io

    data = text.encode("utf-8") if isinstance(text, str) else text
    form = {"file": (io.BytesIO(data), filename)}
    form["preview" if preview else "submit"] = "1"
    url = f"/banks/upload?bank={bank}" if bank else "/banks/upload"
    return client.post(url, data=form, content_type="multipart/form-data")


def counts(app):  # type: ignore[no-untyped-def]
    """Return the row counts of every bank table, to show a failed upload changed nothing."""
    from sqlalchemy import func, select

    from quizapp.extensions import db
    from quizapp.models.bank import Bank, BankFact, BankVersion
    from quizapp.models.quiz import Quiz

    with app.app_context():
        return {
            m.__name__: db.session.scalar(select(func.count()).select_from(m))
            for m in (Bank, BankVersion, BankFact, Quiz)
        }


def sample_bank_with_text(slug: str = "coast-lights") -> object:
    """Return the sample bank whose survey source ships its text, so sentences are checked."""
    import yaml

    from quizapp.engine.bank import load_bank_text

    text = sample_yaml(slug)
    sentences = [f["sentence"] for f in yaml.safe_load(text)["facts"]]
    survey = " ".join(sentences) + " Portby harbour was rebuilt in April 1875."
    return load_bank_text(text, filename="sample.yaml", source_texts={"survey": survey})


_CSV_HEAD = ["#id,csv-lights", "#title,Lights from a spreadsheet"]
_CSV_COLUMNS = (
    "fact_id,kind,relation,subject,subject_type,relation_question,reverse_question,statement,"
    "value,value_type,value_entity_type,unit,counts,source_title,sentence,values"
)
_ONE_VALUE = {"north_lit", "north_height", "mara_kept"}  # each relation's first row says it
_CSV_ROWS = [
    [
        "north_lit",
        "date",
        "first_lit",
        "North Head light",
        "lighthouse",
        "When was {subject} first lit?",
        "Which lighthouse was first lit on {value}?",
        "{subject} was first lit on {value}.",
        "1851-06-01",
        "",
        "",
        "",
        "",
        "Coastal survey",
        "North Head was first lit on 1 June 1851.",
    ],
    [
        "gull_lit",
        "date",
        "first_lit",
        "Gull Rock light",
        "lighthouse",
        "",
        "",
        "",
        "1867-09",
        "",
        "",
        "",
        "",
        "Coastal survey",
        "Gull Rock was lit in September 1867.",
    ],
    [
        "east_lit",
        "date",
        "first_lit",
        "East Point light",
        "lighthouse",
        "",
        "",
        "",
        "1889",
        "",
        "",
        "",
        "",
        "Coastal survey",
        "East Point was lit in 1889.",
    ],
    [
        "north_height",
        "figure",
        "height",
        "North Head light",
        "lighthouse",
        "How tall is {subject}?",
        "",
        "{subject} is {value} tall.",
        "36",
        "",
        "",
        "m",
        "tower height",
        "Coastal survey",
        "The North Head tower is 36 metres tall.",
    ],
    [
        "gull_height",
        "figure",
        "height",
        "Gull Rock light",
        "lighthouse",
        "",
        "",
        "",
        "24",
        "",
        "",
        "m",
        "tower height",
        "Coastal survey",
        "The Gull Rock tower is 24 metres tall.",
    ],
    [
        "mara_kept",
        "actor",
        "kept",
        "Mara Lind",
        "person",
        "Which lighthouse did {subject} keep?",
        "Who kept {value}?",
        "{subject} kept {value}.",
        "North Head light",
        "entity",
        "lighthouse",
        "",
        "",
        "Coastal survey",
        "Mara Lind kept North Head.",
    ],
    [
        "tom_kept",
        "actor",
        "kept",
        "Tom Hale",
        "person",
        "",
        "",
        "",
        "Gull Rock light",
        "entity",
        "lighthouse",
        "",
        "",
        "Coastal survey",
        "Tom Hale kept Gull Rock.",
    ],
    [
        "mara_said",
        "quote",
        "said",
        "Mara Lind",
        "person",
        "What did {subject} say about the sea?",
        "",
        "{subject} said: {value}",
        "The sea keeps its own hours.",
        "",
        "",
        "",
        "",
        "Coastal survey",
        "Mara Lind said: The sea keeps its own hours.",
    ],
    [
        "tom_said",
        "quote",
        "said",
        "Tom Hale",
        "person",
        "",
        "",
        "",
        "Every storm passes and the light stays on.",
        "",
        "",
        "",
        "",
        "Coastal survey",
        "Tom Hale said: Every storm passes and the light stays on.",
    ],
]


def _csv_text() -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([*row, "one" if row[0] in _ONE_VALUE else ""] for row in _CSV_ROWS)
    return "\n".join([*_CSV_HEAD, _CSV_COLUMNS]) + "\n" + buffer.getvalue()


SAMPLE_CSV = _csv_text()


SAMPLE_GIFT = """\
// Hand-written questions about the coast lights.
$CATEGORY: Lights

::Tallest:: Which lighthouse is the tallest? {=North Head ~Gull Rock ~East Point#Shorter.}

::Lit:: North Head was first lit in 1851. {T}

::Keeper:: Who kept North Head? {=Mara Lind =Mara}

::Height:: How tall is North Head, in metres? {#36:1}

::Match:: Match each light to its keeper. {=North Head -> Mara Lind =Gull Rock -> Tom Hale}

::Escapes:: Which sign means \\= in GIFT\\: a \\{brace\\}? {=equals ~tilde}

"""
