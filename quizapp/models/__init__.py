"""Every model, imported so that Alembic and the mapper registry see them all."""

from quizapp.models.attempt import Attempt, AttemptQuestion, Response
from quizapp.models.bank import Bank, BankFact, BankVersion
from quizapp.models.card import Card, ReviewLog
from quizapp.models.classroom import ClassMember, ClassQuiz, Classroom, QuizOverride
from quizapp.models.quiz import Quiz
from quizapp.models.user import ROLES, User

__all__ = [
    "ROLES",
    "Attempt",
    "AttemptQuestion",
    "Bank",
    "BankFact",
    "BankVersion",
    "Card",
    "ClassMember",
    "ClassQuiz",
    "Classroom",
    "Quiz",
    "QuizOverride",
    "Response",
    "ReviewLog",
    "User",
]
