"""Forms for uploading banks and for editing single facts and entities.

The forms only shape input into records of the bank format; the engine validates them exactly as
it validates an upload, and its messages come back onto the fields through `show_edit_errors`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DecimalField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import NumberInput

from quizapp.engine.bank import QUALIFIER_WORDS, QUALIFIERS, DateValue
from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.bank.dates import parse_date
from quizapp.engine.text import parse_number
from quizapp.services.banks import EditError
from quizapp.web.formtools import add_form_error

PRECISIONS = [SelectChoice("day", "Day"), SelectChoice("month", "Month"),
              SelectChoice("year", "Year")]  # fmt: skip
QUALIFIERS = [SelectChoice(q, QUALIFIER_WORDS[q].capitalize() or "Exactly") for q in QUALIFIERS]
IMPORTANCE = [
    SelectChoice("", "As the relation says"), SelectChoice("core", "Core"),
    SelectChoice("normal", "Normal"), SelectChoice("peripheral", "Peripheral"),
]  # fmt: skip
ARTICLES = [SelectChoice("", "None"), SelectChoice("the", "the")]
_ID_HELP = "Lowercase letters, digits, '-' and '_'. Leave empty to make one from the name."


class UploadForm(FlaskForm):
    """Choose a bank file; check it only, or store it."""

    file = FileField(
        "Bank file",
        [FileRequired(message="Choose a file to upload.")],
        description="YAML, JSON, CSV or GIFT (.gift or .txt); stored only when it is valid.",
        render_kw={"accept": ".yaml,.yml,.json,.csv,.gift,.txt"},
    )
    preview = SubmitField("Check and preview")
    submit = SubmitField("Upload")


class ConfirmForm(FlaskForm):
    """An empty form: a state change is a POST with a CSRF token."""

    submit = SubmitField("Confirm")


def _date_parts(raw: Any) -> tuple[dt.date | None, str]:
    """Return (a date for the date input, its precision) from a stored date value."""
    if raw is None:
        return None, "day"
    try:
        value = DateValue.parse(str(raw))
    except ValueError:
        return None, "day"
    return dt.date(value.year, value.month or 1, value.day or 1), value.precision


def _date_text(day: dt.date, precision: str) -> str:
    """Return the date in the bank format at the chosen precision."""
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision, day.isoformat())


class FactForm(FlaskForm):
    """One fact: subject, relation, a typed value, and the source sentence that states it."""

    id = StringField("Fact id", [Optional(), Length(max=64)], description=_ID_HELP)
    relation = SelectField("Relation", [InputRequired(message="Choose a relation.")])
    subject = SelectField("Subject", [InputRequired(message="Choose the subject.")])
    date = DateField("Date", [Optional()], description="For a year or month, pick any day in it.")
    precision = SelectField("Known to the", choices=PRECISIONS, default="day")
    number = DecimalField(
        "Number",
        [Optional(), NumberRange(-1e15, 1e15, "A finite number of at most 15 digits.")],
        places=None,
        widget=NumberInput(step="any"),
    )
    unit = StringField("Unit", [Optional(), Length(max=200)], description="troops, km, rockets …")
    counts = StringField("What it counts", [Optional(), Length(max=200)])
    as_of = DateField("As of", [Optional()])
    as_of_precision = SelectField("As of, known to the", choices=PRECISIONS, default="day")
    qualifier = SelectField(
        "The source gives it", choices=QUALIFIERS, default="exact",
        description="“over 30 countries” is More than; “approximately 2,500” is About.",
    )  # fmt: skip
    entity = SelectField("Value: entity", [Optional()])
    text = TextAreaField("Value: text", [Optional(), Length(max=20000)], render_kw={"rows": 3})
    source = SelectField("Source", [InputRequired(message="Choose the source.")])
    sentence = TextAreaField(
        "Source sentence",
        [InputRequired(message="Quote the sentence that states the fact."), Length(max=20000)],
        description="Verbatim from the source.",
        render_kw={"rows": 4},
    )
    note = TextAreaField("Note", [Optional(), Length(max=20000)], render_kw={"rows": 2})
    distractors = TextAreaField(
        "Wrong answers (distractors)",
        [Optional(), Length(max=20000)],
        description=(
            "One per line, written like the value: a text, a date as 2020-03-19, a number, or "
            "an entity's name. Each must be false by the sources; they are preferred as wrong "
            "options, and a text fact is asked as multiple choice only with them."
        ),
        render_kw={"rows": 3},
    )
    label = StringField(
        "Event label (for chronological ordering)",
        [Optional(), Length(max=2000)],
        description="Dates only: the event without its date, e.g. “{subject} is handed over”.",
    )
    importance = SelectField("Importance", choices=IMPORTANCE, default="")
    submit = SubmitField("Save fact")

    VALUE_FIELDS: ClassVar[dict[str, tuple[str, ...]]] = {
        "date": ("date", "precision"),
        "quantity": ("number", "unit", "counts", "as_of", "as_of_precision", "qualifier"),
        "entity": ("entity",),
        "text": ("text",),
    }
    # Where an engine message about a record key shows on this form.
    FIELD_FOR: ClassVar[dict[str, str]] = {
        "id": "id", "relation": "relation", "subject": "subject", "source": "source",
        "sentence": "sentence", "note": "note", "value.date": "date", "value.number": "number",
        "value.unit": "unit", "value.counts": "counts", "value.as_of": "as_of",
        "value.qualifier": "qualifier", "value.approximate": "qualifier", "value.entity": "entity",
        "value.text": "text", "distractors": "distractors", "label": "label",
        "importance": "importance",
    }  # fmt: skip

    def set_choices(self, bank: EngineBank) -> None:
        """Offer the bank's relations, entities and sources."""
        self.relation.choices = [
            SelectChoice(
                r.id, f"{r.id} ({r.kind}: {r.value_type})", {"data-value-type": r.value_type}
            )
            for r in bank.relations.values()
        ]
        entities = sorted(bank.entities.values(), key=lambda e: e.name.casefold())
        self.subject.choices = [SelectChoice(e.id, f"{e.name} ({e.type})") for e in entities]
        self.entity.choices = [SelectChoice("", "—"), *self.subject.choices]
        self.source.choices = [SelectChoice(s.id, s.title) for s in bank.sources.values()]

    def fill(self, record: dict[str, Any]) -> None:
        """Fill the fields from a fact record of the bank format."""
        value = record.get("value") or {}
        self.id.data = record.get("id")
        for name in ("relation", "subject", "source", "sentence", "note"):
            getattr(self, name).data = record.get(name)
        self.date.data, self.precision.data = _date_parts(value.get("date"))
        self.as_of.data, self.as_of_precision.data = _date_parts(value.get("as_of"))
        number = value.get("number")
        self.number.data = Decimal(str(number)) if number is not None else None
        self.unit.data, self.counts.data = value.get("unit"), value.get("counts")
        self.qualifier.data = value.get("qualifier") or (
            "about" if value.get("approximate") else "exact"
        )
        self.entity.data, self.text.data = value.get("entity", ""), value.get("text")
        self.label.data, self.importance.data = record.get("label"), record.get("importance") or ""
        self.distractors.data = "\n".join(
            _distractor_line(d) for d in record.get("distractors") or ()
        )

    def value_type(self, bank: EngineBank) -> str:
        """Return the value type of the chosen relation."""
        relation = bank.relations.get(self.relation.data or "")
        return relation.value_type if relation else "text"

    def record(self, bank: EngineBank) -> dict[str, Any] | None:
        """Return the fact as a record (the id only for a new fact); None after a field error."""
        kind = self.value_type(bank)
        value = self._value(kind)
        distractors = self._distractors(bank, kind, value)
        if distractors is None:
            return None
        out: dict[str, Any] = {
            "relation": self.relation.data,
            "subject": self.subject.data,
            "value": value,
            "source": self.source.data,
            "sentence": (self.sentence.data or "").strip(),
            "note": (self.note.data or "").strip(),
            "distractors": distractors,
            "label": (self.label.data or "").strip() or None,
            "importance": self.importance.data or None,
        }
        if self.id.data and self.id.data.strip():
            out["id"] = self.id.data.strip()
        return out

    def _distractors(
        self, bank: EngineBank, kind: str, value: dict[str, Any]
    ) -> list[dict[str, Any]] | None:
        """Read one wrong value per line, by the value's type; None after marking a bad line."""
        out: list[dict[str, Any]] = []
        for n, line in enumerate((self.distractors.data or "").splitlines(), start=1):
            text = line.strip()
            if not text:
                continue
            problem = _distractor(bank, kind, value, text, out)
            if problem:
                self.distractors.errors = [f"Line {n}: {problem}"]
                return None
        return out

    def _value(self, kind: str) -> dict[str, Any]:
        if kind == "date":
            day = self.date.data
            return {"date": _date_text(day, self.precision.data) if day else None}
        if kind == "entity":
            return {"entity": self.entity.data or None}
        if kind == "text":
            return {"text": (self.text.data or "").strip() or None}
        number = self.number.data
        value: dict[str, Any] = {
            "number": None if number is None else int(number) if number == int(number)
            else float(number),
            "unit": (self.unit.data or "").strip(),
        }  # fmt: skip
        if self.counts.data and self.counts.data.strip():
            value["counts"] = self.counts.data.strip()
        if self.as_of.data:
            value["as_of"] = _date_text(self.as_of.data, self.as_of_precision.data)
        if self.qualifier.data and self.qualifier.data != "exact":
            value["qualifier"] = self.qualifier.data
        return value


