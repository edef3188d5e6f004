"""Helpers shared by views that handle forms."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm

#: The largest id or page number a query string may name (an INTEGER column's range).
MAX_INT = 2**31 - 1


def add_form_error(form: FlaskForm, message: str, field: str | None = None) -> None:
    """Show `message` next to `field` of `form`, or above the form when there is no such field."""
    target = getattr(form, field, None) if field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, message]
    else:
        form.form_errors.append(message)


def arg_int(name: str, default: int | None = None) -> int | None:
    """Return a positive whole number from the query string, or `default` if it is not one."""
    value = request.args.get(name, "")
    if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_INT:
        return int(value)
    return default
