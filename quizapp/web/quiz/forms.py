"""Forms of the quiz pages: reading an answer from a form or JSON, and the quiz settings form."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from quizapp.engine.bank import FACT_KINDS
from quizapp.engine.questions import REGISTRY
from quizapp.models.quiz import GRADING_METHODS
from quizapp.services.attempts import QuestionView
from quizapp.services.quizzes import QuizSettings
from quizapp.web.formatting import viewer_zone

MAX_TEXT = 500
MAX_ITEMS = 30


# -- answers -----------------------------------------------------------------------------------


def field_name(position: int, part: str, item: str = "") -> str:
    """Return the form field name of one part of a question's answer."""
    return f"q{position}-{part}" + (f"-{item}" if item else "")


def answer_from_form(form: MultiDict[str, str], view: QuestionView) -> Any:
    """Return the answer a submitted form gives for one question, or None if it gives none."""
    pos = view.position
    ids = {o["id"] for o in view.options}
    if view.widget == "choice":
        value = form.get(field_name(pos, "answer"))
        return value if value in ids else None
    if view.widget == "checkboxes":
        picked = [v for v in form.getlist(field_name(pos, "answer")) if v in ids]
        return picked or None
    if view.widget == "ordering":
        return _order_from_form(form, view)
    if view.widget == "matching":
        picks = {}
        rights = {o["id"] for o in view.right_options}
        for option in view.options:
            value = form.get(field_name(pos, "match", option["id"]), "")
            if value in rights:
                picks[option["id"]] = value
        return picks or None
    value = form.get(field_name(pos, "answer"))
    if value is None:
        return None
    return value.strip()[:MAX_TEXT]


def _order_from_form(form: MultiDict[str, str], view: QuestionView) -> list[str] | None:
    """Read an order from the "position" select boxes, then apply a Move up/down button."""
    ids = [o["id"] for o in view.options]
    ranks = {}
    for index, option_id in enumerate(ids):
        raw = form.get(field_name(view.position, "rank", option_id))
        if raw is None:
            return None
        # isdecimal, not isdigit: "²" is a digit int() refuses; long inputs are not ranks.
        rank = int(raw) if raw.isdecimal() and len(raw) <= 3 else index + 1
        ranks[option_id] = (rank, index)
    order = sorted(ids, key=lambda option_id: ranks[option_id])
    move = form.get("move", "")
    pos, _, rest = move.partition(":")
    option_id, _, direction = rest.partition(":")
    if pos == str(view.position) and option_id in order:
        i = order.index(option_id)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
    return order


