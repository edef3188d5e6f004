"""Turn a fact's templates into sentences.

A fact's own `ask`, `ask_reverse` and `statement` override its relation's. Templates use
`{subject}` and `{value}` only; they are substituted literally (not with `str.format`), so braces
in a quote or a name can never break rendering.
"""

from __future__ import annotations

import re

from quizapp.engine.bank import Bank
from quizapp.engine.model import Fact, Value

_VALUE_MARK = "\x00VALUE\x00"
# A value phrase plus its preposition, removed to name an event without its date.
_VALUE_PHRASE = re.compile(
    r"[\s,]*\b(?:on|in|by|during|at|from|since|until|as of|dated)?\s*" + re.escape(_VALUE_MARK),
    re.IGNORECASE,  # a statement may open with its date: "On {value} ..."
)


def render(template: str, *, subject: str, value: str) -> str:
    """Substitute {subject} and {value} in a template."""
    return template.replace("{subject}", subject).replace("{value}", value)


def ask_template(bank: Bank, fact: Fact) -> str:
    """Return the forward question template of a fact."""
    return fact.ask or bank.relations[fact.relation].ask


def reverse_template(bank: Bank, fact: Fact) -> str | None:
    """Return the reverse question template of a fact, or None if it has none."""
    return fact.ask_reverse or bank.relations[fact.relation].ask_reverse


def statement_template(bank: Bank, fact: Fact) -> str:
    """Return the statement template of a fact."""
    return fact.statement or bank.relations[fact.relation].statement


def subject_name(bank: Bank, fact: Fact) -> str:
    """Return the display name of a fact's subject."""
    return bank.entities[fact.subject].name


def ask(bank: Bank, fact: Fact) -> str:
    """Return the question asking for the fact's value."""
    return render(ask_template(bank, fact), subject=subject_name(bank, fact), value="")


def ask_reverse(bank: Bank, fact: Fact, value: Value) -> str | None:
    """Return the question asking for the fact's subject given a value, or None."""
    template = reverse_template(bank, fact)
    if template is None:
        return None
    return render(template, subject="", value=bank.display(value))


def statement(bank: Bank, fact: Fact, value: Value | None = None) -> str:
    """Return the fact stated with `value` (its principal value by default)."""
    shown = bank.display(fact.value if value is None else value)
    return render(statement_template(bank, fact), subject=subject_name(bank, fact), value=shown)


def event_label(bank: Bank, fact: Fact) -> str:
    """Name what a dated fact is about without its date ('al-Qaim base was handed over')."""
    text = render(
        statement_template(bank, fact), subject=subject_name(bank, fact), value=_VALUE_MARK
    )
    text = _VALUE_PHRASE.sub("", text).replace(_VALUE_MARK, "")
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    text = text.rstrip(".")
    return text[:1].upper() + text[1:]
