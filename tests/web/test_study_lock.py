"""Banks during exams: flashcards and the Anki export are refused, with a clear message, while
the learner has a graded attempt open on a quiz from that bank; "assessment only" banks shut
them to learners for good."""

from __future__ import annotations

from quizapp.extensions import db
from quizapp.models.bank import BankFact
from quizapp.services import attempts


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_flashcards_and_export_are_refused_during_an_open_graded_attempt(
    app, client, login_as, make_quiz, make_bank
):
    student = login_as("student")
    bank = make_bank()
    quiz = make_quiz(bank=bank, title="Final exam", question_count=3)
    other_bank = make_bank()
    assert client.get(f"/cards/{bank.id}").status_code == 200
    with app.app_context():
        attempt_id = attempts.start_attempt(student.id, quiz.id)
        fact_id = db.session.scalar(db.select(BankFact.id).where(BankFact.bank_id == bank.id))
    for path in (f"/cards/{bank.id}", f"/cards/{bank.id}/export.apkg"):
        response = client.get(path)
        assert response.status_code == 409
        page = _text(response)
        assert "Flashcards closed for now" in page
        assert "once you finish your attempt at “Final exam”" in page
    rated = client.post(
        f"/cards/facts/{fact_id}/rate",
        data={"rating": "3", "bank_id": bank.id},
        follow_redirects=True,
    )
    assert "once you finish your attempt" in _text(rated)
    assert client.get(f"/cards/{other_bank.id}").status_code == 200  # other banks stay open
    with app.app_context():
        attempts.finish_attempt(student.id, attempt_id)
    assert client.get(f"/cards/{bank.id}").status_code == 200
    assert client.get(f"/cards/{bank.id}/export.apkg").status_code == 200


def test_a_practice_attempt_does_not_lock_the_flashcards(app, client, login_as, practice_quiz):
    student = login_as("student")
    with app.app_context():
        attempts.start_attempt(student.id, practice_quiz.id, purpose="practice")
    assert client.get(f"/cards/{practice_quiz.bank_id}").status_code == 200


def test_assessment_only_banks_are_shut_to_learners(app, client, auth, make_user, make_bank):
    owner, student = make_user(role="instructor"), make_user()
    bank = make_bank(owner=owner)
    auth.login(owner.username)
    response = client.post(
        f"/banks/{bank.id}/study-mode", data={"mode": "assessment"}, follow_redirects=True
    )
    assert "for assessment only" in _text(response)
    assert client.get(f"/cards/{bank.id}").status_code == 200  # its owner still may
    bad = client.post(f"/banks/{bank.id}/study-mode", data={"mode": "party"}, follow_redirects=True)
    assert "Choose study or assessment only." in _text(bad)
    auth.logout()
    auth.login(student.username)
    assert bank.title not in _text(client.get("/cards/"))
    response = client.get(f"/cards/{bank.id}/export.apkg")
    assert response.status_code == 409 and "assessment only" in _text(response)
