"""Write a bank's facts as CSV in the columns the CSV import reads, so a sheet can go round.

One row per fact, and one more per differing source (the same fact_id again), with names where
the import matches names: the subject's and an entity value's name, the source's title. A
relation's templates and meaning (values, closed, importance) are written on its first row, as the
import wants them there, led by a fact without templates of its own where there is one; a fact's
own templates on its own row. `#id`, `#title` ... rows come
first, so a sheet imported as a new bank gets the same id and title. Re-uploaded to the same bank,
the sheet updates the same facts (the same fact_id), and what it has no column for (a relation's
label and match prompt, entity descriptions, a fact's distractors) stays as the bank has it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import (
    QUALIFIER_WORDS,
    Claim,
    DateValue,
    EntityRef,
    Fact,
    Quantity,
    Relation,
)
from quizapp.engine.exporters.gift import num
from quizapp.engine.importers.csv_rows import COLUMNS


def _value_cells(bank: Bank, claim: Claim) -> dict[str, str]:
    value = claim.value
    if isinstance(value, DateValue):
        return {"value": value.iso()}
    if isinstance(value, EntityRef):
        entity = bank.entities[value.entity_id]
        return {"value": entity.name, "value_entity_type": entity.type}
    if isinstance(value, Quantity):
        return {
            "value": num(value.amount),
            "unit": value.unit,
            "counts": value.counts,
            "as_of": value.as_of.iso() if value.as_of is not None else "",
            "approximate": QUALIFIER_WORDS[value.qualifier]
            if value.qualifier != "about"
            else "yes",
        }
    return {"value": value}


def _relation_cells(relation: Relation) -> dict[str, str]:
    return {
        "relation_question": relation.ask,
        "reverse_question": relation.ask_reverse or "",
        "statement": relation.statement,
        "values": relation.values if relation.values != "many" else "",
        "closed": "yes" if relation.closed else "",
        "importance": relation.importance if relation.importance != "normal" else "",
    }


def _own_templates(fact: Fact) -> dict[str, str]:
    return {
        "relation_question": fact.ask or "",
        "reverse_question": fact.ask_reverse or "",
        "statement": fact.statement or "",
    }


def _ordered(bank: Bank) -> list[Fact]:
    """Return the facts, each relation led by a fact without templates of its own if it has one.

    The first row of a relation gives the relation's templates, so it must not be a fact whose
    own templates would have to stand in the same cells.
    """
    facts = list(bank.facts.values())
    leads: dict[str, Fact] = {}
    for fact in facts:
        lead = leads.get(fact.relation)
        if lead is None or (_has_own(lead) and not _has_own(fact)):
            leads[fact.relation] = fact
    out: list[Fact] = []
    placed: set[str] = set()
    for fact in facts:
        lead = leads.pop(fact.relation, None)
        for one in (lead, fact):
            if one is not None and one.id not in placed:
                out.append(one)
                placed.add(one.id)
    return out


def _has_own(fact: Fact) -> bool:
    return bool(fact.ask or fact.ask_reverse or fact.statement)


def _rows(bank: Bank) -> Iterator[dict[str, str]]:
    seen_relations: set[str] = set()
    seen_entities: set[str] = set()
    for fact in _ordered(bank):
        relation = bank.relations[fact.relation]
        subject = bank.entities[fact.subject]
        first, *others = fact.claims
        row = {
            "fact_id": fact.id,
            "kind": fact.kind,
            "relation": relation.id,
            "subject": subject.name,
            "subject_type": subject.type,
            "value_type": relation.value_type,
            "source_title": bank.sources[first.source_id].title,
            "source_origin": bank.sources[first.source_id].origin,
            "sentence": first.sentence,
            "note": fact.note,
            **_value_cells(bank, first),
        }
        if subject.id not in seen_entities:
            seen_entities.add(subject.id)
            row["subject_aliases"] = "; ".join(subject.aliases)
            row["subject_attributes"] = "; ".join(f"{k}={v}" for k, v in subject.attributes.items())
        if relation.id not in seen_relations:
            seen_relations.add(relation.id)
            row.update(_relation_cells(relation))
        row.update({k: v for k, v in _own_templates(fact).items() if v})
        yield row
        for claim in others:
            yield {
                "fact_id": fact.id,
                "kind": fact.kind,
                "subject": subject.name,
                "source_title": bank.sources[claim.source_id].title,
                "sentence": claim.sentence,
                **_value_cells(bank, claim),
            }


def dump_csv(bank: Bank) -> str:
    """Return the bank's facts as CSV text with a header row and the bank's `#` rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    info = bank.info
    for key, value in (
        ("#id", info.id),
        ("#title", info.title),
        ("#subject", info.subject),
        ("#description", info.description),
    ):
        if value:
            writer.writerow([key, value])
    if info.language != "en":
        writer.writerow(["#language", info.language])
    writer.writerow(COLUMNS)
    for row in _rows(bank):
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return out.getvalue()
