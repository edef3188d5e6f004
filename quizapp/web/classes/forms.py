"""Forms of the class pages and of a quiz's per-student overrides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from quizapp.services.quizzes import OverrideInput
from quizapp.web.formatting import viewer_zone

_strip = [lambda value: value.strip() if isinstance(value, str) else value]


class ClassForm(FlaskForm):
    """A class's name and description."""

    name = StringField(
        "Name", [DataRequired("Give the class a name."), Length(max=120)], filters=_strip
    )
    description = TextAreaField("Description (optional)", [Optional(), Length(max=2000)])
    submit = SubmitField("Save class")


class JoinForm(FlaskForm):
    """A join code typed by a student."""

    code = StringField(
        "Class code",
        [DataRequired("Enter the class code your instructor gave you."), Length(max=40)],
        filters=_strip,
        description="Upper or lower case, with or without the dash.",
    )
    submit = SubmitField("Join class")


class MemberForm(FlaskForm):
    """Add an existing account to a class as a student or a co-instructor."""

    username = StringField("Username", [DataRequired("Enter a username."), Length(max=64)])
    role = SelectField(
        "As",
        choices=[SelectChoice("student", "Student"), SelectChoice("instructor", "Co-instructor")],
        default="student",
    )
    submit = SubmitField("Add")


class RosterForm(FlaskForm):
    """A roster file: one student per line, username then display name."""

    file = FileField(
        "Roster (CSV)",
        description="Columns: username, display name. A header "
        "row “username, display name” may come first.",
    )
    submit = SubmitField("Import roster")


def _zoned(label: str) -> DateTimeLocalField:
    return DateTimeLocalField(label, [Optional()], format="%Y-%m-%dT%H:%M")


def to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """Return a wall-clock time of the viewer's zone as the UTC moment it names."""
    if value is None:
        return None
    return value.replace(tzinfo=viewer_zone()).astimezone(dt.UTC)


class AssignForm(FlaskForm):
    """Assign one of the instructor's quizzes to a class, with an optional due date."""

    quiz = SelectField("Quiz", coerce=int, validate_choice=False)
    due_at = _zoned("Due (optional)")
    submit = SubmitField("Assign")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.due_at.label.text = f"Due (optional, {viewer_zone().key})"
        self.due_at.description = "After it no new attempt starts for this class."


class OverrideForm(FlaskForm):
    """A student's override at one quiz."""

    username = StringField("Student's username", [DataRequired("Enter a username.")])
    extra_time = IntegerField("Extra time", [Optional()], description="Empty: none.")
    extra_unit = SelectField(
        "Extra time in",
        choices=[
            SelectChoice("minutes", "minutes"),
            SelectChoice("percent", "percent of the limit"),
        ],
        default="minutes",
    )
    extra_attempts = IntegerField(
        "Extra attempts", [Optional()], default=0, description="On top of the quiz's limit."
    )
    opens_at = _zoned("Opens for them")
    closes_at = _zoned("Closes for them")
    submit = SubmitField("Save override")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = viewer_zone().key
        for field in (self.opens_at, self.closes_at):
            field.label.text = f"{field.label.text} ({zone})"
            field.description = "Empty: as the quiz (and class) say."

    def override(self) -> OverrideInput:
        """Return the override the form holds, times in UTC."""
        extra = self.extra_time.data
        return OverrideInput(
            extra_minutes=extra if self.extra_unit.data == "minutes" else None,
            extra_percent=extra if self.extra_unit.data == "percent" else None,
            extra_attempts=self.extra_attempts.data or 0,
            opens_at=to_utc(self.opens_at.data),
            closes_at=to_utc(self.closes_at.data),
        )

    def field_for(self, name: str) -> str:
        """Return the form field showing a service problem about `name`."""
        return {"extra_minutes": "extra_time", "extra_percent": "extra_time"}.get(name, name)
