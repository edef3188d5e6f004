"""quizapp: quizzes and flashcards generated from structured, sourced facts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, commands, error pages and headers."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from quizapp import models  # noqa: F401  (every model must be mapped before first use)
    from quizapp.cli import register_cli
    from quizapp.config import configure
    from quizapp.db_sqlite import configure_sqlite_engine
    from quizapp.extensions import csrf, db, limiter, migrate
    from quizapp.web import accounts, banks, cards, classes, main, quiz, results
    from quizapp.web.errors import register_error_handlers
    from quizapp.web.nav import init_nav
    from quizapp.web.security import DatabaseIdConverter, add_security_headers

    config = dict(config or {})
    instance = config.get("INSTANCE_PATH") or os.environ.get("QUIZAPP_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=str(Path(instance).resolve()) if instance else None,
        instance_relative_config=True,
    )
    configure(app, config)
    if app.config["PROXY_FIX_X_FOR"]:
        hops = app.config["PROXY_FIX_X_FOR"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    db.init_app(app)
    with app.app_context():
        configure_sqlite_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    # An absolute path, so `flask db ...` and the tests work from any directory.
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    accounts.init_login(app)
    csrf.init_app(app)
    limiter.init_app(app)
    accounts.init_throttle(app)

    app.url_map.converters["int"] = DatabaseIdConverter  # before any route is added
    blueprints = (
        main.bp,
        *accounts.blueprints,
        *quiz.blueprints,
        *banks.blueprints,
        cards.bp,
        *results.blueprints,
        *classes.blueprints,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)

    register_cli(app)
    register_error_handlers(app)
    init_nav(app)
    app.after_request(add_security_headers)
    return app
