"""Write a Bank back out in the documented bank format (the inverse of the loader).

Source texts are not written; a source keeps its `file`, so a dump saved beside the original
finds the same texts. Empty optional fields are left out to keep the file short.
"""

from __future__ import annotations

from typing import Any

import yaml

from quizapp.engine.bank.fixed import fixed_to_dict
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import DateValue, EntityRef, Quantity, Value
from quizapp.engine.parsing.yaml_safe import loader_resolvers


def value_to_dict(value: Value) -> dict[str, Any]:
    """Return a value in the bank format: {date: ...}, {number: ..., unit: ...}, {entity: ...}..."""
    if isinstance(value, DateValue):
        return {"date": value.iso()}
    if isinstance(value, EntityRef):
        return {"entity": value.entity_id}
    if isinstance(value, Quantity):
        amount = value.amount
        out: dict[str, Any] = {
            "number": int(amount) if float(amount).is_integer() else amount,
            "unit": value.unit,
        }
        if value.counts:
            out["counts"] = value.counts
        if value.as_of is not None:
            out["as_of"] = value.as_of.iso()
        if value.qualifier != "exact":
            out["qualifier"] = value.qualifier
        return out
    return {"text": value}


def _without_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, "", (), [], {})}


def bank_to_dict(bank: Bank) -> dict[str, Any]:
    """Return the bank as plain data in the documented format (loadable by parse_bank_data)."""
    info = bank.info
    head = _without_empty(
        {"id": info.id, "title": info.title, "subject": info.subject,
         "description": info.description}
    )  # fmt: skip
    if info.language != "en":
        head["language"] = info.language
    sources = [
        _without_empty({"id": s.id, "title": s.title, "origin": s.origin, "file": s.file})
        for s in bank.sources.values()
    ]
    relations = [
        _without_empty(
            {
                "id": r.id,
                "kind": r.kind,
                "value_type": r.value_type,
                "subject_type": r.subject_type,
                "entity_type": r.entity_type,
                "ask": r.ask,
                "ask_reverse": r.ask_reverse,
                "statement": r.statement,
                "label": r.label,
                "match_prompt": r.match_prompt,
                "typed_answers": True if r.typed_answers else None,
                # Meaning fields only where they differ from the defaults the loader applies.
                "values": r.values if r.values != "many" else None,
                "subjects": r.subjects,
                "closed": True if r.closed else None,
                "importance": r.importance if r.importance != "normal" else None,
            }
        )
        for r in bank.relations.values()
    ]
    entities = [
        _without_empty(
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "aliases": list(e.aliases),
                "attributes": dict(e.attributes),
                "description": e.description,
                "article": e.article,
            }
        )
        for e in bank.entities.values()
    ]
    facts = []
    for fact in bank.facts.values():
        main, *others = fact.claims
        record: dict[str, Any] = {
            "id": fact.id,
            "relation": fact.relation,
            "subject": fact.subject,
            "value": value_to_dict(main.value),
            "source": main.source_id,
            "sentence": main.sentence,
            "disputed_by": [
                {"value": value_to_dict(c.value), "source": c.source_id, "sentence": c.sentence}
                for c in others
            ],
            "ask": fact.ask,
            "ask_reverse": fact.ask_reverse,
            "statement": fact.statement,
            "note": fact.note,
            "distractors": [value_to_dict(v) for v in fact.distractors],
            "label": fact.label,
            "importance": fact.importance,
        }
        facts.append(_without_empty(record))
    out: dict[str, Any] = {
        "bank": head,
        "sources": sources,
        "relations": relations,
        "entities": entities,
        "facts": facts,
    }
    if bank.questions:  # left out when empty, so a bank without them dumps as it always did
        out["questions"] = [fixed_to_dict(q) for q in bank.questions.values()]
    return out


class _Inline(dict[str, Any]):
    """A mapping written on one line, as the README writes values: {date: '2020-03-19'}."""


class _InlineList(list[Any]):
    """A list written on one line: aliases: [al-Qaim, Al Qaim]."""


class _Dumper(yaml.SafeDumper):
    """A safe dumper that also quotes whatever the bank loader would not read back as text."""

    def ignore_aliases(self, data: Any) -> bool:
        # The loader refuses anchors and aliases, so a dump must never use them.
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the README's example does.
        super().increase_indent(flow, False)


def _represent_inline(dumper: yaml.SafeDumper, data: _Inline) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_inline_list(dumper: yaml.SafeDumper, data: _InlineList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(_Inline, _represent_inline)
_Dumper.add_representer(_InlineList, _represent_inline_list)
for _tag, _pattern, _first in loader_resolvers():
    _Dumper.add_implicit_resolver(_tag, _pattern, _first)


def _inline_values(data: dict[str, Any]) -> dict[str, Any]:
    for fact in data["facts"]:
        fact["value"] = _Inline(fact["value"])
        for claim in fact.get("disputed_by", ()):
            claim["value"] = _Inline(claim["value"])
        if "distractors" in fact:
            fact["distractors"] = [_Inline(v) for v in fact["distractors"]]
    for entity in data["entities"]:
        if "attributes" in entity:
            entity["attributes"] = _Inline(entity["attributes"])
        if "aliases" in entity:
            entity["aliases"] = _InlineList(entity["aliases"])
    return data


def dump_bank_yaml(bank: Bank) -> str:
    """Return the bank as YAML text in the documented format."""
    return yaml.dump(
        _inline_values(bank_to_dict(bank)),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
