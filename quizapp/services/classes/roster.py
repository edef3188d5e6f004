"""Importing a class roster from CSV (username, display name).

Every row is checked before anything is written: a file with any bad row (an unreadable
username, a name given twice, an account that already exists, a missing or over-long display
name) is refused with every problem and its line, and nothing is imported. Accounts are created
with a one-time password, returned once for the instructor to hand out; the student must change
it at first login.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models.classroom import ClassMember
from quizapp.models.user import User
from quizapp.services.access import Actor
from quizapp.services.accounts import (
    DISPLAY_NAME_MAX,
    AccountError,
    hasher,
    normalise_username,
)
from quizapp.services.classes.operations import ClassError, taught_class

MAX_ROWS = 200
#: No 0/O or 1/l/I: a password copied from a printed sheet must survive.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # noqa: S105 (an alphabet, not a password)
PASSWORD_LENGTH = 12  # 60 bits


@dataclass(frozen=True)
class RosterProblem:
    """One bad row: its line in the file and what is wrong."""

    line: int
    message: str


@dataclass(frozen=True)
class NewAccount:
    """An account the roster created, with its one-time password (shown once)."""

    username: str
    display_name: str
    password: str


class RosterError(ClassError):
    """A roster refused; `problems` lists every bad row."""

    def __init__(self, problems: list[RosterProblem]) -> None:
        super().__init__(f"Nothing was imported: {len(problems)} problem(s) in the file.", "file")
        self.problems = problems


def one_time_password() -> str:
    """Return a random password to hand to a student, who must change it at first login."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def parse_roster(data: bytes) -> tuple[list[tuple[int, str, str]], list[RosterProblem]]:
    """Return the rows (line, username, display name) of a roster file and its problems."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RosterProblem(1, "The file is not UTF-8 text: save it as CSV (UTF-8).")]
    rows: list[tuple[int, str, str]] = []
    problems: list[RosterProblem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if not rows and not problems and cells[0].strip().casefold() == "username":
                continue  # the header row
            if len(cells) > 2:
                problems.append(RosterProblem(line, "Give two columns: username, display name."))
                continue
            rows.append((line, cells[0], cells[1] if len(cells) > 1 else ""))
    except csv.Error as error:
        problems.append(
            RosterProblem(reader.line_num, f"This line cannot be read as CSV: {error}.")
        )
    if not rows and not problems:
        problems.append(RosterProblem(1, "The file has no students in it."))
    if len(rows) > MAX_ROWS:
        problems.append(
            RosterProblem(rows[MAX_ROWS][0], f"At most {MAX_ROWS} students per import.")
        )
    return rows, problems


def check_roster(
    rows: list[tuple[int, str, str]],
) -> tuple[list[tuple[str, str]], list[RosterProblem]]:
    """Return the (username, display name) pairs to create and every problem, with its line."""
    problems: list[RosterProblem] = []
    seen: dict[str, int] = {}
    good: list[tuple[int, str, str]] = []
    for line, raw_name, raw_display in rows:
        try:
            name = normalise_username(raw_name)
        except AccountError as error:
            problems.append(RosterProblem(line, f"“{raw_name.strip()[:40]}”: {error.message}"))
            continue
        display = raw_display.strip() or raw_name.strip()
        if len(display) > DISPLAY_NAME_MAX:
            problems.append(
                RosterProblem(
                    line, f"{name}: a display name has at most {DISPLAY_NAME_MAX} characters."
                )
            )
            continue
        if name in seen:
            problems.append(RosterProblem(line, f"{name} is also on line {seen[name]}."))
            continue
        seen[name] = line
        good.append((line, name, display))
    existing = (
        set(db.session.scalars(select(User.username).where(User.username.in_(list(seen)))))
        if seen
        else set()
    )
    for line, name, _ in good:
        if name in existing:
            problems.append(
                RosterProblem(
                    line,
                    f"{name} already has an account: add existing students by username instead.",
                )
            )
    problems.sort(key=lambda p: p.line)
    return [(name, display) for _, name, display in good], problems


def import_roster(actor: Actor, class_id: int, data: bytes) -> list[NewAccount]:
    """Create the roster's accounts and put them in the class, or raise RosterError: all or none."""
    taught_class(actor, class_id)
    rows, problems = parse_roster(data)
    accounts, more = check_roster(rows)  # every problem at once, the parsing ones too
    if problems or more:
        db.session.rollback()
        raise RosterError(sorted(problems + more, key=lambda p: p.line))
    created = []
    for name, display in accounts:
        password = one_time_password()
        user = User(
            username=name,
            display_name=display,
            password_hash=hasher.hash(password),
            role="student",
            must_change_password=True,
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(ClassMember(class_id=class_id, user_id=user.id, role="student"))
        created.append(NewAccount(name, display, password))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RosterError(
            [RosterProblem(0, "Another import made some of these accounts at the same moment.")]
        ) from None
    return created
