"""Shared fixtures.

The schema is built once per session by the real migrations, on SQLite (a fresh file) or on the
database named by TEST_DATABASE_URL. Before each test that uses the app, every table is emptied.

No app context stays pushed during a test: a request reuses a pushed context, which would share
`g` (and so the logged-in user) and the database session between the test and its requests. Touch
the database inside `with app.app_context():` blocks.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from quizapp import create_app
from quizapp.extensions import db as _db
from quizapp.extensions import limiter
from quizapp.models.user import User
from quizapp.services import accounts
from quizapp.web.accounts import login_throttle

PASSWORD = "correct horse battery staple"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _reset_postgres_schema(url: str) -> None:
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(scope="session")
def app_config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Return the settings every test app shares (CSRF off; see `csrf_app`)."""
    root = tmp_path_factory.mktemp("quizapp")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{root / 'test.sqlite3'}"
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(root / "instance"),
        "SECRET_KEY": "test-secret-key-not-for-production-0123456789",
        "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOGIN_RATE_LIMIT": "10 per minute",
    }


@pytest.fixture(scope="session")
def app(app_config: dict[str, Any]) -> Flask:
    """Return the app, its database freshly migrated to the newest revision."""
    url = app_config["DATABASE_URL"]
    if url.startswith("postgres"):
        _reset_postgres_schema(url)  # the test database is scratch: start from nothing
    application = create_app(app_config)
    with application.app_context():
        flask_migrate.upgrade()
    return application


@pytest.fixture(scope="session")
def csrf_app(app: Flask, app_config: dict[str, Any]) -> Flask:
    """Return a second app on the same database with CSRF protection on, as in production."""
    return create_app({**app_config, "WTF_CSRF_ENABLED": True})


