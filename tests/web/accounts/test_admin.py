"""The admin's user list: paginated, and roles change from it."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.user import User


def test_admin_sees_users_a_page_at_a_time(app, client, login_as, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "USERS_PER_PAGE", 3)
    login_as("admin")
    for index in range(4):
        make_user(f"learner{index}")
    first = client.get("/admin/users").get_data(as_text=True)
    assert "5 accounts" in first
    assert "learner1" in first and "learner3" not in first
    assert 'href="/admin/users?page=2"' in first
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "learner2" in second and "learner3" in second and "learner0" not in second


def test_admin_changes_a_role(app, client, login_as, make_user):
    login_as("admin")
    learner = make_user("promoted")
    response = client.post(f"/admin/users/{learner.id}/role", data={"role": "instructor"},
                           follow_redirects=True)
    assert "promoted is now instructor." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, learner.id).role == "instructor"


def test_bad_role_or_missing_user_changes_nothing(app, client, login_as, make_user):
    login_as("admin")
    learner = make_user("steady")
    response = client.post(f"/admin/users/{learner.id}/role", data={"role": "emperor"},
                           follow_redirects=True)
    assert "Choose one of the listed roles." in response.get_data(as_text=True)
    assert client.post("/admin/users/99999/role", data={"role": "student"}).status_code == 404
    with app.app_context():
        assert db.session.get(User, learner.id).role == "student"


def test_only_admin_cannot_step_down(app, client, login_as):
    admin = login_as("admin")
    response = client.post(f"/admin/users/{admin.id}/role", data={"role": "student"},
                           follow_redirects=True)
    assert "only admin" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.id == admin.id)) == "admin"


def test_navigation_follows_the_role(client, login_as):
    login_as("student")
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/dashboard"' in page and 'href="/admin/users"' not in page


def test_user_list_costs_the_same_queries_for_many_users(client, login_as, make_user,
                                                         query_counter):
    login_as("admin")
    with query_counter() as few:
        assert client.get("/admin/users").status_code == 200
    for index in range(6):
        make_user(f"crowd{index}")
    with query_counter() as many:
        page = client.get("/admin/users").get_data(as_text=True)
    assert "crowd5" in page
    # The logged-in user, the total and the page of users: no query per listed user.
    assert many.count == few.count <= 3, many.statements


def test_admin_who_steps_down_lands_on_the_dashboard(app, client, login_as, make_user):
    make_user("other-admin", role="admin")
    admin = login_as("admin")
    response = client.post(f"/admin/users/{admin.id}/role", data={"role": "instructor"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "is now instructor." in page
    assert client.get("/admin/users").status_code == 403
