"""Time the progress page for a learner with 100,000 attempts against one with 100, and a gradebook.

Both learners' histories are bulk-inserted (five answered questions per attempt); the page is
fetched through the Flask test client many times, interleaved, and the medians compared. The
target is a ratio of at most 1.5: no work proportional to the length of a history. Then a quiz
with 1,000 students x 3 attempts: its gradebook and item statistics are rendered in one pass each
(time and number of SQL statements printed). Finally the query plans of the progress page.

    .venv/bin/python bench/bench_progress.py [--big 100000] [--small 100] [--reps 200]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<scratch db> ...

A PostgreSQL database named by BENCH_DATABASE_URL is wiped first: give it a scratch database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import flask_migrate
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, insert, select, text
from sqlalchemy.engine import make_url

from quizapp import create_app
from quizapp.engine.bank import load_bank
from quizapp.extensions import db
from quizapp.models.attempt import Attempt, AttemptQuestion, Response
from quizapp.models.bank import BankFact, BankVersion
from quizapp.models.quiz import Quiz
from quizapp.models.types import utcnow
from quizapp.models.user import User
from quizapp.services import accounts
from quizapp.services.banks import import_bank

BANK = Path(__file__).resolve().parent.parent / "question_bank" / "iraq_withdrawal.yaml"
PASSWORD = "a benchmark passphrase"  # noqa: S105 (throwaway accounts in a scratch database)
QUESTIONS = 5
CHUNK = 5_000


def make_app() -> Flask:
    """Return an app on a fresh database (SQLite in a temp dir, or BENCH_DATABASE_URL wiped)."""
    root = Path(tempfile.mkdtemp(prefix="bench-progress-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{root / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        import psycopg

        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(root / "instance"),
        "SECRET_KEY": "bench-secret-key-not-for-production-0123456789",
        "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
    })  # fmt: skip
    with app.app_context():
        flask_migrate.upgrade()
    return app


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def bulk_attempts(
    quiz_id: int, user_id: int, count: int, facts: list[tuple[int, str, str]], end: dt.datetime
) -> None:
    """Insert `count` finished attempts of QUESTIONS answered questions, one an hour up to `end`."""
    version_id = db.session.scalar(select(BankVersion.id).order_by(BankVersion.id.desc()).limit(1))
    for first in range(0, count, CHUNK):
        rows = []
        for i in range(first, min(first + CHUNK, count)):
            started = end - dt.timedelta(hours=count - i)
            rows.append({
                "quiz_id": quiz_id, "user_id": user_id, "bank_version_id": version_id,
                "number": i + 1, "state": "finished", "purpose": "graded", "seed": i,
                "started_at": started, "finished_at": started + dt.timedelta(minutes=4),
                "score": float(i % (QUESTIONS + 1)), "max_score": float(QUESTIONS),
            })  # fmt: skip
        ids = db.session.scalars(
            insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True), rows
        ).all()
        questions = []
        for n, attempt_id in enumerate(ids):
            for position in range(1, QUESTIONS + 1):
                fact_id, kind, key = facts[(first + n + position) % len(facts)]
                questions.append({
                    "attempt_id": attempt_id, "position": position, "qtype": "short_answer",
                    "question": {"type": "short_answer", "stem": "?", "fact_ids": [key]},
                    "bank_fact_id": fact_id, "kind": kind, "max_points": 1.0,
                })  # fmt: skip
        aq_ids = db.session.scalars(
            insert(AttemptQuestion).returning(AttemptQuestion.id, sort_by_parameter_order=True),
            questions,
        ).all()
        right = [(first + n) % (QUESTIONS + 1) for n in range(len(ids))]
        responses = [
            {
                "attempt_question_id": aq_id,
                "answer": "x",
                "seq": 1,
                "saved_at": end,
                "points": 1.0 if j % QUESTIONS < right[j // QUESTIONS] else 0.0,
                "outcome": "correct" if j % QUESTIONS < right[j // QUESTIONS] else "incorrect",
            }
            for j, aq_id in enumerate(aq_ids)
        ]
        for part in _chunks(responses):
            db.session.execute(insert(Response), part)
        db.session.commit()


def bulk_students(count: int) -> list[int]:
    """Insert `count` student accounts (sharing one password hash); return their ids."""
    hashed = db.session.scalar(select(User.password_hash).limit(1))
    rows = [
        {"username": f"student{i:05d}", "display_name": f"Student {i:05d}",
         "password_hash": hashed, "role": "student"}
        for i in range(count)
    ]  # fmt: skip
    return list(db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True),
                                   rows))  # fmt: skip


@contextmanager
def counting(app: Flask) -> Iterator[list[tuple[str, Any]]]:
    """Collect the SQL statements run inside the block."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def login(app: Flask, username: str) -> FlaskClient:
    """Return a test client logged in as `username`."""
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def timed(client: FlaskClient, path: str) -> float:
    """Fetch a page; return the seconds it took (and fail loudly on an error)."""
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return elapsed


