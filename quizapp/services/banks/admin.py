"""Instructors' bank use cases: upload, publish, archive, delete, list, and the banks they manage.

Each public function is one transaction. Every bank is fetched through `managed_bank`, which
checks the user's right to it, so a view cannot forget the object-level check. An upload is parsed
and validated completely before the database is touched: an invalid file stores nothing.
Editing single facts and entities lives in `bank_edits`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Select, delete, func, or_, select

from quizapp.engine import importers
from quizapp.engine.bank import FACT_KINDS, MAX_BANK_BYTES, Question
from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.questions import REGISTRY
from quizapp.engine.quiz import build_quiz
from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.bank import Bank, BankFact, BankVersion
from quizapp.models.card import Card
from quizapp.models.quiz import Quiz
from quizapp.services.access import Actor, can_manage_bank, can_read_bank, is_admin
from quizapp.services.banks.versions import (
    BankServiceError,
    ImportResult,
    current_version,
    engine_bank,
    import_bank,
)

PREVIEW_SEED = 2024  # a fixed seed: the same version always previews the same questions
Action = Literal["publish", "unpublish", "archive"]
# Which statuses each action may start from, and the status it leads to.
_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "publish": (("draft", "archived"), "published"),
    "unpublish": (("published", "archived"), "draft"),
    "archive": (("draft", "published"), "archived"),
}


class BankAdminError(Exception):
    """A bank request that cannot be carried out; `status` is the HTTP answer."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BankNotFound(BankAdminError):
    """No bank with that id."""

    status = 404


class BankForbidden(BankAdminError):
    """The bank exists but the user may not manage it."""

    status = 403


@dataclass(frozen=True)
class BankSummary:
    """What a bank's page shows about its current version."""

    bank: Bank
    version: BankVersion | None
    kind_counts: dict[str, int]
    entity_count: int
    attempt_count: int
    question_count: int = 0
    #: Whether the viewer may change the bank (else they only read a published one).
    manages: bool = True


def managed_bank(user: Actor, bank_id: int) -> Bank:
    """Return the bank if the user may manage it; raise BankNotFound or BankForbidden."""
    bank = db.session.get(Bank, bank_id)
    if bank is None:
        raise BankNotFound("No such bank.")
    if not can_manage_bank(user, bank):
        raise BankForbidden("You do not manage this bank.")
    return bank


def readable_bank(user: Actor, bank_id: int) -> Bank:
    """Return the bank if the user may read it; raise BankNotFound or BankForbidden."""
    bank = db.session.get(Bank, bank_id)
    if bank is None:
        raise BankNotFound("No such bank.")
    if not can_read_bank(user, bank):
        raise BankForbidden("This bank is not published, and you do not manage it.")
    return bank


def managed_banks(user: Actor) -> Select[tuple[Bank]]:
    """Return a query of the banks the user manages, newest change first."""
    query = select(Bank).order_by(Bank.updated_at.desc(), Bank.id.desc())
    if is_admin(user):
        return query
    if user.role != "instructor":
        return query.where(Bank.id.is_(None))  # nothing: students manage no bank
    return query.where(Bank.owner_id == user.id)


def readable_banks(user: Actor) -> Select[tuple[Bank]]:
    """Return a query of the banks the user manages or, as an instructor, may read."""
    if user.role != "instructor":
        return managed_banks(user)
    query = select(Bank).order_by(Bank.updated_at.desc(), Bank.id.desc())
    return query.where(or_(Bank.owner_id == user.id, Bank.status == "published"))


def banks_page(user: Actor, page: int, per_page: int) -> tuple[Any, dict[int, tuple[int, int]]]:
    """Return one page of the banks the user may read and, per bank id, (version, fact count)."""
    pager = db.paginate(readable_banks(user), page=page, per_page=per_page, error_out=False)
    ids = [bank.id for bank in pager.items]
    latest = (
        select(BankVersion.bank_id, func.max(BankVersion.number).label("number"))
        .where(BankVersion.bank_id.in_(ids))
        .group_by(BankVersion.bank_id)
        .subquery()
    )
    rows = db.session.execute(
        select(BankVersion.bank_id, BankVersion.number, BankVersion.fact_count).join(
            latest,
            (latest.c.bank_id == BankVersion.bank_id) & (latest.c.number == BankVersion.number),
        )
    )
    return pager, {bank_id: (number, facts) for bank_id, number, facts in rows}


