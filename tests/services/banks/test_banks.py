"""Importing banks: versions, stable fact identities, practice quizzes, hand-written questions."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from quizapp.engine.bank import Claim, DateValue
from quizapp.engine.importers import parse_upload
from quizapp.extensions import db
from quizapp.models.attempt import AttemptQuestion
from quizapp.models.bank import Bank, BankFact, BankVersion
from quizapp.models.quiz import Quiz
from quizapp.services import attempts
from quizapp.services.banks import BankServiceError, current_version, engine_bank, import_bank

GIFT = b"""
$CATEGORY: capitals
::France::What is the capital of France? {=Paris ~Lyon ~Marseille}

::Sky::The sky is green. {F}
"""


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_creates_bank_version_facts_and_one_practice_quiz(app, iraq_bank):
    with app.app_context():
        first = import_bank(iraq_bank, owner_id=None, publish=True)
        again = import_bank(iraq_bank, owner_id=None, publish=True)
        assert first.created and not first.unchanged and first.version == 1
        assert again.unchanged and again.version == 1, "an identical file makes no new version"
        assert _count(BankVersion) == 1
        assert _count(BankFact) == len(iraq_bank.facts)
        assert db.session.scalar(select(func.count()).where(Quiz.is_practice)) == 1
        bank = db.session.get(Bank, first.bank_id)
        assert bank.status == "published"
        label = db.session.scalar(
            select(BankFact.label).where(BankFact.fact_key == "al_qaim_handover")
        )
        assert "al-Qaim" in label and label.endswith("?")
        assert "19 March" not in label, "a fact's label must not give its answer away"


def test_edited_bank_is_new_version_and_fact_keeps_its_identity(app, iraq_bank):
    fact = iraq_bank.facts["al_qaim_handover"]
    changed = dataclasses.replace(
        fact, claims=(Claim(DateValue(2020, 3, 20), "wiki", fact.claims[0].sentence),)
    )
    edited = dataclasses.replace(iraq_bank, facts={**iraq_bank.facts, fact.id: changed})
    with app.app_context():
        first = import_bank(iraq_bank, owner_id=None)
        fact_row_id = db.session.scalar(
            select(BankFact.id).where(BankFact.fact_key == "al_qaim_handover")
        )
        second = import_bank(edited, owner_id=None)
        assert second.version == 2 and second.bank_id == first.bank_id
        assert db.session.scalar(
            select(BankFact.id).where(BankFact.fact_key == "al_qaim_handover")
        ) == fact_row_id
        reloaded = engine_bank(current_version(first.bank_id))
        assert reloaded.facts["al_qaim_handover"].value == DateValue(2020, 3, 20)


def test_someone_elses_slug_is_refused_and_changes_nothing(app, make_user, iraq_bank):
    alice, bob = make_user(role="instructor"), make_user(role="instructor")
    with app.app_context():
        import_bank(iraq_bank, owner_id=alice.id)
        with pytest.raises(BankServiceError, match="belongs to someone else"):
            import_bank(iraq_bank, owner_id=bob.id)
        assert _count(BankVersion) == 1


def test_hand_written_questions_get_identities_and_are_served(app, make_user):
    student = make_user()
    bank = parse_upload(GIFT, "capitals.gift")
    with app.app_context():
        result = import_bank(bank, owner_id=None, publish=True)
        keys = set(db.session.scalars(select(BankFact.fact_key)))
        assert keys == set(bank.questions)
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.bank_id == result.bank_id))
        attempt_id = attempts.start_attempt(student.id, quiz_id)
        served = db.session.scalars(
            select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)
        ).all()
        assert served and all(aq.bank_fact_id is not None for aq in served)
        assert {aq.qtype for aq in served} == {"fixed"}


def test_simultaneous_imports_of_one_new_bank_store_it_once(app, iraq_bank):
    import threading

    barrier = threading.Barrier(4)
    results: list[object] = []

    def upload() -> None:
        with app.app_context():
            barrier.wait(10)
            try:
                results.append(import_bank(iraq_bank, owner_id=None))
            except BankServiceError as error:
                results.append(error)
            except Exception as error:  # anything else would be a 500 for the uploader
                results.append(error)

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(
        not isinstance(r, Exception) or isinstance(r, BankServiceError) for r in results
    ), results
    assert sum(1 for r in results if not isinstance(r, Exception) and r.created) == 1
    with app.app_context():
        assert _count(Bank) == 1 and _count(BankVersion) == 1
