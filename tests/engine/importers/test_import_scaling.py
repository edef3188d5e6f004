"""Imports are linear in the file: ten times the file costs about ten times the work, in every
format, valid or full of mistakes, and more than MAX_UPLOAD_ITEMS facts and questions are refused.

Work is counted, not timed: every Python function call (the engine's, the schema validator's,
difflib's ...) plus every line of quizapp code run while importing. Quadratic work shows as a
ratio near 100 for a 10x file; linear work stays near 10.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from upload_samples import COUNTED, EXPECTED, HOSTILE

import quizapp
from quizapp.engine import importers
from quizapp.engine.bank import Bank
from quizapp.engine.importers import MAX_UPLOAD_ITEMS, parse_upload
from quizapp.engine.importers.common import UniqueIds
from quizapp.engine.parsing import BankError

QUIZAPP = str(Path(quizapp.__file__).parent)
SMALL = 60
MAX_RATIO = 12.0  # 10x the items; a little over 10 for what grows by a log factor


def operations(action: Callable[[], object], lines_in: tuple[str, ...] = (QUIZAPP,)) -> int:
    """Return the Python calls, and lines of code under `lines_in`, that running `action` takes."""
    count = 0

    def line(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return line

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return line if frame.f_code.co_filename.startswith(lines_in) else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count


def size(bank: Bank) -> int:
    """Return how much a bank holds: facts, questions and their options."""
    return len(bank.facts) + sum(1 + len(q.choices) for q in bank.questions.values())


def import_result(name: str, n: int) -> Bank | BankError:
    """Import the hostile file `name` of size n; return the bank or the error."""
    filename, data = HOSTILE[name](n)
    try:
        return parse_upload(data, filename)
    except BankError as error:
        return error


def import_work(name: str, n: int) -> int:
    """Return the operations that importing the hostile file `name` of size n takes."""
    filename, data = HOSTILE[name](n)

    def run() -> None:
        with contextlib.suppress(BankError):
            parse_upload(data, filename)

    return operations(run)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_ten_times_the_file_is_at_most_about_ten_times_the_work(name: str) -> None:
    result = import_result(name, 10 * SMALL)
    if EXPECTED[name] == "ok":
        assert isinstance(result, Bank), str(result)[:500]
        assert size(result) >= 10 * SMALL
    else:
        assert isinstance(result, BankError)
        assert len(result.issues) >= 10 * SMALL
        assert all(issue.line is not None for issue in result.issues)
    import_work(name, 5)  # warm up caches (compiled patterns, the schema validator)
    small, large = import_work(name, SMALL), import_work(name, 10 * SMALL)
    assert large / small <= MAX_RATIO, f"{name}: {small:,} -> {large:,} operations"


def test_the_work_counter_sees_quadratic_work() -> None:
    def quadratic(n: int) -> None:
        taken: set[str] = set()
        for _ in range(n):
            k = 1
            while f"id_{k}" in taken:
                k += 1
            taken.add(f"id_{k}")

    small = operations(lambda: quadratic(SMALL), (__file__,))
    assert operations(lambda: quadratic(10 * SMALL), (__file__,)) / small > 50


@pytest.mark.parametrize("fmt", sorted(COUNTED))
def test_more_than_the_upload_limit_is_refused_at_the_first_item_too_many(fmt: str) -> None:
    build = HOSTILE["csv-errors"] if fmt == "csv" else COUNTED[fmt]  # rows count, mistaken or not
    filename, data = build(MAX_UPLOAD_ITEMS + 1)
    with pytest.raises(BankError) as caught:
        parse_upload(data, filename, max_bytes=10_000_000)
    (issue,) = caught.value.issues
    assert f"expected at most {MAX_UPLOAD_ITEMS:,} facts and questions in one upload" in (
        issue.message
    )
    assert "Split it into several files" in issue.message
    lines_before = {"gift": 2 * MAX_UPLOAD_ITEMS + 1, "csv": MAX_UPLOAD_ITEMS + 2}
    if fmt in lines_before:
        assert issue.line == lines_before[fmt]
    else:
        assert issue.line is not None and issue.line > MAX_UPLOAD_ITEMS


@pytest.mark.parametrize("fmt", sorted(COUNTED))
def test_an_upload_at_the_limit_is_imported_whole(fmt: str, monkeypatch: Any) -> None:
    monkeypatch.setattr(importers, "MAX_UPLOAD_ITEMS", 7)
    filename, data = COUNTED[fmt](7)
    bank = parse_upload(data, filename)
    assert len(bank.facts) + len(bank.questions) == 7
    filename, data = COUNTED[fmt](8)
    with pytest.raises(BankError, match="at most 7 facts and questions"):
        parse_upload(data, filename)


def _probe(base: str, taken: set[str]) -> str:
    """The id allocation uploads always had: the first free base, base_2, base_3 ..."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = base[: 64 - len(f"_{n}")] + f"_{n}"
    taken.add(candidate)
    return candidate


def test_made_ids_are_the_ones_re_uploads_always_got() -> None:
    long_a, long_b = "a" * 63 + "x", "a" * 63 + "y"  # alike in the first 62 characters
    names = ["q", "q", "q_2", "q", *[long_a, long_b] * 60, *["q"] * 120, "q_9", "q"]
    given = {"q_5", "a" * 62 + "_7"}
    ids, expected = UniqueIds(given), set(given)
    assert [ids.take(name) for name in names] == [_probe(name, expected) for name in names]
    assert len(set(ids.taken)) == len(names) + len(given)