def status_counts(user: Actor) -> dict[str, int]:
    """Return how many of the user's managed banks are drafts, published and archived."""
    query = managed_banks(user).order_by(None).with_only_columns(Bank.status, func.count())
    rows = db.session.execute(query.group_by(Bank.status))
    return {status: count for status, count in rows}


def published_banks() -> Select[tuple[Bank]]:
    """Return a query of the banks learners may use, by title."""
    return select(Bank).where(Bank.status == "published").order_by(Bank.title, Bank.id)


def parse_upload(
    data: bytes, filename: str, *, max_bytes: int = MAX_BANK_BYTES, base: EngineBank | None = None
) -> EngineBank:
    """Parse and validate an uploaded bank of any accepted format; raise BankError.

    A whole bank (YAML, JSON) uploaded over `base` keeps the texts of the base's sources, so its
    sentences are still checked against them and the new version still ships them.
    """
    texts = {sid: s.text for sid, s in base.sources.items() if s.text} if base else {}
    return importers.parse_upload(
        data, filename, max_bytes=max_bytes, base=base, source_texts=texts
    )


def upload_bank(
    user: Actor,
    data: bytes,
    filename: str,
    *,
    bank_id: int | None = None,
    max_bytes: int = MAX_BANK_BYTES,
) -> ImportResult:
    """Store an uploaded bank as a new bank (a draft) or as a new version of one the user manages.

    With `bank_id`, the file becomes the next version of that bank whatever id it gives itself.
    Raises BankError (invalid file) or BankAdminError; either way nothing is stored.
    """
    target = managed_bank(user, bank_id) if bank_id is not None else None
    latest = current_version(target.id) if target is not None else None
    base = engine_bank(latest) if latest is not None else None
    bank = parse_upload(data, filename, max_bytes=max_bytes, base=base)
    if target is None:
        target = db.session.scalar(select(Bank).where(Bank.slug == bank.info.id))
        if target is not None and not can_manage_bank(user, target):
            db.session.rollback()
            raise BankAdminError(
                f"A bank with id {bank.info.id!r} already exists and belongs to someone else; "
                "change the bank's id in the file."
            )
    if target is not None and bank.info.id != target.slug:
        bank = dataclasses.replace(bank, info=dataclasses.replace(bank.info, id=target.slug))
    owner_id = target.owner_id if target is not None else user.id
    try:
        return import_bank(
            bank,
            owner_id=owner_id,
            source_format=importers.upload_format(filename) or "yaml",
            note=f"Uploaded {Path(filename).name[:200]}",
            created_by_id=user.id,
        )
    except BankServiceError as exc:
        raise BankAdminError(str(exc)) from None


def change_status(user: Actor, bank_id: int, action: Action) -> str:
    """Publish, unpublish (back to draft) or archive a bank; return its new status."""
    bank = managed_bank(user, bank_id)
    allowed, new_status = _TRANSITIONS[action]
    if bank.status not in allowed:
        db.session.rollback()
        done = {"publish": "published", "unpublish": "unpublished", "archive": "archived"}
        raise BankAdminError(f"This bank is {bank.status}; it cannot be {done[action]}.")
    if action == "publish" and current_version(bank.id) is None:
        db.session.rollback()
        raise BankAdminError("This bank has no version yet; upload one first.")
    bank.status = new_status
    db.session.commit()
    return new_status


def attempt_count(bank_id: int) -> int:
    """Return how many attempts learners have made at quizzes on this bank."""
    return db.session.scalar(
        select(func.count(Attempt.id)).join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Quiz.bank_id == bank_id)
    ) or 0  # fmt: skip


