"""Register, log in, log out, change password: every flow and the bad inputs."""

from __future__ import annotations

import re
import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models.user import User
from quizapp.services.accounts import hasher

GOOD = "a long and unusual passphrase"


def register(client, username, password=GOOD, confirm=None, **kwargs):
    data = {"username": username, "password": password, "confirm": confirm or password}
    return client.post("/register", data=data, **kwargs)


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def page_text(response) -> str:
    return response.get_data(as_text=True)


def is_logged_in(client) -> bool:
    response = client.get("/dashboard")
    return response.status_code == 200


# --- registration -----------------------------------------------------------------------------

def test_first_account_becomes_admin_and_is_told_so(app, client):
    response = register(client, "Founder", follow_redirects=True)
    assert response.status_code == 200
    assert "first account on this site, so it is the admin account" in page_text(response)
    assert "Hello, Founder" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.username == "founder")) == "admin"


def test_later_accounts_are_students(app, client, make_user):
    make_user("founder", role="admin")
    response = register(client, "Second", follow_redirects=True)
    assert "admin account" not in page_text(response)
    assert "Welcome, Second!" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.username == "second")) == "student"


@pytest.mark.parametrize("variant", ["alice", " Alice", "ALICE ", "ａｌｉｃｅ", "Alice\t"])
def test_names_equal_after_normalisation_are_taken(app, client, make_user, variant):
    make_user("alice")
    response = register(client, variant)
    assert response.status_code == 200
    assert "That username is taken." in page_text(response)
    assert user_count(app) == 1


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("al ice", "cannot contain spaces"),
        ("al\u00a0ice", "cannot contain spaces"),
        ("al\x07ice", "control or invisible characters"),
        ("al\u200bice", "control or invisible characters"),
        ("ab", "3 to 32 characters"),
        ("a" * 33, "3 to 32 characters"),
        ("   ", "Enter a username."),
    ],
)
def test_bad_usernames_are_refused_with_a_reason(app, client, username, message):
    response = register(client, username)
    assert response.status_code == 200
    assert message in page_text(response)
    assert user_count(app) == 0


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short7!", "at least 8 characters"),
        ("password123", "too common"),
        ("Password123", "too common"),
        ("qwertyuiop", "too common"),
        ("iloveyou", "too common"),
        ("aaaaaaaaaaaa", "too common"),
        ("x" * 1025, "at most 1024 characters"),
    ],
)
def test_weak_passwords_are_refused(app, client, password, message):
    response = register(client, "newcomer", password)
    assert message in page_text(response)
    assert user_count(app) == 0


def test_password_equal_to_username_is_refused(app, client):
    response = register(client, "longusername", "LongUserName")
    assert "cannot be your username" in page_text(response)
    assert user_count(app) == 0


def test_mismatched_confirmation_is_refused(app, client):
    response = register(client, "newcomer", GOOD, confirm=GOOD + "x")
    assert "The two passwords differ." in page_text(response)
    assert user_count(app) == 0


def test_long_passphrase_works_for_register_and_login(app, client, auth):
    passphrase = "correct horse battery staple " * 8  # 232 characters
    register(client, "longpass", passphrase)
    auth.logout()
    assert not is_logged_in(client)
    assert auth.login("longpass", passphrase).status_code == 302
    assert is_logged_in(client)


def test_password_is_stored_as_argon2id_at_owasp_parameters(app, client):
    register(client, "hashcheck")
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash).where(User.username == "hashcheck"))
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert GOOD not in stored


# --- login --------------------------------------------------------------------------------------

def test_login_with_any_case_and_surrounding_spaces(client, auth, make_user):
    make_user("bob")
    response = auth.login("  BOB ", follow_redirects=True)
    assert "Welcome back, bob." in page_text(response)
    assert is_logged_in(client)


@pytest.mark.parametrize(("username", "password"), [("bob", "wrong password!"), ("nobody", GOOD)])
def test_wrong_password_or_unknown_user_gets_one_message(client, auth, make_user, username,
                                                        password):
    make_user("bob")
    response = auth.login(username, password)
    assert response.status_code == 200
    assert "Wrong username or password." in page_text(response)
    assert not is_logged_in(client)


def test_login_rehashes_passwords_made_with_old_parameters(app, client, auth, make_user):
    user = make_user("legacy")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(user.password)
    with app.app_context():
        db.session.get(User, user.id).password_hash = weak
        db.session.commit()
    assert auth.login("legacy").status_code == 302
    with app.app_context():
        stored = db.session.get(User, user.id).password_hash
    assert stored != weak
    assert not hasher.check_needs_rehash(stored)


def test_logged_in_user_visiting_login_or_register_goes_to_dashboard(client, login_as):
    login_as("student")
    assert client.get("/login").location == "/dashboard"
    assert client.get("/register").location == "/dashboard"


def test_login_required_page_sends_to_login_and_back(client, auth, make_user):
    make_user("carol")
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.location == "/login?next=%2Fadmin%2Fusers"
    response = client.post(response.location, data={"username": "carol", "password":
                                                     "correct horse battery staple"})
    assert response.location == "/admin/users"


