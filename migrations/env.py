"""Alembic environment for Flask-Migrate: runs against the app's engine and models."""

import logging
from logging.config import fileConfig
from typing import Any

from alembic import context
from flask import current_app
from sqlalchemy.types import TypeDecorator

config = context.config
# Keep the app's and the tests' loggers: Alembic's default would disable them.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url",
    target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%"),
)


def get_metadata() -> Any:
    """Return the metadata every model is registered in."""
    return target_db.metadata


def render_item(type_: str, obj: Any, _autogen_context: Any) -> str | bool:
    """Write our column types (e.g. UTCDateTime) as their plain SQLAlchemy type.

    Migrations then never import app code, which may change after they are written.
    """
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run_migrations_offline() -> None:
    """Emit the migrations as SQL without a database connection."""
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=get_metadata(),
        literal_binds=True,
        compare_type=True,
        render_item=render_item,
        render_as_batch=url is not None and url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the app's database."""

    def process_revision_directives(_context: Any, _revision: Any, directives: Any) -> None:
        # An autogenerate that finds no change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("compare_type", True)
    conf_args.setdefault("render_item", render_item)

    with target_db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        conf_args.setdefault("render_as_batch", sqlite)
        if sqlite:
            # Our engine makes SQLite DDL transactional (BEGIN IMMEDIATE): a failed upgrade rolls
            # back whole. Foreign keys go off meanwhile, or a batch copy's DROP TABLE would cascade
            # deletes into child tables; the pragma only works outside a transaction.
            conf_args.setdefault("transactional_ddl", True)
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("the migration left rows with broken foreign keys")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
