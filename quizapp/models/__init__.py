"""Every model, imported so that Alembic and the mapper registry see them all."""

from quizapp.models.user import ROLES, User

__all__ = ["ROLES", "User"]
