"""The review of a finished attempt: answers, explanations and sources where the policy allows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quizapp.engine.bank import Question
from quizapp.engine.questions import describe_response
from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.quiz import Quiz
from quizapp.models.types import utcnow
from quizapp.services.access import Actor, can_manage_quiz, can_view_attempt
from quizapp.services.attempts.operations import AttemptError, AttemptNotFound
from quizapp.services.attempts.pages import Feedback, feedback_for, load_attempt


@dataclass(frozen=True)
class ReviewItem:
    """One question of a finished attempt, with feedback when the policy shows it."""

    position: int
    stem: str
    your_answer: str
    answered: bool
    late: bool
    feedback: Feedback | None

    @property
    def outcome(self) -> str:
        """Return right, partly, wrong or unanswered (or hidden when answers are not shown)."""
        if self.feedback is None:
            return "hidden"
        if not self.answered:
            return "unanswered"
        return {"correct": "right", "partial": "partly"}.get(self.feedback.outcome or "", "wrong")

    @property
    def missed(self) -> bool:
        """Tell whether the learner did not earn full marks here."""
        return self.outcome in ("partly", "wrong", "unanswered")


@dataclass(frozen=True)
class ReviewPage:
    """A finished attempt's review."""

    attempt_id: int
    quiz_id: int
    quiz_title: str
    learner_id: int
    number: int
    purpose: str
    state: str
    score: float | None
    max_score: float
    percent: float | None
    show_answers: bool
    hidden_reason: str
    items: tuple[ReviewItem, ...]
    can_practise: bool
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None

    @property
    def seconds_taken(self) -> int | None:
        """Return how long the attempt took, in whole seconds."""
        if self.started_at is None or self.finished_at is None:
            return None
        return max(0, int((self.finished_at - self.started_at).total_seconds()))

    @property
    def missed_count(self) -> int:
        """Return how many questions did not earn full marks."""
        return sum(item.missed for item in self.items)



def review_page(user: Actor, attempt_id: int, *, now: dt.datetime | None = None) -> ReviewPage:
    """Return a closed attempt's review, with answers only where the review policy allows."""
    now = now or utcnow()
    attempt = load_attempt(attempt_id)
    if attempt is None or not can_view_attempt(user, attempt):
        raise AttemptNotFound("No such attempt.")
    if attempt.state == "in_progress":
        raise AttemptError("This attempt is still in progress: finish it to see the review.")
    quiz = attempt.quiz
    show, reason = _review_allowed(user, quiz, now)
    items = []
    for aq in attempt.questions:
        question = Question.from_dict(aq.question)
        response = aq.response
        answer = response.answer if response else None
        items.append(
            ReviewItem(
                position=aq.position,
                stem=question.stem,
                your_answer=describe_response(question, answer),
                answered=response is not None,
                late=bool(response and response.late),
                feedback=feedback_for(question, response) if show else None,
            )
        )
    missed = any(
        i.feedback is not None and i.feedback.outcome in (None, "incorrect", "partial")
        for i in items
    )
    return ReviewPage(
        attempt_id=attempt.id,
        quiz_id=quiz.id,
        quiz_title=quiz.title,
        learner_id=attempt.user_id,
        number=attempt.number,
        purpose=attempt.purpose,
        state=attempt.state,
        score=attempt.score,
        max_score=attempt.max_score,
        percent=attempt.percent,
        show_answers=show,
        hidden_reason=reason,
        items=tuple(items),
        can_practise=show and missed and attempt.user_id == user.id,
        started_at=attempt.started_at,
        finished_at=attempt.finished_at,
    )


def _review_allowed(user: Actor, quiz: Quiz, now: dt.datetime) -> tuple[bool, str]:
    """Return whether the viewer may see correct answers now, and why not if not."""
    if can_manage_quiz(user, quiz) or quiz.review_policy == "after_finish":
        return True, ""
    if quiz.review_policy == "after_close":
        if quiz.closes_at is not None and now >= quiz.closes_at:
            return True, ""
        return False, "The correct answers are shown once the quiz closes."
    return False, "This quiz does not show the correct answers."


def practise_missed_allowed(
    user: Actor, attempt_id: int, *, now: dt.datetime | None = None
) -> bool:
    """Tell whether the learner may practise the facts missed in an attempt (review visible)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user.id:
        return False
    shown, _ = _review_allowed(user, attempt.quiz, now or utcnow())
    return shown
