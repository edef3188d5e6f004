"""Quiz use cases: set up and edit quizzes, list what a user may take or manage."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import Select, or_, select

from quizapp.engine.bank import FACT_KINDS
from quizapp.engine.capacity import quiz_capacity
from quizapp.engine.questions import REGISTRY
from quizapp.extensions import db
from quizapp.models.bank import Bank
from quizapp.models.quiz import FEEDBACK_MODES, GRADING_METHODS, LAYOUTS, REVIEW_POLICIES, Quiz
from quizapp.services.access import Actor, can_manage_bank, can_manage_quiz, is_admin
from quizapp.services.banks.versions import current_version, engine_bank


class QuizError(Exception):
    """Quiz settings that cannot be saved; the message says what to change (and `field`, where)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class QuizSettings:
    """Everything an instructor chooses for a quiz, as plain data."""

    title: str
    description: str = ""
    fact_kinds: list[str] = field(default_factory=list)
    question_types: list[str] = field(default_factory=list)
    question_count: int = 10
    time_limit_minutes: int | None = None
    attempts_allowed: int | None = None
    grading_method: str = "highest"
    shuffle: bool = True
    feedback: str = "deferred"
    review_policy: str = "after_finish"
    layout: str = "one_per_page"
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    #: Open to everyone signed in; otherwise to the classes it is assigned to (a draft till then).
    open_to_all: bool = False
    #: Withdrawn from every student, assigned or not.
    hidden: bool = False

    def problems(self) -> list[str]:
        """Return what is wrong with these settings (empty when they can be saved)."""
        out = []
        if not self.title.strip():
            out.append("Give the quiz a title.")
        if len(self.title) > 200:
            out.append("Keep the title under 200 characters.")
        if unknown := set(self.fact_kinds) - set(FACT_KINDS):
            out.append(f"Unknown fact kinds: {', '.join(sorted(unknown))}.")
        if unknown := set(self.question_types) - set(REGISTRY):
            out.append(f"Unknown question types: {', '.join(sorted(unknown))}.")
        if not 1 <= self.question_count <= 200:
            out.append("A quiz has between 1 and 200 questions.")
        if self.time_limit_minutes is not None and not 1 <= self.time_limit_minutes <= 1440:
            out.append("The time limit is between 1 and 1440 minutes, or none.")
        if self.attempts_allowed is not None and not 1 <= self.attempts_allowed <= 100:
            out.append("Allow between 1 and 100 attempts, or leave it unlimited.")
        for name, allowed in (
            ("grading_method", GRADING_METHODS),
            ("feedback", FEEDBACK_MODES),
            ("review_policy", REVIEW_POLICIES),
            ("layout", LAYOUTS),
        ):
            if getattr(self, name) not in allowed:
                out.append(f"{name.replace('_', ' ').capitalize()} must be one of {allowed}.")
        if self.feedback == "immediate" and self.review_policy != "after_finish":
            # Checking an answer shows its feedback at once: that is a review, so a policy that
            # hides answers until the quiz closes (or for ever) cannot go with it.
            out.append(
                "Immediate feedback shows the right answer as soon as a question is checked; "
                "choose deferred feedback to keep answers hidden until later."
            )
        if any(t is not None and t.tzinfo is None for t in (self.opens_at, self.closes_at)):
            out.append("Give the opening and closing times with their time zone.")
        elif self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            out.append("The quiz must close after it opens.")
        return out


def create_quiz(user: Actor, bank_id: int, settings: QuizSettings) -> int:
    """Create a quiz on a bank the user manages (or may use: any published bank); return its id."""
    bank = db.session.get(Bank, bank_id)
    if bank is None or not (bank.status == "published" or can_manage_bank(user, bank)):
        raise QuizError("No such bank.")
    if user.role not in ("instructor", "admin"):
        raise QuizError("Only instructors set up quizzes.")
    if problems := settings.problems():
        raise QuizError(" ".join(problems))
    _check_capacity(bank, settings)
    quiz = Quiz(bank_id=bank.id, owner_id=user.id, **asdict(settings))
    db.session.add(quiz)
    db.session.commit()
    return quiz.id


def update_quiz(user: Actor, quiz_id: int, settings: QuizSettings) -> None:
    """Change a quiz's settings; attempts already started keep the questions they were served."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not can_manage_quiz(user, quiz):
        raise QuizError("No such quiz.")
    if problems := settings.problems():
        raise QuizError(" ".join(problems))
    _check_capacity(quiz.bank, settings)
    for name, value in asdict(settings).items():
        setattr(quiz, name, value)
    db.session.commit()


def capacity(bank_id: int, types: list[str] | None = None, kinds: list[str] | None = None) -> int:
    """Return how many questions of `types` on facts of `kinds` the bank's newest version yields."""
    version = current_version(bank_id)
    return 0 if version is None else quiz_capacity(engine_bank(version), types, kinds)


def _check_capacity(bank: Bank, settings: QuizSettings) -> None:
    """Refuse a question count that the chosen kinds and types cannot reach on this bank."""
    most = capacity(bank.id, settings.question_types, settings.fact_kinds)
    if settings.question_count <= most:
        return
    db.session.rollback()
    picked = settings.fact_kinds or settings.question_types
    chosen = "These fact kinds and question types" if picked else "This bank"
    if most == 0:
        raise QuizError(
            f"{chosen} cannot make any question from “{bank.title}”: tick other kinds or types.",
            "question_count",
        )
    noun = "question" if most == 1 else "questions"
    raise QuizError(
        f"{chosen} can make at most {most} {noun} from “{bank.title}”: ask for {most} or "
        "fewer, or tick more kinds or types.",
        "question_count",
    )


def takeable_quizzes(now: dt.datetime | None = None) -> Select[tuple[Quiz]]:
    """Return a query of the quizzes on published banks, practice quizzes first."""
    del now  # open/close times are shown per quiz rather than hiding quizzes
    return (
        select(Quiz)
        .join(Bank, Bank.id == Quiz.bank_id)
        .where(Bank.status == "published")
        .order_by(Quiz.is_practice.desc(), Quiz.title, Quiz.id)
    )


def managed_quizzes(user: Actor) -> Select[tuple[Quiz]]:
    """Return a query of the quizzes the user manages (all of them for an admin)."""
    query = select(Quiz).join(Bank, Bank.id == Quiz.bank_id).order_by(Quiz.title, Quiz.id)
    if is_admin(user):
        return query
    return query.where(
        or_(Quiz.owner_id == user.id, (Quiz.owner_id.is_(None)) & (Bank.owner_id == user.id))
    )
