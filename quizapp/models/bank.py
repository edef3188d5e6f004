"""Question banks: a bank, its immutable versions, and the stable identity of each fact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow

BANK_STATUSES = ("draft", "published", "archived")
#: study: learners may open its flashcards and Anki export; assessment: only its managers may.
STUDY_MODES = ("study", "assessment")
FACT_KINDS = ("date", "base", "figure", "actor", "quote", "relation")


class Bank(db.Model):
    """A question bank owned by an instructor (or by nobody, for banks shipped with the app)."""

    __tablename__ = "bank"
    __table_args__ = (
        CheckConstraint(f"status IN {BANK_STATUSES!r}", name="status"),
        CheckConstraint(f"study_mode IN {STUDY_MODES!r}", name="study_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The `bank.id` of the bank file; re-importing a file with the same slug adds a version.
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200), default="")
    #: NULL for banks shipped in question_bank/, which admins manage.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Students see published banks only; archived banks keep their history but take no attempts.
    status: Mapped[str] = mapped_column(String(16), default="draft")
    study_mode: Mapped[str] = mapped_column(String(16), default="study", server_default="study")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    versions: Mapped[list[BankVersion]] = relationship(
        back_populates="bank", order_by="BankVersion.number", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Bank {self.slug} {self.status}>"


class BankVersion(db.Model):
    """One immutable state of a bank; attempts point at the version they were generated from."""

    __tablename__ = "bank_version"
    __table_args__ = (
        UniqueConstraint("bank_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    #: 1, 2, 3 ... within the bank; the highest is the current version.
    number: Mapped[int]
    #: The normalised bank (engine `bank_to_dict` output plus source texts), enough to reload it.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The format it was imported from: yaml, json, csv, gift or form.
    source_format: Mapped[str] = mapped_column(String(16), default="yaml")
    fact_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    bank: Mapped[Bank] = relationship(back_populates="versions")


class BankFact(db.Model):
    """The lasting identity of a fact across versions, so history and memory follow its id."""

    __tablename__ = "bank_fact"
    __table_args__ = (
        UniqueConstraint("bank_id", "fact_key"),
        CheckConstraint(f"kind IN {FACT_KINDS!r}", name="kind"),
        Index("ix_bank_fact_bank_kind", "bank_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    #: The fact's id in the bank file.
    fact_key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    #: A short label for lists ("al-Qaim base: handed over on"), refreshed on each version.
    label: Mapped[str] = mapped_column(String(300), default="")
    #: The newest version that still contains this fact; older facts stay for history.
    last_version: Mapped[int] = mapped_column(default=1)

    bank: Mapped[Bank] = relationship()