def _short_id(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(map(_short_id, value))
    return isinstance(value, str) and len(value) <= 8


def answer_from_json(value: Any) -> Any:
    """Return a JSON answer if it has a shape some question type reads; raise ValueError if not."""
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        return value.strip()
    if isinstance(value, list) and len(value) <= MAX_ITEMS and all(map(_short_id, value)):
        return value
    if isinstance(value, dict) and len(value) <= MAX_ITEMS and all(map(_short_id, value.items())):
        return {k: v for k, v in value.items() if v}
    raise ValueError("That answer cannot be read.")


# -- quiz settings -----------------------------------------------------------------------------


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes, one per choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BankField(SelectField):
    """The bank chooser: anything but one of the listed banks gets one plain message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the chosen id; an unreadable one is simply not a listed bank."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None

    def pre_validate(self, form: Any) -> None:
        """Refuse a bank that is not in the list."""
        if self.data not in {choice.value for choice in self.choices or []}:
            raise ValidationError("Choose one of the listed banks.")


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()


TIME_HELP = "In your time zone, {zone} (change it in the flashcard settings). Empty: no limit."


class QuizForm(FlaskForm):
    """Every setting of a quiz."""

    bank = BankField("Question bank", coerce=int)
    title = StringField(
        "Title",
        [DataRequired("Give the quiz a title."), Length(max=200, message="At most 200 letters.")],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    description = TextAreaField("Description", [Optional(), Length(max=2000)])
    fact_kinds = MultiCheckboxField(
        "Fact kinds",
        choices=[SelectChoice(k, _words(k)) for k in FACT_KINDS],
        description="Tick none to draw from every kind.",
    )
    question_types = MultiCheckboxField(
        "Question types",
        choices=[SelectChoice(name, handler.label) for name, handler in REGISTRY.items()],
        description="Tick none to use every type.",
    )
    question_count = IntegerField(
        "Number of questions",
        [InputRequired("Say how many questions."), NumberRange(1, 200, "Between 1 and 200.")],
        default=10,
    )
    time_limit_minutes = IntegerField(
        "Time limit (minutes)",
        [Optional(), NumberRange(1, 1440, "Between 1 and 1440 minutes, or empty for none.")],
        description="Empty: untimed.",
    )
    attempts_allowed = IntegerField(
        "Attempts allowed",
        [Optional(), NumberRange(1, 100, "Between 1 and 100, or empty for unlimited.")],
        description="Empty: unlimited.",
    )
    grading_method = SelectField(
        "Grade across attempts", choices=[SelectChoice(m, _words(m)) for m in GRADING_METHODS]
    )
    shuffle = BooleanField("Shuffle questions", default=True)
    feedback = SelectField(
        "Feedback",
        choices=[
            SelectChoice("deferred", "Deferred: at the end, in the review"),
            SelectChoice("immediate", "Immediate: after each question is checked"),
        ],
    )
    review_policy = SelectField(
        "Review shows correct answers",
        choices=[
            SelectChoice("after_finish", "After the attempt is finished"),
            SelectChoice("after_close", "After the quiz closes"),
            SelectChoice("never", "Never"),
        ],
    )
    layout = SelectField(
        "Layout",
        choices=[
            SelectChoice("one_per_page", "One question per page"),
            SelectChoice("all_on_one_page", "All on one page"),
        ],
    )
    opens_at = DateTimeLocalField("Opens at", [Optional()], format="%Y-%m-%dT%H:%M")
    closes_at = DateTimeLocalField("Closes at", [Optional()], format="%Y-%m-%dT%H:%M")
    open_to_all = BooleanField(
        "Open to everyone signed in",
        description="Otherwise only the classes you assign it to see it (a draft until then).",
    )
    hidden = BooleanField("Hidden from students", description="Withdraws it, assigned or not.")
    submit = SubmitField("Save quiz")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = viewer_zone()  # times are entered and shown in the instructor's zone
        for field in (self.opens_at, self.closes_at):
            field.label.text = f"{field.label.text} ({self.zone.key})"
            field.description = TIME_HELP.format(zone=self.zone.key)

    def validate_closes_at(self, field: DateTimeLocalField) -> None:
        """Refuse a closing time that is not after the opening time."""
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The quiz must close after it opens.")

    def fill_from(self, quiz: Any) -> None:
        """Put a quiz's current settings into the form."""
        for name in QuizSettings.__dataclass_fields__:
            value = getattr(quiz, name)
            if name in ("opens_at", "closes_at") and value is not None:
                value = value.astimezone(self.zone).replace(tzinfo=None)
            getattr(self, name).data = value

    def settings(self) -> QuizSettings:
        """Return the settings the form holds (times read in the viewer's zone, kept in UTC)."""
        return QuizSettings(
            title=self.title.data.strip(),
            description=(self.description.data or "").strip(),
            fact_kinds=list(self.fact_kinds.data or []),
            question_types=list(self.question_types.data or []),
            question_count=self.question_count.data,
            time_limit_minutes=self.time_limit_minutes.data,
            attempts_allowed=self.attempts_allowed.data,
            grading_method=self.grading_method.data,
            shuffle=bool(self.shuffle.data),
            feedback=self.feedback.data,
            review_policy=self.review_policy.data,
            layout=self.layout.data,
            opens_at=_utc(self.opens_at.data, self.zone),
            closes_at=_utc(self.closes_at.data, self.zone),
            open_to_all=bool(self.open_to_all.data),
            hidden=bool(self.hidden.data),
        )


def _utc(value: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """Return a wall-clock time of `zone` as the UTC moment it names."""
    return value.replace(tzinfo=zone).astimezone(dt.UTC) if value is not None else None
