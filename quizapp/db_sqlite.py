"""SQLite engine setup: WAL, foreign keys, a busy timeout and write-locking transactions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

#: Execution option marking a connection that only reads (see web/login.py).
READ_ONLY = "quizapp_read_only"


def configure_sqlite_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Make every connection of `engine` use WAL, foreign keys and BEGIN IMMEDIATE transactions.

    pysqlite normally opens a transaction lazily with a plain BEGIN, which takes the write lock
    only at the first write: two writers that both read first then deadlock, and one fails at
    once with "database is locked". Taking the lock at BEGIN makes the second writer wait (up to
    the busy timeout) instead. See SQLAlchemy's "Serializable isolation / Savepoints /
    Transactional DDL" notes for pysqlite.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A connection marked READ_ONLY (the per-request user lookup) runs its statements in
        # autocommit and takes no lock; everything else takes the write lock up front.
        if not connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
