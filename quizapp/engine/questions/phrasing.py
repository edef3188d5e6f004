"""Turn a fact's templates into sentences.

A fact's own `ask`, `ask_reverse` and `statement` override its relation's. Templates use
`{subject}` and `{value}` only; they are substituted literally (not with `str.format`), so braces
in a quote or a name can never break rendering.
"""

from __future__ import annotations

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import EntityRef, Fact, Quantity, Value


def render(template: str, *, subject: str, value: str) -> str:
    """Substitute {subject} and {value} in a template; a sentence starts with a capital letter."""
    text = template.replace("{subject}", subject).replace("{value}", value)
    return text[:1].upper() + text[1:]


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
    """Return a fact's subject as it reads inside a sentence (with its article)."""
    return bank.entities[fact.subject].in_text()


SMALL_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def value_text(bank: Bank, value: Value) -> str:
    """Return a value as it reads in a sentence: "the" before a name, small numbers in words."""
    if isinstance(value, EntityRef):
        return bank.entities[value.entity_id].in_text()
    if isinstance(value, Quantity) and float(value.amount).is_integer() and 0 <= value.amount < 10:
        words = SMALL_NUMBERS[int(value.amount)]
        return value.display().replace(value.number(), words, 1)
    return bank.display(value)


def ask(bank: Bank, fact: Fact) -> str:
    """Return the question asking for the fact's value."""
    return render(ask_template(bank, fact), subject=subject_name(bank, fact), value="")


def ask_reverse(bank: Bank, fact: Fact, value: Value) -> str | None:
    """Return the question asking for the fact's subject given a value, or None."""
    template = reverse_template(bank, fact)
    if template is None:
        return None
    return render(template, subject="", value=value_text(bank, value))


def statement(bank: Bank, fact: Fact, value: Value | None = None) -> str:
    """Return the fact stated with `value` (its principal value by default)."""
    shown = value_text(bank, fact.value if value is None else value)
    return render(statement_template(bank, fact), subject=subject_name(bank, fact), value=shown)


def event_label(bank: Bank, fact: Fact) -> str | None:
    """Name a dated fact as an event without its date, from the bank's label; None without one."""
    template = fact.label or bank.relations[fact.relation].label
    if template is None:
        return None
    return render(template, subject=subject_name(bank, fact), value="").strip()


def match_prompt(bank: Bank, relation_id: str) -> str:
    """Return the heading of a matching question about one relation."""
    relation = bank.relations[relation_id]
    if relation.match_prompt:
        return relation.match_prompt
    question = render(relation.ask, subject="…", value="…")
    return f"Match each item on the left with its answer to: “{question}”"
