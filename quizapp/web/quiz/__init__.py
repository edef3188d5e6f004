"""Quiz pages: the quiz list, taking an attempt, the review, and instructors setting quizzes up."""

from __future__ import annotations

# `listing` adds its routes to the blueprint of `taking`.
from quizapp.web.quiz import listing, manage, taking  # noqa: F401

blueprints = (taking.bp, manage.bp)

__all__ = ["blueprints"]
