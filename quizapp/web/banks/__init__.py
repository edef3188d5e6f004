"""Bank pages: list, upload, preview, publish, export, edit facts in the browser, study mode."""

from __future__ import annotations

# The edit and study pages add their routes to the blueprint of `views`.
from quizapp.web.banks import edits, study, views  # noqa: F401

blueprints = (views.bp,)

__all__ = ["blueprints"]
