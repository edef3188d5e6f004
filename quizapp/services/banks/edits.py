"""Edit one fact or entity of a bank through forms.

Each change is applied to a copy of the current version's data, validated by the engine exactly
as an upload is, and stored as a new version; fact ids that persist keep their history. A change
the engine rejects stores nothing and comes back as errors keyed by the field they concern.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from quizapp.engine.bank import parse_bank_data
from quizapp.engine.parsing import BankError, BankIssue
from quizapp.extensions import db
from quizapp.models.bank import Bank
from quizapp.services.access import Actor
from quizapp.services.banks.admin import BankNotFound, bank_version, content_copy, managed_bank
from quizapp.services.banks.versions import BankServiceError, ImportResult, import_bank

Record = dict[str, Any]


class EditError(Exception):
    """The engine refused a change; `fields` maps a record key path to its messages."""

    def __init__(self, fields: dict[str, list[str]], general: list[str]) -> None:
        super().__init__("; ".join([*general, *(m for ms in fields.values() for m in ms)]))
        self.fields = fields
        self.general = general

    @classmethod
    def from_issues(cls, issues: Iterable[BankIssue], prefix: str) -> EditError:
        """Sort the engine's issues into those about the edited record and the rest."""
        fields: dict[str, list[str]] = {}
        general: list[str] = []
        for issue in issues:
            if issue.path == prefix or issue.path.startswith((prefix + ".", prefix + "[")):
                key = issue.path[len(prefix) :].lstrip(".")
                fields.setdefault(key, []).append(issue.message)
            else:
                general.append(f"{issue.path}: {issue.message}" if issue.path else issue.message)
        return cls(fields, general)


def slugify(text: str, fallback: str = "item") -> str:
    """Return an id made from text: lowercase ASCII letters, digits and '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:56]
    return slug or fallback


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _without_empty(record: Record) -> Record:
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}


def _index(records: list[Record], record_id: str, what: str) -> int:
    for i, record in enumerate(records):
        if record.get("id") == record_id:
            return i
    raise BankNotFound(f"This bank has no {what} {record_id!r}.")


def _edit(user: Actor, bank_id: int, change: Callable[[Record], tuple[str, str]]) -> ImportResult:
    """Apply `change` (returns the edited record's path and a note) and store a new version."""
    bank: Bank = managed_bank(user, bank_id)
    data, texts = content_copy(bank_version(user, bank_id))
    prefix, note = change(data)
    try:
        engine = parse_bank_data(data, filename=bank.slug, source_texts=texts)
    except BankError as exc:
        db.session.rollback()
        raise EditError.from_issues(exc.issues, prefix) from None
    try:
        return import_bank(
            engine, owner_id=bank.owner_id, source_format="form", note=note, created_by_id=user.id
        )
    except BankServiceError as exc:  # e.g. someone else's edit was saved at the same moment
        raise EditError({}, [str(exc)]) from None


def save_fact(
    user: Actor, bank_id: int, record: Record, *, fact_id: str | None = None
) -> ImportResult:
    """Add a fact (fact_id None) or replace one fact's fields; other fields of it are kept."""

    def change(data: Record) -> tuple[str, str]:
        facts: list[Record] = data["facts"]
        if fact_id is None:
            new = dict(record)
            if not new.get("id"):
                base = slugify(f"{new.get('subject', '')}-{new.get('relation', '')}", "fact")
                new["id"] = _unique(base, {str(f.get("id")) for f in facts})
            facts.append(_without_empty(new))
            return f"facts[{len(facts) - 1}]", f"Added fact {new['id']}"
        i = _index(facts, fact_id, "fact")
        facts[i] = _without_empty({**facts[i], **record, "id": fact_id})
        return f"facts[{i}]", f"Edited fact {fact_id}"

    return _edit(user, bank_id, change)


def delete_fact(user: Actor, bank_id: int, fact_id: str) -> ImportResult:
    """Remove a fact from the bank's next version (its history and memory stay)."""

    def change(data: Record) -> tuple[str, str]:
        del data["facts"][_index(data["facts"], fact_id, "fact")]
        return "facts", f"Deleted fact {fact_id}"

    return _edit(user, bank_id, change)


def save_entity(
    user: Actor, bank_id: int, record: Record, *, entity_id: str | None = None
) -> ImportResult:
    """Add an entity (entity_id None) or replace an entity's fields (its id stays)."""

    def change(data: Record) -> tuple[str, str]:
        entities: list[Record] = data["entities"]
        if entity_id is None:
            new = dict(record)
            if not new.get("id"):
                base = slugify(str(new.get("name") or ""), "entity")
                new["id"] = _unique(base, {str(e.get("id")) for e in entities})
            entities.append(_without_empty(new))
            return f"entities[{len(entities) - 1}]", f"Added entity {new['id']}"
        i = _index(entities, entity_id, "entity")
        entities[i] = _without_empty({**record, "id": entity_id})
        return f"entities[{i}]", f"Edited entity {entity_id}"

    return _edit(user, bank_id, change)


def facts_using(data: Record, entity_id: str) -> list[str]:
    """Return the ids of the facts whose subject or value is the entity."""
    found = []
    for fact in data.get("facts", ()):
        claims = [fact, *(fact.get("disputed_by") or ())]
        values = [c.get("value") or {} for c in claims]
        if fact.get("subject") == entity_id or any(v.get("entity") == entity_id for v in values):
            found.append(str(fact.get("id")))
    return found


def delete_entity(user: Actor, bank_id: int, entity_id: str) -> ImportResult:
    """Remove an entity no fact refers to."""

    def change(data: Record) -> tuple[str, str]:
        i = _index(data["entities"], entity_id, "entity")
        users = facts_using(data, entity_id)
        if users:
            shown = ", ".join(users[:10]) + (" …" if len(users) > 10 else "")
            raise EditError(
                {}, [f"Facts still refer to this entity ({shown}); edit or delete them first."]
            )
        del data["entities"][i]
        return "entities", f"Deleted entity {entity_id}"

    try:
        return _edit(user, bank_id, change)
    except EditError:
        db.session.rollback()
        raise
