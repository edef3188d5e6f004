"""`flask users ...`: create, list and set-role from the shell."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.user import User
from quizapp.services.accounts import hasher


def role_of(app, username: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.role).where(User.username == username))


def test_create_with_password_option(app, runner):
    result = runner.invoke(args=["users", "create", "Teacher", "--role", "instructor",
                                 "--password", "a long teaching passphrase"])
    assert result.exit_code == 0, result.output
    assert "Created instructor 'teacher'." in result.output
    assert role_of(app, "teacher") == "instructor"


def test_create_prompts_for_the_password_twice(app, runner):
    result = runner.invoke(args=["users", "create", "prompted", "--role", "admin"],
                           input="typed in secretly 1\ntyped in secretly 1\n")
    assert result.exit_code == 0, result.output
    assert "typed in secretly" not in result.output  # the prompt hides it
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "prompted"))
        assert user.role == "admin"
        assert hasher.verify(user.password_hash, "typed in secretly 1")


def test_create_refuses_bad_input_and_changes_nothing(app, runner, make_user):
    make_user("taken")
    for args, message in [
        (["users", "create", "TAKEN", "--password", "a fine passphrase"], "taken"),
        (["users", "create", "new one", "--password", "a fine passphrase"], "spaces"),
        (["users", "create", "newbie", "--password", "password1"], "too common"),
        (["users", "create", "newbie", "--role", "king", "--password", "a fine passphrase"],
         "Invalid value"),
    ]:
        result = runner.invoke(args=args)
        assert result.exit_code != 0
        assert message in result.output
    assert role_of(app, "newbie") is None


def test_list_shows_every_user_and_role(runner, make_user):
    assert "No users yet." in runner.invoke(args=["users", "list"]).output
    make_user("ann", role="admin")
    make_user("ben", role="student")
    output = runner.invoke(args=["users", "list"]).output
    lines = [line.split() for line in output.splitlines()[1:]]
    assert [(line[1], line[2]) for line in lines] == [("ann", "admin"), ("ben", "student")]


def test_set_role(app, runner, make_user):
    make_user("ann", role="admin")
    make_user("ben")
    result = runner.invoke(args=["users", "set-role", "Ben", "instructor"])
    assert result.exit_code == 0, result.output
    assert role_of(app, "ben") == "instructor"
    missing = runner.invoke(args=["users", "set-role", "nobody", "admin"])
    assert missing.exit_code != 0 and "No user named 'nobody'" in missing.output


def test_last_admin_cannot_be_demoted(app, runner, make_user):
    make_user("ann", role="admin")
    result = runner.invoke(args=["users", "set-role", "ann", "student"])
    assert result.exit_code != 0
    assert "only admin" in result.output
    assert role_of(app, "ann") == "admin"