def _card_count(bank_id: int) -> int:
    return db.session.scalar(
        select(func.count(Card.id)).join(BankFact, BankFact.id == Card.bank_fact_id)
        .where(BankFact.bank_id == bank_id)
    ) or 0  # fmt: skip


def delete_bank(user: Actor, bank_id: int) -> Literal["deleted", "archived"]:
    """Delete a bank nobody has used; archive it instead when learners have history with it.

    Attempts and flashcard memory point at the bank's versions and facts, so deleting it would
    erase learners' results: such a bank is archived (kept, but no longer offered).
    """
    bank = managed_bank(user, bank_id)
    if attempt_count(bank.id) or _card_count(bank.id):
        bank.status = "archived"
        db.session.commit()
        return "archived"
    # The database cascades to versions, fact identities and quizzes.
    db.session.expunge(bank)
    db.session.execute(delete(Bank).where(Bank.id == bank_id))
    db.session.commit()
    return "deleted"


def bank_summary(user: Actor, bank_id: int, *, manage: bool = True) -> BankSummary:
    """Return a bank the user manages (or, unless `manage`, may read) with its counts."""
    bank = managed_bank(user, bank_id) if manage else readable_bank(user, bank_id)
    version = current_version(bank.id)
    counts: dict[str, int] = {}
    entities = questions = 0
    if version is not None:
        loaded = engine_bank(version)
        counts = {kind: len(facts) for kind, facts in loaded.facts_by_kind.items()}
        entities, questions = len(loaded.entities), len(loaded.questions)
    return BankSummary(
        bank, version, counts, entities, attempt_count(bank.id), questions,
        manages=can_manage_bank(user, bank),
    )  # fmt: skip


def bank_version(
    user: Actor, bank_id: int, number: int | None = None, *, manage: bool = True
) -> BankVersion:
    """Return a version (the current one by default) of a bank the user manages (or reads)."""
    bank = managed_bank(user, bank_id) if manage else readable_bank(user, bank_id)
    if number is None:
        version = current_version(bank.id)
    else:
        version = db.session.scalar(
            select(BankVersion).where(BankVersion.bank_id == bank.id, BankVersion.number == number)
        )
    if version is None:
        raise BankNotFound("No such version of this bank.")
    return version


def versions_of(bank_id: int) -> list[BankVersion]:
    """Return a bank's versions, newest first."""
    return list(
        db.session.scalars(
            select(BankVersion).where(BankVersion.bank_id == bank_id)
            .order_by(BankVersion.number.desc())
        )
    )  # fmt: skip


def content_copy(version: BankVersion) -> tuple[dict[str, Any], dict[str, str]]:
    """Return an editable deep copy of a version's bank data and its source texts."""
    import copy

    content = version.content
    return copy.deepcopy(content["bank"]), dict(content.get("source_texts") or {})


def sample_questions(bank: EngineBank, per_type: int = 2) -> list[tuple[str, list[Question]]]:
    """Return a few questions of every type the bank can make, the same ones every time."""
    samples = []
    for name in REGISTRY:
        # hand-written questions are each their own, so show more of them
        count = per_type * 3 if name == "fixed" else per_type
        questions = build_quiz(bank, count=count, seed=PREVIEW_SEED, types=[name])
        samples.append((name, questions))
    return samples


def csv_template_text(kind: str) -> str | None:
    """Return the CSV template of a fact kind, or None when there is none."""
    if kind not in FACT_KINDS:
        return None
    try:
        return importers.csv_template(kind)
    except (KeyError, ValueError):
        return None


def outcome_message(title: str, action: str, outcome: str) -> str:
    """Return what a publish, unpublish, archive or delete did, in words for the user."""
    if outcome == "deleted":
        return f"Deleted the bank “{title}”."
    if action == "delete":
        return (
            f"“{title}” was archived, not deleted: learners have attempts or flashcards on it, "
            "and their results must stay. Archived banks are no longer offered to learners."
        )
    return {
        "published": f"Published “{title}”: learners can now take its quizzes.",
        "draft": f"“{title}” is a draft again: learners no longer see it.",
        "archived": f"Archived “{title}”: learners no longer see it; results stay.",
    }[outcome]