UNSAFE_NEXT = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example/",
    "http://localhost.evil.example/",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%252F%252Fevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/%0a/evil.example",
    " //evil.example",
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_unsafe_next_is_ignored(client, auth, make_user, target):
    make_user("dave")
    response = client.post("/login", query_string={"next": target},
                           data={"username": "dave", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert response.location == "/dashboard"


@pytest.mark.parametrize("target", ["/admin/users", "/dashboard?tab=2", "/account/password#x"])
def test_local_next_is_followed(client, make_user, target):
    make_user("erin")
    response = client.post("/login", query_string={"next": target},
                           data={"username": "erin", "password": "correct horse battery staple"})
    assert response.location == target


# --- logout and password change end old sessions ------------------------------------------------

def test_logout_ends_every_session_of_the_user(app, make_user, auth):
    user = make_user("frank")
    laptop, phone = app.test_client(), app.test_client()
    auth.login("frank", client=laptop)
    auth.login("frank", client=phone)
    assert is_logged_in(laptop) and is_logged_in(phone)
    response = auth.logout(client=laptop)
    assert response.location == "/"
    assert not is_logged_in(laptop)
    assert not is_logged_in(phone)  # the old cookie of the other browser is dead too
    assert auth.login(user.username, client=phone).status_code == 302
    assert is_logged_in(phone)


def test_logout_needs_post(client, login_as):
    login_as("student")
    assert client.get("/logout").status_code == 405
    assert is_logged_in(client)


def test_password_change_ends_other_sessions_but_keeps_this_one(app, make_user, auth):
    make_user("grace")
    laptop, phone = app.test_client(), app.test_client()
    auth.login("grace", client=laptop)
    auth.login("grace", client=phone)
    response = laptop.post("/account/password", data={
        "current_password": "correct horse battery staple",
        "password": "a brand new passphrase",
        "confirm": "a brand new passphrase",
    }, follow_redirects=True)
    assert "Your password is changed." in page_text(response)
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert auth.login("grace", client=phone).status_code == 200  # old password is refused
    assert auth.login("grace", "a brand new passphrase", client=phone).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("not my password", "a brand new passphrase", "The current password is wrong."),
        ("correct horse battery staple", "password1", "too common"),
        ("correct horse battery staple", "short", "at least 8 characters"),
    ],
)
def test_password_change_refuses_bad_input(app, client, login_as, current, new, message):
    user = login_as("student")
    response = client.post("/account/password",
                           data={"current_password": current, "password": new, "confirm": new})
    assert message in page_text(response)
    with app.app_context():
        assert hasher.verify(db.session.get(User, user.id).password_hash, user.password)


# --- CSRF ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/login", "/register", "/logout", "/account/password"])
def test_post_without_csrf_token_is_refused_with_a_clear_message(csrf_client, path):
    response = csrf_client.post(path, data={"username": "x", "password": "y"})
    assert response.status_code == 400
    assert "without a valid security token" in page_text(response)


