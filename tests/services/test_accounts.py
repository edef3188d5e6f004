"""Account rules at the service level: normalisation, passwords and the first admin."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.user import User
from quizapp.services import accounts
from quizapp.services.accounts import AccountError


@pytest.mark.parametrize(
    ("raw", "normal"),
    [(" Alice ", "alice"), ("ＡＬＩＣＥ", "alice"), ("Straße", "strasse"), ("Éva", "éva")],
)
def test_usernames_are_normalised(raw, normal):
    assert accounts.normalise_username(raw) == normal


def test_common_password_list_is_shipped_and_substantial():
    common = accounts.common_passwords()
    assert len(common) > 400
    assert {"password", "12345678", "iloveyou", "qwertyuiop"} <= common
    assert not any(word.startswith("#") for word in common)


def test_concurrent_first_registrations_make_one_admin(app):
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def sign_up(name: str) -> None:
        try:
            with app.app_context():
                start.wait()
                results.append(accounts.register(name, "a long and unusual passphrase").user.role)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=sign_up, args=(f"early{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == ["admin", "student"]


def test_failed_registration_leaves_the_session_usable(app):
    with app.app_context():
        accounts.register("first", "a long and unusual passphrase")
        with pytest.raises(AccountError):
            accounts.register("FIRST", "a long and unusual passphrase")
        assert db.session.scalar(select(User.username)) == "first"
