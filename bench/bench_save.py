"""Answer-save throughput under gunicorn, against a bare endpoint of the same app, same run.

Starts gunicorn (from this venv) on 127.0.0.1 with N workers, makes 200 students with logged-in
session cookies (built through the app's own session interface, exactly as a login makes them)
and a started 20-question attempt each, then measures with a bounded keep-alive load generator:

- bare:  GET /healthz (no database, no session),
- save:  POST /attempts/<id>/save as JSON with the student's cookie, CSRF header and valid seq.

It prints both rates and save/bare; the target is >= 0.25. Every save must answer 200 (a stale
seq or any error is counted and reported), and the number of stored responses is checked.

    .venv/bin/python bench/bench_save.py                      # SQLite in a temporary directory
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<scratch db> \\
        .venv/bin/python bench/bench_save.py                  # PostgreSQL (its schema is RESET)

Options: --workers 2 --threads (gunicorn gthread; 1 on SQLite, 4 on PostgreSQL; both phases of a
run get the same) --clients 8 --requests 4000 --students 200 --questions 20. The defaults fit a
2-core machine: raise them with the cores. Threads differ by database because a PostgreSQL save
spends about half its time waiting on the server (round trips and the commit's WAL flush), which
other threads can overlap, while SQLite takes one write lock per file, so extra threads only queue.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "question_bank" / "iraq_withdrawal.yaml"
USER_AGENT = "bench-save/1"
HOST = "127.0.0.1"


@dataclass
class Student:
    """One learner's session and attempt, with the seq of each question as last saved."""

    cookie: str
    csrf: str
    attempt_id: int
    questions: int
    seqs: dict[int, int] = field(default_factory=dict)
    turn: int = 0


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def reset_postgres(url: str) -> None:
    """Empty the scratch PostgreSQL database's public schema."""
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def prepare(env: dict[str, str], students: int, questions: int) -> list[Student]:
    """Migrate, import the bank, make a quiz, students, sessions and attempts; return them."""
    import flask_migrate
    from flask import g, session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models.quiz import Quiz
    from quizapp.models.user import User
    from quizapp.services import accounts, attempts
    from quizapp.services.banks import import_bank_file

    app = create_app(
        {
            "DATABASE_URL": env["DATABASE_URL"],
            "SECRET_KEY": env["SECRET_KEY"],
            "INSTANCE_PATH": env["QUIZAPP_INSTANCE_PATH"],
        }
    )
    out = []
    with app.app_context():
        flask_migrate.upgrade()
        bank_id = import_bank_file(BANK).bank_id
        quiz = Quiz(
            bank_id=bank_id,
            title="Bench",
            question_count=questions,
            feedback="deferred",
            question_types=["short_answer", "numeric"],
        )
        db.session.add(quiz)
        db.session.commit()
        quiz_id = quiz.id
        # One account through the real service; the others copy its hash (the KDF is slow).
        template = accounts.create_user("bench0", "bench passphrase 0", "student")
        users = [template]
        for n in range(1, students):
            user = User(
                username=f"bench{n}",
                display_name=f"bench{n}",
                password_hash=template.password_hash,
                role="student",
            )
            db.session.add(user)
            users.append(user)
        db.session.commit()
        serializer = app.session_interface.get_signing_serializer(app)
        environ = {"REMOTE_ADDR": HOST, "HTTP_USER_AGENT": USER_AGENT}
        for user in users:
            attempt_id = attempts.start_attempt(user.id, quiz_id)
            with app.test_request_context(environ_base=environ):
                g.pop("csrf_token", None)  # the app context (and `g`) is shared by all students
                login_user(user)
                token = generate_csrf()
                cookie = serializer.dumps(dict(session))
            out.append(Student(cookie, token, attempt_id, questions))
    return out


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    """Start gunicorn and wait until /healthz answers."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "-b",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
            "quizapp:create_app()",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


class Client:
    """A keep-alive HTTP connection that reconnects when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                return response.status, data
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def bare_request(client: Client, _student: Student | None) -> int:
    """GET /healthz."""
    status, _ = client.send("GET", "/healthz", None, {"User-Agent": USER_AGENT})
    return status


def save_request(client: Client, student: Student | None) -> int:
    """Save the next answer of one student's attempt with the seq the server gave last."""
    assert student is not None
    position = student.turn % student.questions + 1
    student.turn += 1
    seq = student.seqs.get(position, 0)
    body = json.dumps({"position": position, "seq": seq, "answer": f"answer {student.turn}"})
    headers = {
        "User-Agent": USER_AGENT,
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Cookie": f"session={student.cookie}",
        "X-CSRFToken": student.csrf,
    }
    status, data = client.send(
        "POST", f"/attempts/{student.attempt_id}/save", body.encode(), headers
    )
    if status == 200:
        student.seqs[position] = json.loads(data)["seq"]
    elif os.environ.get("BENCH_DEBUG"):
        print(status, data[:300], flush=True)
    return status


def run(
    port: int, clients: int, total: int, students: list[Student] | None, request: Any
) -> tuple[float, dict[int, int]]:
    """Send `total` requests from `clients` threads; return requests per second and statuses."""
    per_client = total // clients
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def work(index: int) -> None:
        client = Client(port)
        # Each thread owns its own students, so no two requests race for one seq.
        mine = students[index::clients] if students else [None]
        seen: dict[int, int] = {}
        barrier.wait()
        for n in range(per_client):
            status = request(client, mine[n % len(mine)])
            seen[status] = seen.get(status, 0) + 1
        with lock:
            for status, count in seen.items():
                statuses[status] = statuses.get(status, 0) + count

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return per_client * clients / elapsed, statuses


def count_responses(url: str) -> int:
    """Return how many response rows the database holds."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM response")).scalar_one())


def main() -> None:
    """Run the benchmark and print the rates and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--questions", type=int, default=20)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-save-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        reset_postgres(url)
    if args.threads is None:
        args.threads = 4 if url.startswith("postgres") else 1
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "QUIZAPP_INSTANCE_PATH": str(tmp / "instance"),
    }
    print(
        f"database: {url.split('@')[-1]}; gunicorn {args.workers} workers x {args.threads} "
        f"threads; {args.clients} client threads; {args.students} students",
        flush=True,
    )
    students = prepare(env, args.students, args.questions)
    port = free_port()
    server = start_server(env, port, args.workers, args.threads)
    try:
        run(port, args.clients, args.requests // 4, None, bare_request)  # warm up both paths
        run(port, args.clients, args.requests // 4, students, save_request)
        bare_rate, bare_status = run(port, args.clients, args.requests, None, bare_request)
        save_rate, save_status = run(port, args.clients, args.requests, students, save_request)
        bare_again, _ = run(port, args.clients, args.requests, None, bare_request)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    bare = (bare_rate + bare_again) / 2
    saved = sum(len(s.seqs) for s in students)
    stored = count_responses(url)
    print(
        f"bare GET /healthz: {bare:8.1f} req/s  (runs: {bare_rate:.1f}, {bare_again:.1f}; "
        f"statuses {bare_status})"
    )
    print(f"answer save:       {save_rate:8.1f} req/s  (statuses {save_status})")
    print(f"ratio save/bare:   {save_rate / bare:8.3f}  (target >= 0.25)")
    print(f"responses stored:  {stored} (expected {saved})")
    if set(save_status) != {200} or stored != saved:
        raise SystemExit("some saves failed or were lost")


if __name__ == "__main__":
    main()
