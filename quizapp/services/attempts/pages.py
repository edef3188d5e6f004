"""What the quiz pages show, built here so that no template can show an answer too early.

Pages get view objects, never a frozen question: while an attempt is open they hold only
`Question.public()` plus the learner's own answer, and feedback only where the quiz gives it at
once. The review (`attempt_review`) holds correct answers, explanations and sources only when the
review policy allows it to the viewer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.engine.bank import Question
from quizapp.engine.questions import describe_answer
from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion
from quizapp.models.types import utcnow
from quizapp.services.access import (
    Actor,
)
from quizapp.services.attempts import operations as attempts
from quizapp.services.attempts.operations import AttemptNotFound
from quizapp.services.attempts.widgets import shown_answer, widget_for

# Format examples for date entry; one that equals the answer is never shown (see `_date_hint`).
_DATE_EXAMPLES = {
    "day": ("19 March 2020", "4 July 2021", "2 January 2019"),
    "month": ("March 2020", "July 2021", "January 2019"),
    "year": ("2020", "2021", "2019"),
}
_PRECISION_WORDS = {
    "day": "Give the day, month and year",
    "month": "Give the month and year",
    "year": "Give the year",
}


#: The form control each question type is answered with.
@dataclass(frozen=True)
class SourceView:
    """A source sentence and the title of the document it is from."""

    title: str
    sentence: str


@dataclass(frozen=True)
class Feedback:
    """What a graded question says: the outcome, the right answer, why, and where from."""

    outcome: str | None
    points: float | None
    max_points: float
    feedback: str
    correct_answer: str
    explanation: str
    sources: tuple[SourceView, ...]
    differ: str


@dataclass(frozen=True)
class QuestionView:
    """One question as the learner may see it while answering."""

    position: int
    qtype: str
    widget: str
    stem: str
    options: tuple[dict[str, str], ...]
    right_options: tuple[dict[str, str], ...]
    params: dict[str, Any]
    points: float
    hint: str
    answer: Any
    seq: int
    late: bool
    locked: bool
    feedback: Feedback | None
    flagged: bool = False
    #: Once a question is checked (immediate feedback), the ids of its right options.
    correct_ids: tuple[str, ...] = ()

    @property
    def answered(self) -> bool:
        """Tell whether an answer is saved for this question."""
        return self.seq > 0


@dataclass(frozen=True)
class AttemptPage:
    """An open attempt as its learner sees it."""

    attempt_id: int
    quiz_id: int
    quiz_title: str
    number: int
    purpose: str
    state: str
    layout: str
    immediate: bool
    deadline_at: dt.datetime | None
    now: dt.datetime
    questions: tuple[QuestionView, ...]

    @property
    def total(self) -> int:
        """Return how many questions the attempt has."""
        return len(self.questions)

    @property
    def answered_count(self) -> int:
        """Return how many questions have a saved answer."""
        return sum(q.answered for q in self.questions)

    @property
    def unanswered(self) -> list[int]:
        """Return the positions of questions without a saved answer."""
        return [q.position for q in self.questions if not q.answered]

    @property
    def flagged(self) -> list[int]:
        """Return the positions of questions the learner flagged to come back to."""
        return [q.position for q in self.questions if q.flagged]

    @property
    def remaining_seconds(self) -> int | None:
        """Return the whole seconds left before the deadline at page time, or None if untimed."""
        if self.deadline_at is None:
            return None
        return max(0, int((self.deadline_at - self.now).total_seconds()))

    def question(self, position: int) -> QuestionView | None:
        """Return the question at `position`, or None."""
        return next((q for q in self.questions if q.position == position), None)


# -- the attempt page --------------------------------------------------------------------------


def load_attempt(attempt_id: int) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .options(
            selectinload(Attempt.quiz),
            selectinload(Attempt.questions).selectinload(AttemptQuestion.response),
        )
        .where(Attempt.id == attempt_id)
    )


def attempt_page(
    user: Actor, attempt_id: int, *, now: dt.datetime | None = None, sweep: bool = True
) -> AttemptPage:
    """Return the learner's own attempt as it may be shown while answering.

    An attempt past its deadline and grace is closed and graded first (the on-access sweep),
    unless `sweep` is False: a save arriving late is stored (ungraded) before the sweep runs.
    """
    now = now or utcnow()
    attempt = load_attempt(attempt_id)
    if attempt is None or attempt.user_id != user.id:
        raise AttemptNotFound("No such attempt.")
    deadline = attempt.deadline_at
    if sweep and attempt.state == "in_progress" and deadline and now > deadline + attempts.grace():
        db.session.rollback()
        attempts.finish_attempt(user.id, attempt_id, now=now)
        attempt = load_attempt(attempt_id)
        assert attempt is not None
    quiz = attempt.quiz
    immediate = quiz.feedback == "immediate"
    return AttemptPage(
        attempt_id=attempt.id,
        quiz_id=quiz.id,
        quiz_title=quiz.title,
        number=attempt.number,
        purpose=attempt.purpose,
        state=attempt.state,
        layout=quiz.layout,
        immediate=immediate,
        deadline_at=attempt.deadline_at,
        now=now,
        questions=tuple(_question_view(aq, immediate) for aq in attempt.questions),
    )


def _question_view(aq: AttemptQuestion, immediate: bool) -> QuestionView:
    question = Question.from_dict(aq.question)
    public = question.public()
    response = aq.response
    widget = widget_for(question.type, public["params"])
    # A hand-made request can store any JSON; the page must still render (and grade says no).
    answer = shown_answer(widget, response.answer) if response else None
    checked = immediate and response is not None
    return QuestionView(
        position=aq.position,
        qtype=question.type,
        widget=widget,
        stem=question.stem,
        options=_in_order(tuple(public["options"]), answer),
        right_options=tuple(public["right_options"]),
        params=public["params"],
        points=question.points,
        hint=_date_hint(question) if question.type == "date_entry" else "",
        answer=answer,
        seq=response.seq if response else 0,
        late=bool(response and response.late),
        locked=checked,
        # Immediate feedback shows only for a question already checked, so its answer is final.
        feedback=feedback_for(question, response) if checked else None,
        flagged=aq.flagged,
        correct_ids=_correct_ids(question) if checked else (),
    )


def _correct_ids(question: Question) -> tuple[str, ...]:
    """Return the option ids a checked choice question counts right (none for other types)."""
    key = question.answer if isinstance(question.answer, dict) else {}
    if isinstance(key.get("correct"), list):
        return tuple(str(i) for i in key["correct"])
    if isinstance(key.get("true"), bool):
        return ("true",) if key["true"] else ("false",)
    return ()


def _in_order(options: tuple[dict[str, str], ...], answer: Any) -> tuple[dict[str, str], ...]:
    """Return ordering options in the learner's order when `answer` is a full order of them."""
    by_id = {o["id"]: o for o in options}
    if isinstance(answer, list) and sorted(answer) == sorted(by_id):
        return tuple(by_id[i] for i in answer)
    return options


