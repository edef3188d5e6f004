"""Class pages: instructors run classes and assign quizzes; students join and leave them."""

from __future__ import annotations

from quizapp.web.classes import views

blueprints = (views.bp,)

__all__ = ["blueprints"]
