"""Settings: defaults, then instance/config.py, then environment variables, then the caller's."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

TRUE_WORDS = {"1", "true", "yes", "on"}

# name -> (parser, default). Every entry is documented in README's configuration table.
ENV_SETTINGS: dict[str, tuple[type, Any]] = {
    "SECRET_KEY": (str, None),
    "DATABASE_URL": (str, None),
    "RATELIMIT_STORAGE_URI": (str, "memory://"),
    "LOGIN_RATE_LIMIT": (str, "10 per minute"),
    "LOGIN_ADDRESS_RATE_LIMIT": (str, "30 per 10 minutes"),
    "REGISTER_RATE_LIMIT": (str, "20 per hour"),
    "JOIN_RATE_LIMIT": (str, "10 per 10 minutes"),
    "MAX_CONTENT_LENGTH": (int, 2 * 1024 * 1024),
    "SESSION_COOKIE_SECURE": (bool, False),
    "PROXY_FIX_X_FOR": (int, 0),
    "SQLITE_BUSY_TIMEOUT_MS": (int, 30_000),
    "QUIZ_GRACE_SECONDS": (int, 30),
    "FLASHCARDS_NEW_PER_DAY": (int, 20),
}

DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_ENABLED": True,
    "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session: an exam may take hours
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "RATELIMIT_HEADERS_ENABLED": True,
    "USERS_PER_PAGE": 25,
}


def _parse(kind: type, raw: str) -> Any:
    if kind is bool:
        return raw.strip().lower() in TRUE_WORDS
    if kind is int:
        return int(raw)
    return raw


def normalise_database_url(url: str) -> str:
    """Return `url` with postgres:// and postgresql:// pointed at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_secret_key(instance_path: str) -> str:
    """Read the secret key from instance/secret_key, creating it (mode 0600) on first use."""
    path = Path(instance_path) / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise RuntimeError(
                f"{path} holds no usable secret key; delete it to make a new one"
            ) from None
        return key
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def configure(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Fill app.config from defaults, instance/config.py, the environment and `overrides`."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(DEFAULTS)
    for name, (_, default) in ENV_SETTINGS.items():
        app.config[name] = default
    app.config.from_pyfile("config.py", silent=True)
    for name, (kind, _) in ENV_SETTINGS.items():
        raw = os.environ.get(name)
        if raw:
            app.config[name] = _parse(kind, raw)
    app.config.update(overrides or {})

    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL")
    if not url:
        url = "sqlite:///" + str(Path(app.instance_path) / "quizapp.sqlite3")
    url = normalise_database_url(url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("postgresql"):
        options.setdefault("pool_pre_ping", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
