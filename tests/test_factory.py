"""The app factory, configuration and the SQLite engine setup."""

from __future__ import annotations

import stat
import threading
import time
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import func, select, text

from quizapp import create_app
from quizapp.config import normalise_database_url
from quizapp.extensions import db
from quizapp.models.user import User
from quizapp.services.accounts import hasher


def _bare_config(tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return {"INSTANCE_PATH": str(tmp_path / "instance"), **extra}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("SECRET_KEY", "DATABASE_URL", "MAX_CONTENT_LENGTH", "SESSION_COOKIE_SECURE",
                 "QUIZAPP_INSTANCE_PATH", "LOGIN_RATE_LIMIT",
                 "LOGIN_ADDRESS_RATE_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_secret_key_is_generated_once_with_mode_0600_and_reused(tmp_path, clean_env):
    first = create_app(_bare_config(tmp_path))
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 32
    second = create_app(_bare_config(tmp_path))
    # Same key after a restart: sessions survive it.
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_secret_key_from_environment_wins_and_writes_no_file(tmp_path, clean_env):
    clean_env.setenv("SECRET_KEY", "from-the-environment-0123456789abcdef")
    app = create_app(_bare_config(tmp_path))
    assert app.config["SECRET_KEY"] == "from-the-environment-0123456789abcdef"
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_default_database_is_sqlite_file_in_instance(tmp_path, clean_env):
    app = create_app(_bare_config(tmp_path))
    expected = f"sqlite:///{tmp_path / 'instance' / 'quizapp.sqlite3'}"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected
    assert "pool_pre_ping" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db.example:5432/quiz", "postgresql+psycopg://u:p@db.example:5432/quiz"),
        ("postgresql://u@localhost/quiz", "postgresql+psycopg://u@localhost/quiz"),
        ("postgresql+psycopg://u@localhost/quiz", "postgresql+psycopg://u@localhost/quiz"),
        ("sqlite:////tmp/x.sqlite3", "sqlite:////tmp/x.sqlite3"),
    ],
)
def test_database_url_is_pointed_at_psycopg(given, expected):
    assert normalise_database_url(given) == expected


def test_postgres_url_from_environment_gets_psycopg_and_pre_ping(tmp_path, clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://quiz@db.example/quiz")
    app = create_app(_bare_config(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://quiz@db.example/quiz"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_instance_config_file_is_read_and_environment_overrides_it(tmp_path, clean_env):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "MAX_CONTENT_LENGTH = 1234\nSESSION_COOKIE_SECURE = True\nUSERS_PER_PAGE = 7\n"
    )
    app = create_app(_bare_config(tmp_path))
    assert app.config["MAX_CONTENT_LENGTH"] == 1234
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["USERS_PER_PAGE"] == 7
    clean_env.setenv("MAX_CONTENT_LENGTH", "999")
    clean_env.setenv("SESSION_COOKIE_SECURE", "false")
    app = create_app(_bare_config(tmp_path))
    assert app.config["MAX_CONTENT_LENGTH"] == 999
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_defaults_are_safe(tmp_path, clean_env):
    app = create_app(_bare_config(tmp_path))
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert app.config["WTF_CSRF_ENABLED"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.fixture
def sqlite_app(tmp_path) -> Flask:
    """An app on its own migrated SQLite file, whatever database the suite runs on."""
    app = create_app({
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'own.sqlite3'}",
        "SQLITE_BUSY_TIMEOUT_MS": 10_000,
    })
    with app.app_context():
        flask_migrate.upgrade()
    return app


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(sqlite_app):
    with sqlite_app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_concurrent_sqlite_writers_wait_instead_of_failing(sqlite_app):
    """Two read-then-write transactions at once; a plain BEGIN gives "database is locked"."""
    seen: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer(index: int) -> None:
        try:
            with sqlite_app.app_context():
                start.wait()
                count = db.session.scalar(select(func.count(User.id)))
                time.sleep(0.3)  # hold the transaction open while the other thread starts
                db.session.add(User(username=f"writer{index}", display_name=f"writer{index}",
                                    password_hash=hasher.hash("irrelevant password 1")))
                db.session.commit()
                seen.append(count)
        except BaseException as error:  # reported below, with the thread's traceback lost
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with sqlite_app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 2
    # The second writer read after the first committed: the transactions did not interleave.
    assert sorted(seen) == [0, 1]
