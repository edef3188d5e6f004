"""Helpers shared by views that handle forms."""

from __future__ import annotations

from flask_wtf import FlaskForm


def add_form_error(form: FlaskForm, message: str, field: str | None = None) -> None:
    """Show `message` next to `field` of `form`, or above the form when there is no such field."""
    target = getattr(form, field, None) if field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, message]
    else:
        form.form_errors.append(message)
