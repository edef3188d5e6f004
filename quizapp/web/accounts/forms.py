"""Forms for registering, logging in and changing a password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from quizapp.services.accounts import PASSWORD_MAX

# Generous bounds: the service applies the real rules and says what is wrong.
_NAME = [InputRequired(message="Enter a username."), Length(max=200)]
_PASSWORD = [
    InputRequired(message="Enter a password."),
    Length(max=PASSWORD_MAX, message=f"Use at most {PASSWORD_MAX} characters."),
]


class RegisterForm(FlaskForm):
    """Choose a username and a password."""

    username = StringField(
        "Username", _NAME, description="3 to 32 characters, no spaces; case does not matter."
    )
    password = PasswordField(
        "Password", _PASSWORD, description="At least 8 characters; long passphrases are welcome."
    )
    confirm = PasswordField(
        "Repeat password",
        [InputRequired(message="Repeat the password."),
         EqualTo("password", message="The two passwords differ.")],
    )
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    """Log in with a username and a password."""

    username = StringField("Username", _NAME)
    password = PasswordField("Password", _PASSWORD)
    submit = SubmitField("Log in")


class ChangePasswordForm(FlaskForm):
    """Change one's own password."""

    current_password = PasswordField("Current password", _PASSWORD)
    password = PasswordField("New password", _PASSWORD, description="At least 8 characters.")
    confirm = PasswordField(
        "Repeat new password",
        [InputRequired(message="Repeat the new password."),
         EqualTo("password", message="The two passwords differ.")],
    )
    submit = SubmitField("Change password")


class LogoutForm(FlaskForm):
    """An empty form: logging out is a POST with a CSRF token."""

    submit = SubmitField("Log out")
