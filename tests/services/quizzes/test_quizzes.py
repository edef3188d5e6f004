"""Quiz set-up and the object-level access rules at the service level."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.bank import Bank
from quizapp.models.quiz import Quiz
from quizapp.services import access, attempts
from quizapp.services.quizzes import (
    QuizError,
    QuizSettings,
    create_quiz,
    managed_quizzes,
    takeable_quizzes,
    update_quiz,
)

OPENS = dt.datetime(2031, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "  "}, "Give the quiz a title."),
        ({"title": "x" * 201}, "under 200 characters"),
        ({"fact_kinds": ["date", "gossip"]}, "Unknown fact kinds: gossip."),
        ({"question_types": ["essay"]}, "Unknown question types: essay."),
        ({"question_count": 0}, "between 1 and 200 questions"),
        ({"time_limit_minutes": 0}, "between 1 and 1440 minutes"),
        ({"attempts_allowed": 0}, "between 1 and 100 attempts"),
        ({"attempts_allowed": 10**25}, "between 1 and 100 attempts"),
        ({"feedback": "immediate", "review_policy": "never"}, "choose deferred feedback"),
        ({"feedback": "immediate", "review_policy": "after_close"}, "choose deferred feedback"),
        ({"grading_method": "best"}, "Grading method must be one of"),
        ({"feedback": "never"}, "Feedback must be one of"),
        ({"opens_at": OPENS, "closes_at": OPENS}, "must close after it opens"),
        ({"opens_at": OPENS.replace(tzinfo=None)}, "with their time zone"),
    ],
)
def test_bad_settings_are_explained(change, message):
    settings = dataclasses.replace(QuizSettings(title="Handovers"), **change)
    problems = settings.problems()
    assert len(problems) == 1 and message in problems[0]


def test_good_settings_have_no_problems():
    settings = QuizSettings(
        title="Handovers",
        fact_kinds=["date", "base"],
        question_types=["multiple_choice", "ordering"],
        time_limit_minutes=30,
        attempts_allowed=3,
        opens_at=OPENS,
        closes_at=OPENS + dt.timedelta(days=7),
    )
    assert settings.problems() == []


def test_instructor_creates_a_quiz_students_can_take(app, make_user, make_bank):
    teacher, student = make_user(role="instructor"), make_user()
    bank = make_bank(owner=teacher, status="draft")
    settings = QuizSettings(
        title="Bases", fact_kinds=["base"], question_count=5, feedback="immediate",
        open_to_all=True,
    )
    with app.app_context():
        quiz_id = create_quiz(teacher, bank.id, settings)
        quiz = db.session.get(Quiz, quiz_id)
        assert (quiz.owner_id, quiz.fact_kinds, quiz.feedback) == (
            teacher.id,
            ["base"],
            "immediate",
        )
        db.session.get(Bank, bank.id).status = "published"
        db.session.commit()
        attempt_id = attempts.start_attempt(student.id, quiz_id)
        kinds = {aq.kind for aq in db.session.get(Attempt, attempt_id).questions}
    assert kinds == {"base"}


def test_quiz_creation_is_refused_with_a_reason(app, make_user, make_bank):
    teacher, other, student = (
        make_user(role="instructor"),
        make_user(role="instructor"),
        make_user(),
    )
    draft = make_bank(owner=other, status="draft")
    shared = make_bank(owner=other)
    with app.app_context():
        with pytest.raises(QuizError, match="No such bank"):
            create_quiz(teacher, draft.id, QuizSettings(title="Peek"))
        with pytest.raises(QuizError, match="Only instructors"):
            create_quiz(student, shared.id, QuizSettings(title="Mine"))
        with pytest.raises(QuizError, match="Give the quiz a title"):
            create_quiz(teacher, shared.id, QuizSettings(title=""))
        # Any published bank may be used by any instructor.
        assert create_quiz(teacher, shared.id, QuizSettings(title="Shared"))
        assert db.session.query(Quiz).filter_by(owner_id=teacher.id).count() == 1


def test_only_managers_update_and_open_attempts_keep_their_questions(app, make_user, make_quiz):
    teacher, other = make_user(role="instructor"), make_user(role="instructor")
    admin = make_user(role="admin")
    student = make_user()
    quiz = make_quiz(owner=teacher, question_count=4)
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id)
        with pytest.raises(QuizError, match="No such quiz"):
            update_quiz(other, quiz.id, QuizSettings(title="Hijacked"))
        update_quiz(teacher, quiz.id, QuizSettings(title="Longer", question_count=9))
        update_quiz(admin, quiz.id, QuizSettings(title="Longer still", question_count=9))
        assert db.session.get(Quiz, quiz.id).title == "Longer still"
        assert len(db.session.get(Attempt, attempt_id).questions) == 4


def test_takeable_and_managed_quiz_lists(app, make_user, make_bank, make_quiz):
    teacher, other = make_user(role="instructor"), make_user(role="instructor")
    admin = make_user(role="admin")
    mine = make_bank(owner=teacher)
    make_quiz(bank=mine, owner=teacher, title="Alpha")
    make_quiz(bank=make_bank(owner=other), owner=other, title="Beta")
    make_quiz(bank=make_bank(owner=other, status="draft"), owner=other, title="Hidden draft")
    with app.app_context():
        takeable = db.session.scalars(takeable_quizzes()).all()
        assert [q.is_practice for q in takeable] == [True, True, False, False]
        assert [q.title for q in takeable if not q.is_practice] == ["Alpha", "Beta"]
        managed = {q.title for q in db.session.scalars(managed_quizzes(teacher))}
        assert managed == {"Alpha", f"Practice: {db.session.get(Bank, mine.id).title}"}
        assert len(db.session.scalars(managed_quizzes(admin)).all()) == 6


def test_access_rules_per_object(app, make_user, make_bank, make_quiz):
    teacher, other = make_user(role="instructor"), make_user(role="instructor")
    admin, learner, stranger = make_user(role="admin"), make_user(), make_user()
    shipped = make_bank()
    quiz = make_quiz(bank=make_bank(owner=other), owner=teacher)
    with app.app_context():
        attempt = db.session.get(Attempt, attempts.start_attempt(learner.id, quiz.id))
        assert [access.can_view_attempt(u, attempt) for u in (learner, stranger)] == [True, False]
        assert [access.can_view_attempt(u, attempt) for u in (teacher, other, admin)] == [
            True,
            False,
            True,
        ]
        bank = db.session.get(Bank, shipped.id)
        assert [access.can_manage_bank(u, bank) for u in (teacher, admin)] == [False, True]
        own = db.session.get(Bank, quiz.bank_id)
        assert [access.can_manage_bank(u, own) for u in (other, teacher, learner)] == [
            True,
            False,
            False,
        ]
        assert access.can_take_quiz(stranger, db.session.get(Quiz, quiz.id))


def test_a_quiz_its_bank_cannot_make_is_refused_on_create_and_edit(
    app, make_user, make_bank, iraq_bank
):
    from quizapp.engine.capacity import quiz_capacity

    teacher = make_user(role="instructor")
    bank = make_bank()
    kind = next(n for n in ("ordering", "who_said", "numeric") if quiz_capacity(iraq_bank, [n]))
    too_many = QuizSettings(title="Orderings", question_types=[kind], question_count=200)
    with app.app_context():
        with pytest.raises(QuizError, match="at most") as refused:
            create_quiz(teacher, bank.id, too_many)
        assert refused.value.field == "question_count"
        assert db.session.query(Quiz).filter_by(title="Orderings").count() == 0
        quiz_id = create_quiz(teacher, bank.id, dataclasses.replace(too_many, question_count=1))
        with pytest.raises(QuizError, match="cannot make any question"):
            update_quiz(teacher, quiz_id, dataclasses.replace(
                too_many, question_count=1, fact_kinds=["figure"], question_types=["who_said"]))
        assert db.session.get(Quiz, quiz_id).question_types == [kind]
