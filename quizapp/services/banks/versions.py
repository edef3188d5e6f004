"""Bank use cases: import a bank as a new version, load a stored version back into the engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.bank import bank_to_dict, load_bank, parse_bank_data
from quizapp.engine.questions import ask
from quizapp.extensions import db
from quizapp.models.bank import Bank, BankFact, BankVersion
from quizapp.models.quiz import Quiz


class BankServiceError(Exception):
    """A bank operation the user asked for cannot be done; the message says why."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    bank_id: int
    slug: str
    version: int
    created: bool
    unchanged: bool
    fact_count: int


def bank_content(bank: EngineBank) -> dict[str, Any]:
    """Return what a BankVersion stores: the bank as data plus the texts of its sources."""
    texts = {sid: src.text for sid, src in bank.sources.items() if src.text is not None}
    return {"bank": bank_to_dict(bank), "source_texts": texts}


#: Loaded banks by version: (id, created_at) names one immutable version even where a database
#: reuses the id of a deleted row. Bounded; the oldest entry goes first.
_LOADED: dict[tuple[int, str], EngineBank] = {}
_LOADED_MAX = 64


def engine_bank(version: BankVersion) -> EngineBank:
    """Return the engine's view of a stored version (versions are immutable, so it is cached)."""
    key = (version.id, version.created_at.isoformat())
    bank = _LOADED.get(key)
    if bank is None:
        content = version.content
        bank = parse_bank_data(
            content["bank"],
            filename=f"bank version {version.id}",
            source_texts=content["source_texts"],
        )
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.pop(next(iter(_LOADED)), None)
        _LOADED[key] = bank
    return bank


def current_version(bank_id: int) -> BankVersion | None:
    """Return the newest version of a bank."""
    return db.session.scalar(
        select(BankVersion)
        .where(BankVersion.bank_id == bank_id)
        .order_by(BankVersion.number.desc())
        .limit(1)
    )


def import_bank(
    bank: EngineBank,
    *,
    owner_id: int | None,
    source_format: str = "yaml",
    publish: bool = False,
    note: str = "",
    created_by_id: int | None = None,
) -> ImportResult:
    """Store a validated bank as a new version of the bank with its slug (or as a new bank).

    `created_by_id` names who made the version when that is not the owner (an admin's edit).
    """
    try:
        return _import_bank(bank, owner_id, source_format, publish, note, created_by_id)
    except IntegrityError:
        # Two uploads of the same bank at once: the unique slug / version number let one win.
        db.session.rollback()
        raise BankServiceError(
            "Another change to this bank was saved at the same moment, so nothing of yours was "
            "stored. Send it again."
        ) from None


def _import_bank(
    bank: EngineBank,
    owner_id: int | None,
    source_format: str,
    publish: bool,
    note: str,
    created_by_id: int | None,
) -> ImportResult:
    content = bank_content(bank)
    row = db.session.scalar(select(Bank).where(Bank.slug == bank.info.id))
    created = row is None
    if row is None:
        row = Bank(slug=bank.info.id, title=bank.info.title, owner_id=owner_id)
        db.session.add(row)
        db.session.flush()
    elif row.owner_id != owner_id:
        db.session.rollback()
        raise BankServiceError(
            f"A bank with id {bank.info.id!r} already exists and belongs to someone else; "
            "change `bank.id` in the file."
        )
    latest = None if created else current_version(row.id)
    if latest is not None and latest.content == content:
        if publish and row.status != "published":
            row.status = "published"
        db.session.commit()
        return ImportResult(row.id, row.slug, latest.number, False, True, latest.fact_count)

    number = (latest.number if latest else 0) + 1
    row.title = bank.info.title
    row.subject = bank.info.subject
    if publish:
        row.status = "published"
    db.session.add(
        BankVersion(
            bank_id=row.id,
            number=number,
            content=content,
            source_format=source_format,
            fact_count=len(bank.facts),
            created_by_id=owner_id if created_by_id is None else created_by_id,
            note=note,
        )
    )
    _sync_facts(row.id, bank, number)
    _ensure_practice_quiz(row)
    db.session.commit()
    return ImportResult(row.id, row.slug, number, created, False, len(bank.facts))


def stored_bank(slug: str) -> tuple[Bank, EngineBank] | None:
    """Return the bank with this slug and its newest version, or None if there is none."""
    row = db.session.scalar(select(Bank).where(Bank.slug == slug))
    version = current_version(row.id) if row is not None else None
    if row is None or version is None:
        return None
    return row, engine_bank(version)


def import_bank_file(path: str | Path, *, owner_id: int | None = None) -> ImportResult:
    """Validate a bank file and import it, published (used for the banks shipped with the app)."""
    bank = load_bank(path)
    suffix = Path(path).suffix.lower().lstrip(".")
    return import_bank(
        bank, owner_id=owner_id, source_format="json" if suffix == "json" else "yaml", publish=True
    )


def _sync_facts(bank_id: int, bank: EngineBank, number: int) -> None:
    """Insert new fact identities and refresh existing ones; facts gone from the file stay."""
    existing = {
        f.fact_key: f
        for f in db.session.scalars(select(BankFact).where(BankFact.bank_id == bank_id))
    }
    # Labels are the fact asked as a question, which never states the answer: they show on
    # progress and results pages whatever a quiz's review policy. Hand-written questions get an
    # identity too, so their history and statistics persist.
    identities = [(f.id, f.kind, ask(bank, f)) for f in bank.facts.values()]
    identities += [(q.id, "relation", q.label()) for q in bank.questions.values()]
    for key, kind, label in identities:
        row = existing.get(key)
        if row is None:
            db.session.add(
                BankFact(
                    bank_id=bank_id, fact_key=key, kind=kind, label=label[:300], last_version=number
                )
            )
        else:
            row.kind, row.label, row.last_version = kind, label[:300], number


def _ensure_practice_quiz(bank: Bank) -> None:
    """Give every bank one untimed practice quiz so learners can start at once."""
    has_practice = db.session.scalar(
        select(func.count()).select_from(Quiz).where(Quiz.bank_id == bank.id, Quiz.is_practice)
    )
    if not has_practice:
        db.session.add(
            Quiz(
                bank_id=bank.id,
                owner_id=bank.owner_id,
                title=f"Practice: {bank.title}",
                description="Untimed practice with a fresh mix of questions every attempt.",
                question_count=10,
                feedback="immediate",
                is_practice=True,
            )
        )
