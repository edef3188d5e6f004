"""What attempt use cases answer with: their domain errors and the result of a save."""

from __future__ import annotations

from dataclasses import dataclass


class AttemptError(Exception):
    """A request about an attempt that cannot be carried out; `status` is the HTTP answer."""

    status = 409


class AttemptNotFound(AttemptError):
    """No such attempt or question for this learner (never says which)."""

    status = 404


class LoggedOut(AttemptError):
    """The session that sent the answer was ended (logout elsewhere, a password change)."""

    status = 401

    def __init__(self) -> None:
        super().__init__("You are logged out: log in again and your answers will be sent.")


class InvalidAnswer(AttemptError):
    """An answer that cannot be stored (not plain data, or far too long)."""

    status = 400


class StaleSave(AttemptError):
    """The page that sent the answer is out of date; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "This page is out of date: the answer was changed in another tab or sent twice. "
            "Reload the page to see what is saved."
        )


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the new sequence number, lateness, and the grade when shown at once."""

    seq: int
    late: bool
    outcome: str | None = None
    feedback: str | None = None
    points: float | None = None
