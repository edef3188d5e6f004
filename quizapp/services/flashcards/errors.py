"""What flashcard use cases refuse with: errors carrying a message and an HTTP status."""

from __future__ import annotations


class FlashcardError(Exception):
    """A flashcard request cannot be done; the message says why."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FlashcardNotFound(FlashcardError):
    """No such bank or fact for this learner (hidden and missing look the same)."""

    status = 404


class StaleRating(FlashcardError):
    """The card was rated since the page was shown (double click, second tab)."""

    status = 409

    def __init__(self) -> None:
        super().__init__("That card was already rated; here is the next one.")
