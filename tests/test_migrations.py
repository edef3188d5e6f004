"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from quizapp import create_app
from quizapp.extensions import db


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """Yield the URL of a new, empty database of the kind the suite runs on; drop it after."""
    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url or not test_url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    import psycopg

    url = make_url(test_url)
    name = f"{url.database}_mig_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _differences() -> list[object]:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, db.metadata))


def test_upgrade_builds_exactly_the_models_schema(tmp_path, empty_database_url):
    app = create_app({
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "x" * 40,
        "DATABASE_URL": empty_database_url,
    })
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []
        flask_migrate.upgrade()
        assert _differences() == []
        # Downgrading to nothing and back works too, so a bad revision can be rolled back.
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade()
        assert _differences() == []
        db.engine.dispose()