def explain(app: Flask, statements: list[tuple[str, Any]]) -> None:
    """Print the database's plan (with actual times on PostgreSQL) for the progress page's SQL."""
    with app.app_context(), db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        for statement, parameters in statements:
            if "FROM users" in statement and "attempt" not in statement:
                continue  # the login's user lookup
            print("\n--", " ".join(statement.split())[:160], "...")
            prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
            for row in conn.exec_driver_sql(prefix + statement, parameters):
                print("   ", row[-1] if sqlite else row[0])


def main() -> None:
    """Build the data, time the pages and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--students", type=int, default=1_000)
    parser.add_argument("--reps", type=int, default=200)
    args = parser.parse_args()

    app = make_app()
    now = utcnow()
    with app.app_context():
        print(f"database: {db.engine.dialect.name}")
        bank_id = import_bank(load_bank(BANK), owner_id=None, publish=True).bank_id
        teacher = accounts.create_user("teacher", PASSWORD, "instructor").id
        big = accounts.create_user("big", PASSWORD, "student").id
        small = accounts.create_user("small", PASSWORD, "student").id
        facts = [tuple(r) for r in db.session.execute(
            select(BankFact.id, BankFact.kind, BankFact.fact_key).where(BankFact.bank_id == bank_id)
        )]  # fmt: skip
        quiz = Quiz(bank_id=bank_id, owner_id=teacher, title="Bench quiz", grading_method="average")
        book_quiz = Quiz(bank_id=bank_id, owner_id=teacher, title="Gradebook quiz")
        db.session.add_all([quiz, book_quiz])
        db.session.commit()
        quiz_id, book_id = quiz.id, book_quiz.id
        start = time.perf_counter()
        bulk_attempts(quiz_id, big, args.big, facts, now)  # type: ignore[arg-type]
        bulk_attempts(quiz_id, small, args.small, facts, now)  # type: ignore[arg-type]
        students = bulk_students(args.students)
        for student in students:
            bulk_attempts(book_id, student, 3, facts, now)  # type: ignore[arg-type]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        print(f"inserted {args.big + args.small + 3 * args.students:,} attempts "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip

    big_client, small_client = login(app, "big"), login(app, "small")
    for _ in range(20):  # warm up caches and the connection pool
        timed(big_client, "/progress/")
        timed(small_client, "/progress/")
    big_times, small_times = [], []
    for _ in range(args.reps):
        big_times.append(timed(big_client, "/progress/"))
        small_times.append(timed(small_client, "/progress/"))
    big_ms = 1000 * statistics.median(big_times)
    small_ms = 1000 * statistics.median(small_times)
    with counting(app) as big_queries:
        timed(big_client, "/progress/")
    with counting(app) as small_queries:
        timed(small_client, "/progress/")
    print(f"progress page, {args.big:,} attempts: median {big_ms:.2f} ms "
          f"({len(big_queries)} statements)")  # fmt: skip
    print(f"progress page, {args.small:,} attempts: median {small_ms:.2f} ms "
          f"({len(small_queries)} statements)")  # fmt: skip
    print(f"ratio {big_ms / small_ms:.2f} (target <= 1.5)")

    teacher_client = login(app, "teacher")
    for label, path in (("gradebook", f"/results/quiz/{book_id}"),
                        ("item statistics", f"/results/quiz/{book_id}/items"),
                        ("gradebook CSV", f"/results/quiz/{book_id}/gradebook.csv")):  # fmt: skip
        timed(teacher_client, path)  # warm up
        with counting(app) as queries:
            once = timed(teacher_client, path)
        runs = [timed(teacher_client, path) for _ in range(5)]
        print(f"{label}, {args.students:,} students x 3 attempts: one pass {1000 * once:.0f} ms, "
              f"median of 5 {1000 * statistics.median(runs):.0f} ms, "
              f"{len(queries)} statements")  # fmt: skip

    print("\nquery plans of the progress page for the learner with the long history:")
    explain(app, big_queries)


if __name__ == "__main__":
    main()
