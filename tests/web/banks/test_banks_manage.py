"""Publishing, unpublishing, archiving and deleting banks: behind a POST and a confirmation,
per object, and visible to learners only when published."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.bank import Bank
from quizapp.models.quiz import Quiz
from quizapp.services import attempts
from tests.web.bank_samples import SAMPLE_YAML, counts, sample_bank, upload

PRACTICE = "Practice: Lighthouses of the north coast"


def _status(app, bank_id):
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        return bank.status if bank else None


def _student_sees(app, auth, make_user) -> bool:
    student = make_user(role="student")
    other = app.test_client()
    auth.login(student.username, student.password, client=other)
    return PRACTICE in other.get("/quizzes").get_data(as_text=True)


def test_publish_needs_confirmation_then_students_see_the_practice_quiz(
    app, client, login_as, auth, make_user
):
    login_as("instructor")
    bank_id = int(upload(client, SAMPLE_YAML, "lights.yaml").location.rsplit("/", 1)[1])
    assert not _student_sees(app, auth, make_user)  # a draft never reaches learners

    confirm = client.get(f"/banks/{bank_id}/publish")
    assert confirm.status_code == 200
    assert "Learners will see this bank" in confirm.get_data(as_text=True)
    assert _status(app, bank_id) == "draft"  # GET changes nothing

    done = client.post(f"/banks/{bank_id}/publish", follow_redirects=True)
    assert "Published “Lighthouses of the north coast”" in done.get_data(as_text=True)
    assert _status(app, bank_id) == "published"
    assert _student_sees(app, auth, make_user)

    client.post(f"/banks/{bank_id}/unpublish")
    assert _status(app, bank_id) == "draft"
    assert not _student_sees(app, auth, make_user)

    client.post(f"/banks/{bank_id}/archive")
    assert _status(app, bank_id) == "archived"
    assert not _student_sees(app, auth, make_user)


def test_an_impossible_transition_is_explained(app, client, login_as, make_bank):
    teacher = login_as("instructor")
    bank = make_bank(owner=teacher, bank=sample_bank(), status="archived")
    page = client.post(f"/banks/{bank.id}/archive", follow_redirects=True).get_data(as_text=True)
    assert "This bank is archived; it cannot be archived." in page


def test_delete_without_attempts_removes_bank_versions_and_quizzes(app, client, login_as):
    login_as("instructor")
    bank_id = int(upload(client, SAMPLE_YAML, "lights.yaml").location.rsplit("/", 1)[1])
    confirm = client.get(f"/banks/{bank_id}/delete").get_data(as_text=True)
    assert "will be deleted for good" in confirm
    response = client.post(f"/banks/{bank_id}/delete", follow_redirects=True)
    assert "Deleted the bank" in response.get_data(as_text=True)
    assert counts(app) == {"Bank": 0, "BankVersion": 0, "BankFact": 0, "Quiz": 0}
    assert client.get(f"/banks/{bank_id}").status_code == 404


def test_delete_with_attempts_archives_and_says_so(app, client, login_as, make_bank, make_user):
    teacher = login_as("instructor")
    bank = make_bank(owner=teacher, bank=sample_bank())
    learner = make_user(role="student")
    with app.app_context():
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.bank_id == bank.id))
        attempts.start_attempt(learner.id, quiz_id)
    confirm = client.get(f"/banks/{bank.id}/delete").get_data(as_text=True)
    assert "will be archived instead of deleted" in confirm
    page = client.post(f"/banks/{bank.id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "was archived, not deleted" in page
    assert _status(app, bank.id) == "archived"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


@pytest.mark.parametrize("action", ["publish", "unpublish", "archive", "delete"])
def test_another_instructor_cannot_change_a_bank(
    app, client, login_as, make_bank, make_user, action
):
    owner = make_user(role="instructor")
    bank = make_bank(owner=owner, bank=sample_bank(), status="published")
    login_as("instructor")
    assert client.post(f"/banks/{bank.id}/{action}").status_code == 403
    assert _status(app, bank.id) == "published"


def test_admin_manages_shipped_banks(app, client, login_as, make_bank):
    bank = make_bank(owner=None, bank=sample_bank(), status="published")
    login_as("admin")
    assert "Lighthouses of the north coast" in client.get("/banks/").get_data(as_text=True)
    client.post(f"/banks/{bank.id}/unpublish")
    assert _status(app, bank.id) == "draft"
    # an admin's upload of a new version keeps the bank shipped (owner NULL)
    upload(client, SAMPLE_YAML.replace("number: 36", "number: 38"), "x.yaml", bank=bank.id)
    with app.app_context():
        assert db.session.get(Bank, bank.id).owner_id is None
    assert counts(app)["BankVersion"] == 2


def test_instructor_lists_their_banks_and_the_published_ones(
    app, client, login_as, make_bank, make_user
):
    other = make_user(role="instructor")
    make_bank(owner=other, bank=sample_bank("theirs"), status="draft")
    make_bank(owner=other, bank=sample_bank("shared"))
    teacher = login_as("instructor")
    make_bank(owner=teacher, bank=sample_bank("mine"), status="draft")
    page = client.get("/banks/").get_data(as_text=True)
    assert "<code>mine</code>" in page and "<code>shared</code>" in page
    assert "<code>theirs</code>" not in page  # another's draft stays theirs


def test_unknown_bank_is_404(client, login_as):
    login_as("admin")
    assert client.get("/banks/999").status_code == 404
    assert client.post("/banks/999/publish").status_code == 404


def test_state_changes_need_a_csrf_token(app, csrf_client, make_user, make_bank):
    import re

    teacher = make_user(role="instructor")
    bank = make_bank(owner=teacher, bank=sample_bank(), status="draft")
    login_page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', login_page
    ).group(1)
    logged_in = csrf_client.post(
        "/login",
        data={"username": teacher.username, "password": teacher.password, "csrf_token": token},
    )
    assert logged_in.status_code == 302
    assert csrf_client.post(f"/banks/{bank.id}/publish").status_code == 400
    assert _status(app, bank.id) == "draft"
    confirm = csrf_client.get(f"/banks/{bank.id}/publish").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', confirm).group(1)
    assert (
        csrf_client.post(f"/banks/{bank.id}/publish", data={"csrf_token": token}).status_code == 302
    )
    assert _status(app, bank.id) == "published"


def test_dashboard_counts_the_instructors_banks_by_status(app, client, login_as, make_bank):
    teacher = login_as("instructor")
    make_bank(owner=teacher, bank=sample_bank("a"), status="draft")
    make_bank(owner=teacher, bank=sample_bank("b"), status="draft")
    make_bank(owner=teacher, bank=sample_bank("c"), status="published")
    make_bank(owner=None, bank=sample_bank("shipped"), status="published")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "1 published · 2 drafts · 0 archived" in page


def test_students_get_no_bank_panel(client, login_as):
    login_as("student")
    assert "Your question banks" not in client.get("/dashboard").get_data(as_text=True)


def test_bank_list_queries_do_not_grow_with_the_number_of_banks(
    client, login_as, make_bank, query_counter
):
    teacher = login_as("instructor")
    make_bank(owner=teacher, bank=sample_bank("one"))
    with query_counter() as few:
        assert client.get("/banks/").status_code == 200
    for n in range(6):
        make_bank(owner=teacher, bank=sample_bank(f"more-{n}"))
    with query_counter() as many:
        page = client.get("/banks/").get_data(as_text=True)
    assert page.count("<code>more-") == 6
    assert many.count == few.count