def _distractor_line(raw: dict[str, Any]) -> str:
    """Return a stored distractor as the line the form shows for it."""
    for key in ("text", "date", "entity", "number"):
        if key in raw:
            return str(raw[key])
    return ""


def _distractor(
    bank: EngineBank, kind: str, value: dict[str, Any], text: str, out: list[dict[str, Any]]
) -> str | None:
    """Append the wrong value written on one line to `out`; return what is wrong with it."""
    if kind == "text":
        out.append({"text": text})
    elif kind == "date":
        parsed = parse_date(text)
        if parsed is None:
            return f"expected a date such as 2020-03-19 or 19 March 2020, got {text!r}."
        out.append({"date": parsed.iso()})
    elif kind == "entity":
        found = sorted(bank.entities_named(text)) or ([text] if text in bank.entities else [])
        if len(found) != 1:
            return f"expected the name of one of the bank's entities, got {text!r}."
        out.append({"entity": found[0]})
    else:
        number = parse_number(text)
        if number is None:
            return f"expected a number, got {text!r}."
        wrong = {k: v for k, v in value.items() if k != "number"}
        out.append({"number": int(number) if number == int(number) else number, **wrong})
    return None


class EntityForm(FlaskForm):
    """One entity: name, type, aliases and attributes."""

    id = StringField("Entity id", [Optional(), Length(max=64)], description=_ID_HELP)
    name = StringField("Name", [InputRequired(message="Give the entity a name."), Length(max=500)])
    type = StringField(
        "Type",
        [InputRequired(message="Give the entity a type."), Length(max=64)],
        description="person, group, organisation, country, base, place, event …",
    )
    aliases = TextAreaField(
        "Aliases", [Optional()], description="One per line; accepted as answers.",
        render_kw={"rows": 3},
    )  # fmt: skip
    attributes = TextAreaField(
        "Attributes", [Optional()], description="One per line as key: value (province: Anbar).",
        render_kw={"rows": 3},
    )  # fmt: skip
    description = TextAreaField("Description", [Optional()], render_kw={"rows": 2})
    article = SelectField(
        "Article in a sentence", choices=ARTICLES, default="",
        description="“the” for names read as “the 2021 Erbil rocket attacks” inside a sentence.",
    )  # fmt: skip
    submit = SubmitField("Save entity")

    FIELD_FOR: ClassVar[dict[str, str]] = {
        "id": "id", "name": "name", "type": "type", "aliases": "aliases",
        "attributes": "attributes", "description": "description", "article": "article",
    }  # fmt: skip

    def fill(self, record: dict[str, Any]) -> None:
        """Fill the fields from an entity record of the bank format."""
        self.id.data, self.name.data = record.get("id"), record.get("name")
        self.type.data, self.description.data = record.get("type"), record.get("description")
        self.article.data = record.get("article") or ""
        self.aliases.data = "\n".join(record.get("aliases") or ())
        attributes = record.get("attributes") or {}
        self.attributes.data = "\n".join(f"{k}: {v}" for k, v in attributes.items())

    def record(self) -> dict[str, Any] | None:
        """Return the entity as a record, or None after marking a badly written attribute."""
        attributes: dict[str, str] = {}
        for n, line in enumerate((self.attributes.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            if not sep or not key.strip():
                self.attributes.errors = [f"Line {n}: expected key: value, got {line.strip()!r}."]
                return None
            attributes[key.strip()] = value.strip()
        out: dict[str, Any] = {
            "name": (self.name.data or "").strip(),
            "type": (self.type.data or "").strip(),
            "aliases": [a.strip() for a in (self.aliases.data or "").splitlines() if a.strip()],
            "attributes": attributes,
            "description": (self.description.data or "").strip(),
            "article": self.article.data or None,
        }
        if self.id.data and self.id.data.strip():
            out["id"] = self.id.data.strip()
        return out


def show_edit_errors(form: FactForm | EntityForm, error: EditError, value_type: str = "") -> None:
    """Put the engine's messages next to the fields they concern, the rest above the form."""
    for key, messages in error.fields.items():
        name = form.FIELD_FOR.get(key)
        if name is None and key.startswith("value") and isinstance(form, FactForm):
            name = FactForm.VALUE_FIELDS.get(value_type, ("text",))[0]
        for message in messages:
            add_form_error(form, message, name)
    for message in error.general:
        add_form_error(form, message)