def test_forms_carry_a_working_csrf_token(csrf_app, csrf_client):
    form = page_text(csrf_client.get("/register"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    response = csrf_client.post("/register", data={
        "csrf_token": token, "username": "tokenuser", "password": GOOD, "confirm": GOOD,
    })
    assert response.status_code == 302
    assert csrf_client.get("/dashboard").status_code == 200


# --- throttling ---------------------------------------------------------------------------------

def _fail(client, username, address):
    return client.post("/login", data={"username": username, "password": "wrong guess!"},
                       environ_base={"REMOTE_ADDR": address})


def test_failed_logins_per_account_are_throttled_across_addresses(app, client, make_user,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    make_user("henry")
    for index in range(3):
        assert _fail(client, "henry", f"10.0.0.{index}").status_code == 200
    # Even the right password, from yet another address, waits for the window.
    response = client.post("/login", data={"username": "Henry",
                                           "password": "correct horse battery staple"},
                           environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert response.status_code == 429
    match = re.search(r"Try again in (\d+) seconds?\.", page_text(response))
    assert match and 1 <= int(match.group(1)) <= 60
    assert response.headers["Retry-After"] == match.group(1)
    # Another account from a fresh address is not affected.
    make_user("irene")
    ok = client.post("/login", data={"username": "irene", "password":
                                     "correct horse battery staple"},
                     environ_base={"REMOTE_ADDR": "10.0.0.50"})
    assert ok.status_code == 302


def test_attacker_cannot_lock_the_real_user_out_of_a_browser_they_used_before(
    app, client, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    user = make_user("kate")
    password = "correct horse battery staple"
    own_browser = app.test_client()
    first = own_browser.post("/login", data={"username": "kate", "password": password},
                             environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert first.status_code == 302 and "quizapp_device=" in first.headers["Set-Cookie"]
    own_browser.post("/logout")
    attacker = app.test_client()
    for index in range(5):
        _fail(attacker, "kate", f"10.9.0.{index}")
    # The attacker, without the device cookie, is throttled even with the right password ...
    blocked = attacker.post("/login", data={"username": "kate", "password": password},
                            environ_base={"REMOTE_ADDR": "10.9.0.99"})
    assert blocked.status_code == 429
    # ... but kate's own browser still gets in.
    response = own_browser.post("/login", data={"username": user.username, "password": password},
                                environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 302
    # A forged device cookie is worth nothing.
    attacker.set_cookie("quizapp_device", "kate.forged")
    assert attacker.post("/login", data={"username": "kate", "password": password},
                         environ_base={"REMOTE_ADDR": "10.9.0.98"}).status_code == 429


def _login(client, username, address):
    return client.post("/login", data={"username": username,
                                       "password": "correct horse battery staple"},
                       environ_base={"REMOTE_ADDR": address})


def test_spraying_many_accounts_from_one_address_is_stopped(app, client, make_user,
                                                           monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_RATE_LIMIT", "3 per minute")
    make_user("jack")
    own_browser = app.test_client()
    assert _login(own_browser, "jack", "192.0.2.7").status_code == 302
    own_browser.post("/logout")
    for name in ("guess1", "guess2", "guess3"):
        assert _fail(client, name, "192.0.2.7").status_code == 200
    # A fourth account from that address waits, even with the right password ...
    blocked = _fail(client, "guess4", "192.0.2.7")
    assert blocked.status_code == 429
    assert _login(client, "jack", "192.0.2.7").status_code == 429
    # ... but not from another address, nor from a browser jack logged in from before.
    assert _login(app.test_client(), "jack", "192.0.2.8").status_code == 302
    assert _login(own_browser, "jack", "192.0.2.7").status_code == 302


def test_hammering_one_account_does_not_lock_out_its_owners_browser_on_the_same_address(
    app, client, make_user, monkeypatch
):
    """One school NAT: the attacker and the victim share an address."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_RATE_LIMIT", "3 per minute")
    make_user("kate")
    own_browser = app.test_client()
    assert _login(own_browser, "kate", "10.20.0.1").status_code == 302
    own_browser.post("/logout")
    statuses = [_fail(client, "kate", "10.20.0.1").status_code for _ in range(12)]
    assert statuses[:3] == [200, 200, 200] and set(statuses[3:]) == {429}
    assert _login(own_browser, "kate", "10.20.0.1").status_code == 302


def test_hammering_one_account_does_not_lock_out_other_users_on_the_same_address(
    app, client, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_RATE_LIMIT", "3 per minute")
    make_user("kate")
    make_user("leo")
    for _ in range(12):
        _fail(client, "kate", "10.20.0.1")
    # leo has never logged in from here (no device cookie), and still gets in.
    assert _login(app.test_client(), "leo", "10.20.0.1").status_code == 302
    # kate's account itself waits for the window when the browser is not known.
    assert _login(app.test_client(), "kate", "10.20.0.2").status_code == 429


def test_throttle_lets_the_real_user_in_after_the_window(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "2 per 1 second")
    make_user("kate")
    _fail(client, "kate", "198.51.100.1")
    _fail(client, "kate", "198.51.100.1")
    right = {"username": "kate", "password": "correct horse battery staple"}
    first = client.post("/login", data=right, environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert first.status_code == 429
    assert "Try again in 1 second." in page_text(first)
    time.sleep(1.1)
    later = client.post("/login", data=right, environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert later.status_code == 302


def test_throttled_json_client_gets_json(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "1 per minute")
    _fail(client, "liam", "203.0.113.5")
    response = client.post("/login", data={"username": "liam", "password": "wrong guess!"},
                           headers={"Accept": "application/json"},
                           environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert response.status_code == 429
    assert response.is_json
    assert re.fullmatch(r"Too many attempts\. Try again in \d+ seconds?\.",
                        response.get_json()["message"])


def test_sign_ups_are_limited_per_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTER_RATE_LIMIT", "2 per minute")

    def sign_up(name):
        return client.post("/register", data={"username": name, "password": GOOD,
                                              "confirm": GOOD},
                           environ_base={"REMOTE_ADDR": "198.51.100.9"})

    assert sign_up("first-one").status_code == 302
    client.post("/logout")
    assert sign_up("second-one").status_code == 302
    client.post("/logout")
    refused = sign_up("third-one")
    assert refused.status_code == 429
    assert re.search(r"Try again in \d+ seconds?\.", page_text(refused))
    with app.app_context():
        from quizapp.models.user import User
        assert _db_count(User) == 2


def _db_count(model):
    from sqlalchemy import func, select

    from quizapp.extensions import db
    return db.session.scalar(select(func.count()).select_from(model))


def test_sign_up_reports_every_error_at_once(client, make_user):
    make_user("taken")
    response = client.post(
        "/register", data={"username": "Taken", "password": "password", "confirm": "different"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for message in ("That username is taken.", "This password is too common",
                    "The two passwords differ."):
        assert message in page, message  # all three in one answer, not one per try
