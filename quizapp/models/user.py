"""User accounts."""

from __future__ import annotations

import datetime as dt
import secrets

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, String, false
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow

ROLES = ("student", "instructor", "admin")


def new_session_token() -> str:
    """Return a fresh random session token."""
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """A person who logs in: a student, an instructor or an admin."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('student', 'instructor', 'admin')", name="role_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The normalised form (NFKC, case-folded, stripped): what uniqueness and login compare.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="student")
    # Part of the Flask-Login id: changing it ends every session made before the change.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    #: Set for accounts made with a one-time password (a class roster): change it at next login.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def get_id(self) -> str:
        """Return the id Flask-Login stores in the session: user id and session token."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_admin(self) -> bool:
        """Tell whether the user is an admin."""
        return self.role == "admin"

    @property
    def is_instructor(self) -> bool:
        """Tell whether the user may manage banks and quizzes (instructors and admins)."""
        return self.role in ("instructor", "admin")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username!r} {self.role}>"