def _empty_tables(application: Flask) -> None:
    with application.app_context():
        tables = _db.metadata.sorted_tables
        with _db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                quote = conn.dialect.identifier_preparer.quote
                names = ", ".join(quote(table.name) for table in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    conn.execute(table.delete())
        login_throttle().reset()
        limiter.reset()
        _db.session.remove()


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> None:
    """Empty every table and rate-limit counter before each test that uses the app."""
    if "app" in request.fixturenames:
        _empty_tables(request.getfixturevalue("app"))
        if "csrf_app" in request.fixturenames:
            with request.getfixturevalue("csrf_app").app_context():
                login_throttle().reset()


@pytest.fixture
def db(app: Flask) -> SQLAlchemy:
    """Return the Flask-SQLAlchemy object; use it inside `with app.app_context():`."""
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client (CSRF off)."""
    return app.test_client()


@pytest.fixture
def csrf_client(csrf_app: Flask) -> FlaskClient:
    """Return a test client of the CSRF-protected app."""
    return csrf_app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Return a runner for `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Return a factory: make_user(username=None, role="student", password=PASSWORD) -> User.

    The user comes back detached with its columns loaded, and with `.password` set.
    """
    counter = itertools.count(1)

    def make(username: str | None = None, role: str = "student", password: str = PASSWORD) -> User:
        with app.app_context():
            user = accounts.create_user(username or f"{role}{next(counter)}", password, role)
            _db.session.refresh(user)
            _db.session.expunge(user)
        user.password = password  # type: ignore[attr-defined]
        return user

    return make


@dataclass
class Auth:
    """Log clients in and out through the real forms."""

    client: FlaskClient

    def login(
        self,
        username: str,
        password: str = PASSWORD,
        client: FlaskClient | None = None,
        **kwargs: Any,
    ) -> Any:
        """POST the login form; return the response."""
        data = {"username": username, "password": password}
        return (client or self.client).post("/login", data=data, **kwargs)

    def logout(self, client: FlaskClient | None = None) -> Any:
        """POST the logout form; return the response."""
        return (client or self.client).post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    """Return login/logout helpers bound to `client`."""
    return Auth(client)


@pytest.fixture
def login_as(make_user: Callable[..., User], auth: Auth) -> Callable[[str], User]:
    """Return login_as(role) -> User: a new user with that role, logged in on `client`."""

    def login(role: str) -> User:
        user = make_user(role=role)
        response = auth.login(user.username, user.password)
        assert response.status_code == 302, "logging in through the form failed"
        return user

    return login


@dataclass
class QueryCount:
    """SQL statements seen inside a `with query_counter() as q:` block."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Return how many statements ran."""
        return len(self.statements)


# Transaction control differs between databases (SQLite sends BEGIN itself); it is not a query.
_NOT_QUERIES = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")


@pytest.fixture
def query_counter(app: Flask) -> Callable[[], Any]:
    """Return a context manager counting the SQL statements the app runs inside it."""
    with app.app_context():
        engine = _db.engine

    @contextmanager
    def count() -> Iterator[QueryCount]:
        seen = QueryCount()

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if not statement.lstrip().upper().startswith(_NOT_QUERIES):
                seen.statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return count


@dataclass
class LiveServer:
    """A real HTTP server running the CSRF-protected app in a thread."""

    url: str


@pytest.fixture(scope="session")
def live_server(csrf_app: Flask) -> Iterator[LiveServer]:
    """Serve the app on a free 127.0.0.1 port for the whole session."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log in test output
    server = make_server("127.0.0.1", 0, csrf_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Launch Debian's Chromium through Playwright once per session."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"{CHROMIUM} is missing: install it (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """Return a fresh browser page whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


# -- a database that cannot be reached ---------------------------------------------------------


@contextmanager
def unreachable_database(application: Flask) -> Iterator[None]:
    """Make `application`'s database unreachable while inside, restarting nothing.

    New connections go to a closed port (PostgreSQL) or to a file in a missing folder (SQLite),
    so the driver really fails to connect; the pool is emptied on the way in and out.
    """
    import socket
    import tempfile

    with application.app_context():
        engine = _db.engine
    with socket.socket() as probe:  # a port nothing listens on once this socket is closed
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    missing = Path(tempfile.gettempdir()) / "quizapp-no-such-folder" / "gone.sqlite3"

    def elsewhere(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        if engine.dialect.name == "postgresql":
            cparams.update(host="127.0.0.1", port=closed_port, connect_timeout=2)
        else:
            cargs[:] = [str(missing)]
            cparams.pop("database", None)

    event.listen(engine, "do_connect", elsewhere)
    engine.dispose()
    try:
        yield
    finally:
        event.remove(engine, "do_connect", elsewhere)
        engine.dispose()


@pytest.fixture
def database_outage(app: Flask) -> Callable[[Flask | None], Any]:
    """Return outage(application=app): a context manager in which its database is unreachable."""
    return lambda application=None: unreachable_database(application or app)


# -- banks and quizzes -------------------------------------------------------------------------

IRAQ_BANK_PATH = Path(__file__).resolve().parent.parent / "question_bank" / "iraq_withdrawal.yaml"


@pytest.fixture(scope="session")
def iraq_bank() -> Any:
    """Return the shipped Iraq bank, loaded by the engine once per test session."""
    from quizapp.engine.bank import load_bank

    return load_bank(IRAQ_BANK_PATH)


@pytest.fixture
def make_bank(app: Flask, iraq_bank: Any) -> Callable[..., Any]:
    """Return make_bank(owner=None, status="published", bank=None, slug=None) -> Bank row.

    Imports an engine bank (the Iraq bank by default) through the real import service. The row
    comes back detached with its columns loaded.
    """
    import dataclasses

    from quizapp.models.bank import Bank
    from quizapp.services.banks import import_bank

    counter = itertools.count(1)

    def make(
        owner: User | None = None,
        status: str = "published",
        bank: Any = None,
        slug: str | None = None,
    ) -> Bank:
        engine_bank = bank or iraq_bank
        slug = slug or (None if bank is not None else f"iraq-{next(counter)}")
        if slug:
            engine_bank = dataclasses.replace(
                engine_bank, info=dataclasses.replace(engine_bank.info, id=slug)
            )
        with app.app_context():
            result = import_bank(engine_bank, owner_id=owner.id if owner else None)
            row = _db.session.get(Bank, result.bank_id)
            row.status = status
            _db.session.commit()
            _db.session.refresh(row)
            _db.session.expunge(row)
        return row

    return make


@pytest.fixture
def make_quiz(app: Flask, make_bank: Callable[..., Any]) -> Callable[..., Any]:
    """Return make_quiz(bank=None, owner=None, **settings) -> Quiz row (detached)."""
    from quizapp.models.quiz import Quiz

    def make(bank: Any = None, owner: User | None = None, **settings: Any) -> Quiz:
        bank = bank or make_bank(owner=owner)
        settings.setdefault("title", "Test quiz")
        settings.setdefault("open_to_all", True)  # drafts and class quizzes say so
        with app.app_context():
            quiz = Quiz(bank_id=bank.id, owner_id=owner.id if owner else None, **settings)
            _db.session.add(quiz)
            _db.session.commit()
            _db.session.refresh(quiz)
            _db.session.expunge(quiz)
        return quiz

    return make


@pytest.fixture
def seed_attempts(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    """Return seed_attempts(quiz_id, types): the next attempts get a seed asking every type.

    Attempts draw a random seed, and which types a short quiz holds depends on it; a test that
    needs every widget takes the first seed that gives them, found with the engine itself.
    """

    def choose(quiz_id: int, types: Iterable[str]) -> int:
        from quizapp.models.quiz import Quiz
        from quizapp.services.attempts import build_questions
        from quizapp.services.attempts import operations as attempts
        from quizapp.services.banks import current_version, engine_bank

        wanted = set(types)
        with app.app_context():
            quiz = _db.session.get(Quiz, quiz_id)
            bank = engine_bank(current_version(quiz.bank_id))
            seed = next(
                s for s in range(1000) if {q.type for q in build_questions(bank, quiz, s)} == wanted
            )
        monkeypatch.setattr(attempts.secrets, "randbits", lambda bits: seed)
        return seed

    return choose


@pytest.fixture
def practice_quiz(app: Flask, make_bank: Callable[..., Any]) -> Any:
    """Return the practice quiz that importing a published bank creates (detached)."""
    from sqlalchemy import select

    from quizapp.models.quiz import Quiz

    bank = make_bank()
    with app.app_context():
        quiz = _db.session.scalar(select(Quiz).where(Quiz.bank_id == bank.id, Quiz.is_practice))
        _db.session.expunge(quiz)
    return quiz
