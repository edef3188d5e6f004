"""Forms for the admin pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired

from quizapp.models.user import ROLES


class RoleForm(FlaskForm):
    """Give a user another role."""

    role = SelectField("Role", [InputRequired()], choices=list(ROLES))
    submit = SubmitField("Save")