def with_answers(page: AttemptPage, answers: dict[int, Any]) -> AttemptPage:
    """Return the page showing `answers` (submitted, not saved) in place of the saved ones."""
    questions = tuple(
        replace(q, answer=answers[q.position], options=_in_order(q.options, answers[q.position]))
        if answers.get(q.position) is not None and not q.locked
        else q
        for q in page.questions
    )
    return replace(page, questions=questions)


def _date_hint(question: Question) -> str:
    """Return a format hint whose example is never the answer itself."""
    precision = str(question.params.get("precision", "day"))
    answers = question.answer if isinstance(question.answer, dict) else {}
    taken = {str(x) for x in (*answers.get("labels", ()), *answers.get("values", ()))}
    examples = _DATE_EXAMPLES.get(precision, _DATE_EXAMPLES["day"])
    example = next((e for e in examples if e not in taken), "")
    words = _PRECISION_WORDS.get(precision, _PRECISION_WORDS["day"])
    return f"{words}, e.g. {example}." if example else f"{words}."


def feedback_for(question: Question, response: Any) -> Feedback:
    differ = str(question.params.get("_differ", ""))
    if question.contested and not differ:
        differ = "The sources differ on this fact; each of their values counts as right."
    text = response.feedback if response is not None else ""
    if differ and text.endswith(differ):
        text = text[: -len(differ)].rstrip()
    return Feedback(
        outcome=response.outcome if response is not None else None,
        points=response.points if response is not None else None,
        max_points=question.points,
        feedback=text,
        correct_answer=describe_answer(question),
        explanation=question.explanation,
        sources=tuple(SourceView(s.source_title, s.sentence) for s in question.sources),
        differ=differ,
    )
