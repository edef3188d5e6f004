"""Accounts: registration, authentication, passwords, sessions and roles."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models.user import ROLES, User, new_session_token

USERNAME_MIN, USERNAME_MAX = 3, 32
DISPLAY_NAME_MAX = 64
PASSWORD_MIN, PASSWORD_MAX = 8, 1024
# Any constant works: it only serialises first-account registrations on PostgreSQL.
_FIRST_ACCOUNT_LOCK = 0x71_75_69_7A

# argon2id at OWASP's recommended minimum: 19 MiB of memory, 2 iterations, 1 lane.
hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)


class AccountError(ValueError):
    """A request about accounts that cannot be honoured; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NoSuchUser(AccountError):
    """The user asked about does not exist."""


@dataclass(frozen=True)
class Registration:
    """The outcome of a registration: the new user and whether they became the admin."""

    user: User
    is_admin: bool


def normalise_username(raw: str) -> str:
    """Return the canonical form of a username, or raise AccountError saying what is wrong."""
    name = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", raw or "").casefold())
    name = name.strip()
    if not name:
        raise AccountError("Enter a username.", "username")
    if any(ch.isspace() for ch in name):
        raise AccountError("A username cannot contain spaces.", "username")
    # Cc control, Cf invisible formatting (zero-width ...), Cs/Co/Cn surrogates and unassigned.
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise AccountError("A username cannot contain control or invisible characters.", "username")
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX:
        raise AccountError(
            f"A username has {USERNAME_MIN} to {USERNAME_MAX} characters.", "username"
        )
    return name


@functools.cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords, lower-cased."""
    data = resources.files("quizapp.services").joinpath("common_passwords.txt")
    lines = (line.strip() for line in data.read_text(encoding="utf-8").splitlines())
    return frozenset(line.lower() for line in lines if line and not line.startswith("#"))


def check_password(password: str, username: str = "") -> None:
    """Raise AccountError if `password` is too short, too long, common or the username."""
    if len(password) < PASSWORD_MIN:
        raise AccountError(f"Use at least {PASSWORD_MIN} characters.", "password")
    if len(password) > PASSWORD_MAX:
        raise AccountError(f"Use at most {PASSWORD_MAX} characters.", "password")
    folded = password.strip().lower()
    if folded in common_passwords() or len(set(folded)) == 1:
        raise AccountError("This password is too common; choose another.", "password")
    if username and folded == username.lower():
        raise AccountError("The password cannot be your username.", "password")


@functools.cache
def _dummy_hash() -> str:
    return hasher.hash("not a real password, only spends the same time")


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _first_account_lock() -> None:
    # SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs an explicit lock so
    # two registrations on a fresh install cannot both see an empty table and both become admin.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _FIRST_ACCOUNT_LOCK})


def _add_user(username: str, password: str, role: str | None) -> User:
    name = normalise_username(username)
    check_password(password, name)
    if role is not None and role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.", "role")
    _first_account_lock()
    if db.session.scalar(select(User.id).where(User.username == name)) is not None:
        raise AccountError("That username is taken.", "username")
    if role is None:
        role = "admin" if db.session.scalar(select(func.count(User.id))) == 0 else "student"
    user = User(
        username=name,
        display_name=username.strip()[:DISPLAY_NAME_MAX],
        password_hash=hasher.hash(password),
        role=role,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AccountError("That username is taken.", "username") from None
    return user


def registration_problems(username: str, password: str) -> list[AccountError]:
    """Return everything wrong with a sign-up at once (username, taken, password)."""
    problems: list[AccountError] = []
    name = ""
    try:
        name = normalise_username(username)
    except AccountError as error:
        problems.append(error)
    else:
        if db.session.scalar(select(User.id).where(User.username == name)) is not None:
            problems.append(AccountError("That username is taken.", "username"))
    if password:
        try:
            check_password(password, name)
        except AccountError as error:
            problems.append(error)
    db.session.rollback()
    return problems


def register(username: str, password: str) -> Registration:
    """Create an account: the first one ever is the admin, every later one a student."""
    try:
        user = _add_user(username, password, None)
    except AccountError:
        db.session.rollback()
        raise
    return Registration(user=user, is_admin=user.role == "admin")


def create_user(username: str, password: str, role: str) -> User:
    """Create an account with the given role (for the command line)."""
    try:
        return _add_user(username, password, role)
    except AccountError:
        db.session.rollback()
        raise


def authenticate(username: str, password: str) -> User | None:
    """Return the user whose name and password these are, or None."""
    try:
        name = normalise_username(username)
    except AccountError:
        name = ""
    user = db.session.scalar(select(User).where(User.username == name)) if name else None
    if user is None:
        _verify(_dummy_hash(), password)  # spend the same time as a real check
        return None
    if not _verify(user.password_hash, password):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> User:
    """Set a new password after checking the current one; end every other session."""
    user = db.session.merge(user)  # the logged-in user is detached (see web/login.py)
    if not _verify(user.password_hash, current):
        raise AccountError("The current password is wrong.", "current_password")
    check_password(new, user.username)
    user.password_hash = hasher.hash(new)
    user.session_token = new_session_token()
    user.must_change_password = False  # a one-time password is spent
    db.session.commit()
    return user


def logout_everywhere(user: User) -> None:
    """End every session of `user`, in every browser."""
    user = db.session.merge(user)
    user.session_token = new_session_token()
    db.session.commit()


def set_role(user_id: int, role: str) -> User:
    """Give a user a new role; the last admin cannot be demoted."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.", "role")
    user = db.session.get(User, user_id)
    if user is None:
        raise NoSuchUser("No such user.")
    if user.role == "admin" and role != "admin":
        admins = db.session.scalar(select(func.count(User.id)).where(User.role == "admin"))
        if admins == 1:
            db.session.rollback()
            raise AccountError("This is the only admin; make someone else admin first.", "role")
    user.role = role
    db.session.commit()
    return user


def find_user(username: str) -> User | None:
    """Return the user with this (not yet normalised) username, or None."""
    try:
        name = normalise_username(username)
    except AccountError:
        return None
    return db.session.scalar(select(User).where(User.username == name))


def users_page(page: int, per_page: int) -> Pagination:
    """Return one page of users, oldest first."""
    query = select(User).order_by(User.id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
