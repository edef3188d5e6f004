"""The bank format: its data model, loading and validation, hand-written questions, and dump."""

from __future__ import annotations

from quizapp.engine.bank.dump import bank_to_dict, dump_bank_yaml
from quizapp.engine.bank.fixed import Choice, FixedQuestion, NumberAnswer, Pair, TextAnswer, Unit
from quizapp.engine.bank.loaded import Bank, BankInfo
from quizapp.engine.bank.loader import MAX_BANK_BYTES, load_bank, load_bank_text, parse_bank_data
from quizapp.engine.bank.model import (
    FACT_KINDS,
    QUALIFIER_WORDS,
    QUALIFIERS,
    Claim,
    DateValue,
    Entity,
    EntityRef,
    Fact,
    Grade,
    Option,
    Quantity,
    Question,
    Relation,
    Source,
    SourceRef,
    Value,
)

__all__ = [
    "FACT_KINDS",
    "MAX_BANK_BYTES",
    "QUALIFIERS",
    "QUALIFIER_WORDS",
    "Bank",
    "BankInfo",
    "Choice",
    "Claim",
    "DateValue",
    "Entity",
    "EntityRef",
    "Fact",
    "FixedQuestion",
    "Grade",
    "NumberAnswer",
    "Option",
    "Pair",
    "Quantity",
    "Question",
    "Relation",
    "Source",
    "SourceRef",
    "TextAnswer",
    "Unit",
    "Value",
    "bank_to_dict",
    "dump_bank_yaml",
    "load_bank",
    "load_bank_text",
    "parse_bank_data",
]
