"""Time imports of hostile uploads at 1x and 10x their size: is the work linear in the file?

Every file of tests/upload_samples.py (one per way an import was once quadratic: GIFT
questions sharing a title, one question with thousands of answers, CSV rows of one subject or of
thousands, YAML references to missing ids, JSON breaking the schema thousands of times ...) is
parsed and checked at --small items and at ten times that, in turns in one run, and the fastest
times compared (CPU time of this process, so that other processes on the shared machine count
less); the target is a ratio of at most 15 for every file. Then the files that import are stored
through the upload service (`banks.upload_bank`) at both sizes, on SQLite (CPU time) or on
BENCH_DATABASE_URL (wall time; a scratch database: its schema is reset), with the same target.

    .venv/bin/python bench/bench_import.py [--small 1000] [--reps 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bench_progress import make_app  # noqa: E402
from upload_samples import EXPECTED, HOSTILE  # noqa: E402

from quizapp.engine.importers import MAX_UPLOAD_ITEMS, parse_upload  # noqa: E402
from quizapp.engine.parsing import BankError  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models.user import User  # noqa: E402
from quizapp.services import accounts, banks  # noqa: E402

# Operations grow 10x (tests/engine/importers/test_import_scaling.py counts them: <= 12); time
# grows a little more, as a working set ten times larger makes memory and garbage collection
# slower per operation. A quadratic step shows as a ratio near 100.
TARGET = 15.0


def fastest_pair(
    one: Callable[[int], object],
    ten: Callable[[int], object],
    reps: int,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[float, float]:
    """Return the fastest times of one(rep) and ten(rep), run in turns (the machine is shared:
    the fastest run is the one least disturbed by others)."""
    times: tuple[list[float], list[float]] = ([], [])
    for rep in range(reps):
        for action, out in ((one, times[0]), (ten, times[1])):
            gc.collect()
            start = clock()
            action(rep)
            out.append(clock() - start)
    return min(times[0]), min(times[1])


def parse_only(name: str, n: int) -> Callable[[int], object]:
    """Return an action that parses and checks the hostile file `name` of size n."""
    filename, data = HOSTILE[name](n)

    def run(_: int) -> object:
        try:
            return parse_upload(data, filename, max_bytes=20_000_000)
        except BankError as error:
            return error

    return run


def store(app: object, user_id: int, name: str, n: int) -> Callable[[int], object]:
    """Return an action that uploads the file `name` of size n as a new bank each time."""
    filename, data = HOSTILE[name](n)

    def run(rep: int) -> object:
        tag = f"{name}-{n}-{rep}"
        own = data.replace(b"{id: b, title: B}", f"{{id: {tag}, title: B}}".encode())
        own = own.replace(b'{"id": "b", "title": "B"}', f'{{"id": "{tag}", "title": "B"}}'.encode())
        with app.app_context():  # type: ignore[attr-defined]
            user = db.session.get(User, user_id)
            return banks.upload_bank(user, own, f"{tag}-{filename}", max_bytes=20_000_000)

    return run


def main() -> None:
    """Run both benchmarks and print their tables and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=MAX_UPLOAD_ITEMS // 10)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    small, large = args.small, 10 * args.small
    worst = 0.0
    print(f"parse and check (engine, CPU time of this process), {small:,} and {large:,} items")
    print(f"{'file':>20} {'1x (ms)':>10} {'10x (ms)':>10} {'ratio':>7}")
    for name in HOSTILE:
        parse_only(name, 10)(0)  # warm up
        one, ten = fastest_pair(
            parse_only(name, small), parse_only(name, large), args.reps, time.process_time
        )
        worst = max(worst, ten / one)
        print(f"{name:>20} {one * 1e3:>10.1f} {ten * 1e3:>10.1f} {ten / one:>7.2f}")

    app = make_app()
    with app.app_context():
        user_id = accounts.create_user("bench-teacher", "a benchmark passphrase", "instructor").id
        db.session.commit()
    # SQLite works inside this process, so its CPU time counts it; PostgreSQL's server does not.
    on_sqlite = not os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres")
    clock, what = (time.process_time, "CPU") if on_sqlite else (time.perf_counter, "wall")
    print(f"\nupload service (parse, check, store; {what} time), {small:,} and {large:,} items")
    print(f"{'file':>20} {'1x (ms)':>10} {'10x (ms)':>10} {'ratio':>7}")
    for name in (n for n in HOSTILE if EXPECTED[n] == "ok"):
        one, ten = fastest_pair(
            store(app, user_id, name, small), store(app, user_id, name, large), args.reps, clock
        )
        worst = max(worst, ten / one)
        print(f"{name:>20} {one * 1e3:>10.1f} {ten * 1e3:>10.1f} {ten / one:>7.2f}")
    print(f"worst ratio 10x / 1x: {worst:.2f} (target <= {TARGET:g})")


if __name__ == "__main__":
    main()
