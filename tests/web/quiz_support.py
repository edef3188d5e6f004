"""Helpers for the quiz page tests: start attempts, read frozen questions, build right answers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from quizapp.engine.questions import REGISTRY
from quizapp.extensions import db
from quizapp.models.attempt import Attempt, Response
from quizapp.services import attempts

GENERATED_TYPES = [name for name in REGISTRY if name != "fixed"]


def start(app: Any, user: Any, quiz: Any, now: dt.datetime | None = None) -> int:
    """Start (or resume) the user's attempt at a quiz through the service; return its id."""
    with app.app_context():
        return attempts.start_attempt(user.id, quiz.id, now=now)


def frozen(app: Any, attempt_id: int) -> list[dict[str, Any]]:
    """Return the frozen questions of an attempt, in order."""
    with app.app_context():
        return [aq.question for aq in db.session.get(Attempt, attempt_id).questions]


def responses(app: Any, attempt_id: int) -> dict[int, dict[str, Any]]:
    """Return the stored responses by position: answer, seq, late, outcome, feedback."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return {
            aq.position: {
                "answer": aq.response.answer,
                "seq": aq.response.seq,
                "late": aq.response.late,
                "outcome": aq.response.outcome,
                "feedback": aq.response.feedback,
            }
            for aq in attempt.questions
            if aq.response is not None
        }


def response_count(app: Any) -> int:
    """Return how many response rows exist."""
    with app.app_context():
        return db.session.query(Response).count()


def attempt_state(app: Any, attempt_id: int) -> str:
    """Return an attempt's state."""
    with app.app_context():
        return db.session.get(Attempt, attempt_id).state


def right_json(question: dict[str, Any]) -> Any:
    """Return a fully correct answer to a frozen question, as the page's script sends it."""
    key = question["answer"]
    kind = question["type"]
    if kind in ("multiple_choice", "who_said"):
        return key["correct"][0]
    if kind == "true_false":
        return "true" if key["true"] else "false"
    if kind == "numeric":
        return str(key["values"][0])
    if kind in ("date_entry", "short_answer"):
        return key["labels"][0]
    if kind == "ordering":
        return list(key["order"])
    if kind == "matching":
        return dict(key["pairs"])
    raise AssertionError(f"no right answer known for {kind}")


def right_form(question: dict[str, Any], position: int) -> dict[str, str]:
    """Return the form fields of a fully correct answer, as the plain form posts it."""
    answer = right_json(question)
    if question["type"] == "ordering":
        return {f"q{position}-rank-{oid}": str(answer.index(oid) + 1) for oid in answer}
    if question["type"] == "matching":
        return {f"q{position}-match-{left}": right for left, right in answer.items()}
    return {f"q{position}-answer": answer}


def wrong_form(question: dict[str, Any], position: int) -> dict[str, str]:
    """Return form fields of an answer that earns nothing (a wrong option, or nonsense text)."""
    kind = question["type"]
    if kind in ("multiple_choice", "who_said"):
        bad = next(
            o["id"] for o in question["options"] if o["id"] not in question["answer"]["correct"]
        )
        return {f"q{position}-answer": bad}
    if kind == "true_false":
        return {f"q{position}-answer": "false" if question["answer"]["true"] else "true"}
    if kind == "numeric":
        return {f"q{position}-answer": "0.5"}
    if kind in ("ordering", "matching"):
        return right_form(question, position)  # callers avoid these
    return {f"q{position}-answer": "zzz nothing like it"}


def page_token(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    assert match, "no csrf token on the page"
    return match.group(1)
