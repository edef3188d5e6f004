"""Hypothesis strategies for uploads: valid files of every format, and hostile ones.

`upload_files()` draws an `Upload`: a file name, its bytes, whether it was written to be valid
(then it must import), and what a whole import holds (facts, questions). Valid files come from
generated banks (YAML, JSON), rows (CSV) and questions (GIFT, Moodle XML and Aiken, the last
two in `upload_fuzz_questions`), then damaged in one of the
DAMAGES: not at all, one bad character (NUL, a lone surrogate, U+2028, a form feed ...) sneaked
into a text, a huge number or date put in a value, or hostile strings anywhere; other files are
hostile text. `upload_file(fmt, how)` draws one format and damage, so a test can cover each
pair. Shared by the engine's and the upload service's property tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded and repeatable: the suite stays fast, and CI sees the same examples every run.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ODD = ["\x00", "\t", "\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029",
       "\ufeff", "\ue000", "\ud800", "\udfff", "\u00a0", "é", "😀", "\\", '"', "'", ",", ";",
       "{", "}", "[", "]", ":", "=", "~", "#", "%", "->", "::", "$CATEGORY:", "//", "&a", "*a",
       "!!python/object", "- ", "? ", "|", ">", "@", "`"]  # fmt: skip
HUGE = ["9" * 400, "-" + "9" * 40, "1e400", "1e300", "-1e16", "1" + ",000" * 6, "2.500",
        "2,500", "2,5", "1.234.567", "nan", "inf", ".inf", "2020-03-" + "9" * 20,
        "2020-" + "9" * 20, "0000-01-01", "9999-12-31", "2020-02-30"]  # fmt: skip
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéøABCDEF0123456789", min_size=1, max_size=8)


WORST = ["\x00", "\ud800", "\u2028", "\x85", "\x0c", "\r"]  # what broke uploads before


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Return a strategy of short texts full of what breaks parsers and databases."""
    piece = st.one_of(
        st.sampled_from(WORST), st.sampled_from(ODD), st.sampled_from(HUGE), WORD, st.characters()
    )
    return st.lists(piece, min_size=1, max_size=max(1, max_size // 4)).map("".join)


def safe_text(min_words: int = 1) -> st.SearchStrategy[str]:
    """Return a strategy of plain texts that every format carries unchanged."""
    return st.lists(WORD, min_size=min_words, max_size=5).map(" ".join)


@dataclass(frozen=True)
class Upload:
    """A drawn upload: what it is called and holds, and what importing it must give."""

    filename: str
    data: bytes
    valid: bool  # written to be valid and left undamaged: it must import
    # The facts and questions a whole import holds, where the file says (None for hostile text).
    counts: tuple[int, int] | None


# --- whole banks (YAML, JSON) ---------------------------------------------------------------


@st.composite
def bank_data(draw: st.DrawFn, bank_id: str = "fuzz") -> dict:
    """Draw a valid bank as data: sources, relations of every value type, facts, questions."""
    n_entities = draw(st.integers(1, 4))
    entities = [
        {
            "id": f"e{i}",
            "name": f"{draw(safe_text())} {i}",
            "type": draw(st.sampled_from(["base", "person"])),
        }
        for i in range(n_entities)
    ]
    relations = [
        {"id": "on", "kind": "date", "value_type": "date", "ask": "When was {subject}?",
         "statement": "{subject} was on {value}."},
        {"id": "count", "kind": "figure", "value_type": "quantity",
         "ask": "How many at {subject}?", "statement": "{subject} had {value}."},
        {"id": "link", "kind": "relation", "value_type": "entity", "ask": "Who is {subject} with?",
         "ask_reverse": "Who is with {value}?", "statement": "{subject} is with {value}."},
        {"id": "role", "kind": "actor", "value_type": "text", "ask": "What was {subject}?",
         "statement": "{subject} was {value}."},
    ]  # fmt: skip
    facts = []
    for i in range(draw(st.integers(0, 5))):
        relation = draw(st.sampled_from(relations))
        facts.append({"id": f"f{i}", "relation": relation["id"],
                      "subject": f"e{draw(st.integers(0, n_entities - 1))}",
                      "value": draw(_value(relation["value_type"], n_entities)),
                      "source": "s0", "sentence": draw(safe_text())})  # fmt: skip
    questions = [draw(_question(i)) for i in range(draw(st.integers(0 if facts else 1, 3)))]
    data = {
        "bank": {"id": bank_id, "title": draw(safe_text())},
        "sources": [{"id": "s0", "title": draw(safe_text())}],
        "relations": relations,
        "entities": entities,
        "facts": facts,
    }
    if questions:
        data["questions"] = questions
    return data


def _value(value_type: str, n_entities: int) -> st.SearchStrategy[dict]:
    if value_type == "date":
        day = st.dates(min_value=dt.date(1000, 1, 1))
        return st.one_of(
            day.map(lambda d: {"date": d.isoformat()}),
            day.map(lambda d: {"date": d.isoformat()[:7]}),
            st.integers(1000, 9999).map(lambda y: {"date": y}),
        )
    if value_type == "quantity":
        amount = st.one_of(
            st.integers(-(10**15), 10**15),
            st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
        )
        return st.builds(lambda a, u: {"number": a, "unit": u}, amount, WORD)
    if value_type == "entity":
        return st.integers(0, n_entities - 1).map(lambda i: {"entity": f"e{i}"})
    return safe_text().map(lambda t: {"text": t})


def _question(i: int) -> st.SearchStrategy[dict]:
    stem = safe_text(2)
    return st.one_of(
        st.builds(lambda s, a: {"id": f"q{i}", "type": "true_false", "stem": s, "answer": a},
                  stem, st.booleans()),
        st.builds(lambda s, n: {"id": f"q{i}", "type": "multiple_choice", "stem": s,
                                "options": [{"text": f"option {j}", "weight": 100 if j == 0 else 0}
                                            for j in range(n)]}, stem, st.integers(2, 5)),
        st.builds(lambda s, v, t: {"id": f"q{i}", "type": "numerical", "stem": s,
                                   "answers": [{"value": v, "tolerance": t}]},
                  stem, st.integers(-(10**6), 10**6), st.integers(0, 10)),
    )  # fmt: skip


def _leaves(node: object, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for i, value in enumerate(node) for leaf in _leaves(value, (*path, i))]
    return [path]


def _put(node: object, path: tuple, value: object) -> None:
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]


# How a drawn file is damaged: not at all (it must import), one bad character sneaked into a
# text, a huge number or date, or anything anywhere.
DAMAGES = ("none", "sneak", "huge", "any")
FORMATS = ("yaml", "json", "csv", "gift", "moodle-xml", "aiken")
FREE_TEXT = {"title", "name", "sentence", "stem", "text", "feedback", "general_feedback"}


@st.composite
def damaged_data(draw: st.DrawFn, data: dict, how: str = "any") -> dict:
    """Draw `data` with leaves replaced: one text sneaked, one value huge, or anything."""
    hostile = st.one_of(
        hostile_text(), st.sampled_from(HUGE), st.integers(), st.floats(), st.none(),
        st.booleans(), st.just([]), st.just({}), st.integers(10**15, 10**400),
    )  # fmt: skip
    leaves = _leaves(data)
    # Values (dates, numbers, answers) are where a bank does arithmetic: damage them most.
    values = [p for p in leaves if {"value", "answers", "options"} & set(map(str, p))] or leaves
    texts = [p for p in leaves if p[-1] in FREE_TEXT and isinstance(_get(data, p), str)]
    huge = st.one_of(st.integers(10**15, 10**400), st.sampled_from(HUGE))
    if how == "sneak" and texts:  # one bad character in a text that is otherwise fine
        path = draw(st.sampled_from(texts))
        _put(data, path, draw(sneaked(_get(data, path))))
    elif how == "huge":
        _put(data, draw(st.sampled_from(values)), draw(huge))
    else:
        for _ in range(draw(st.integers(1, 3))):
            _put(data, draw(st.sampled_from(values + leaves)), draw(st.one_of(huge, hostile)))
    return data


def _get(node: object, path: tuple) -> object:
    for key in path:
        node = node[key]  # type: ignore[index]
    return node


def sneaked(text: object) -> st.SearchStrategy[str]:
    """Return a strategy of `text` with one character that breaks uploads put somewhere in it."""
    base = str(text)
    return st.builds(
        lambda at, char: base[:at] + char + base[at:],
        st.integers(0, len(base)),
        st.one_of(st.sampled_from(WORST), st.sampled_from(ODD)),
    )


def _yaml_text(data: dict, flow: bool) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)


@st.composite
def bank_files(
    draw: st.DrawFn, name: str = "fuzz", fmt: str | None = None, how: str | None = None
) -> Upload:
    """Draw a YAML or JSON bank file (`fmt`, else either), damaged `how` (else any way)."""
    data = draw(bank_data(name))
    facts, questions = len(data["facts"]), len(data.get("questions", ()))
    how = how or draw(st.sampled_from(DAMAGES))
    damaged = how != "none"
    if damaged:
        data = draw(damaged_data(data, how))
    if (fmt or draw(st.sampled_from(["yaml", "json"]))) == "yaml":
        text = _yaml_text(data, draw(st.booleans()))
        filename = f"{name}.yaml"
    else:
        text = json.dumps(
            data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1]))
        )
        filename = f"{name}.json"
    data_bytes = text.encode("utf-8", "surrogatepass")
    return Upload(filename, data_bytes, not damaged, (facts, questions))


# --- CSV --------------------------------------------------------------------------------------

CSV_HEADER = ["kind", "subject", "subject_type", "relation", "relation_question", "statement",
              "value", "value_type", "unit", "source_title", "sentence"]  # fmt: skip


@st.composite
def csv_files(draw: st.DrawFn, name: str = "fuzz", how: str | None = None) -> Upload:
    """Draw a CSV file of facts (one per row, no fact ids), damaged `how` (else any way)."""
    rows = []
    for i in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["figure", "actor", "date"]))
        value = {
            "figure": st.integers(-(10**9), 10**9).map(str),
            "actor": safe_text(),
            "date": st.dates(min_value=dt.date(1000, 1, 1)).map(str),
        }[kind]
        rows.append({
            "kind": kind, "subject": f"{draw(safe_text())} {i}", "subject_type": "base",
            "relation": kind, "relation_question": "What of {subject}?",
            "statement": "{subject}: {value}.", "value": draw(value),
            "value_type": "", "unit": "troops" if kind == "figure" else "",
            "source_title": draw(safe_text()), "sentence": draw(safe_text()),
        })  # fmt: skip
    how = how or draw(st.sampled_from(DAMAGES))
    damaged = how != "none"
    if how == "sneak":
        row = draw(st.sampled_from(rows))
        column = draw(st.sampled_from(["subject", "sentence", "source_title", "statement"]))
        row[column] = draw(sneaked(row[column]))
    elif how == "huge":
        row = draw(st.sampled_from(rows))
        row["kind"], row["unit"], row["value"] = "figure", "troops", draw(st.sampled_from(HUGE))
        row["relation"] = "huge"
    elif damaged:
        for _ in range(draw(st.integers(1, 3))):
            row = draw(st.sampled_from(rows))
            column = draw(st.sampled_from(CSV_HEADER))
            row[column] = draw(
                st.one_of(sneaked(row[column]), hostile_text(), st.sampled_from(HUGE))
            )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))
    )
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([row[c] for c in CSV_HEADER])
    facts = sum(1 for r in rows if any(v.strip() for v in r.values())
                and not r["kind"].strip().startswith("#"))  # fmt: skip
    data = out.getvalue().encode("utf-8", "surrogatepass")
    return Upload(f"{name}.csv", data, not damaged, (facts, 0))


# --- GIFT -------------------------------------------------------------------------------------

_GIFT_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"})


def _gift_text(text: str) -> str:
    return text.translate(_GIFT_SPECIAL)


@st.composite
def gift_question(draw: st.DrawFn, i: int) -> str:
    """Draw one well-formed GIFT question of any supported kind."""
    title = f"::{_gift_text(draw(safe_text()))} {i}::" if draw(st.booleans()) else ""
    stem = _gift_text(draw(safe_text(2)))
    kind = draw(st.sampled_from(["tf", "mc", "short", "num", "match"]))
    if kind == "tf":
        answers = draw(st.sampled_from(["T", "F", "TRUE", "false", "T#no#yes"]))
    elif kind == "mc":
        wrong = " ".join(f"~wrong {j}" for j in range(draw(st.integers(1, 3))))
        answers = f"=right #{_gift_text(draw(safe_text()))} {wrong}"
    elif kind == "short":
        answers = " ".join(
            f"={_gift_text(draw(safe_text()))}" for _ in range(draw(st.integers(1, 3)))
        )
    elif kind == "num":
        answers = draw(st.sampled_from(["#5", "#5:1", "#1..9", "# =5:0 =%50%5:2 ~#no"]))
    else:
        answers = " ".join(f"=left {j} -> right {j}" for j in range(draw(st.integers(2, 4))))
    general = f"####{_gift_text(draw(safe_text()))}" if draw(st.booleans()) else ""
    return f"{title}{stem}{{{answers}{general}}}"


@st.composite
def gift_files(draw: st.DrawFn, name: str = "fuzz", how: str | None = None) -> Upload:
    """Draw a GIFT file of questions (comments, categories), damaged `how` (else any way)."""
    blocks = []
    count = draw(st.integers(1, 5))
    for i in range(count):
        lead = draw(st.sampled_from(["", "// a comment\n", "$CATEGORY: top/Fuzz\n\n"]))
        blocks.append(lead + draw(gift_question(i)))
    text = "\n\n".join(blocks) + "\n"
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", newline)
    how = how or draw(st.sampled_from(DAMAGES))
    damaged = how != "none"
    words = [i for i, char in enumerate(text) if char.isalpha()]
    if how == "sneak":  # one bad character inside a title, stem or answer
        at = draw(st.sampled_from(words))
        text = text[:at] + draw(st.sampled_from(WORST)) + text[at:]
    elif how == "huge":
        text += f"{newline}{newline}::Huge::How many?{{#{draw(st.sampled_from(HUGE))}}}{newline}"
    elif damaged:
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(text)))
            cut = draw(st.integers(0, 3))
            bad = draw(st.one_of(st.sampled_from(WORST), hostile_text(12)))
            text = text[:at] + bad + text[at + cut :]
    data = text.encode("utf-8", "surrogatepass")
    return Upload(f"{name}.gift", data, not damaged, None if damaged else (0, count))


# --- any format -------------------------------------------------------------------------------


@st.composite
def raw_files(draw: st.DrawFn, name: str = "fuzz") -> Upload:
    """Draw hostile text under any upload extension (sometimes invalid UTF-8 too)."""
    ext = draw(st.sampled_from(["yaml", "json", "csv", "gift", "txt", "xml", "aiken"]))
    text = draw(hostile_text(200))
    return Upload(f"{name}.{ext}", text.encode("utf-8", "surrogatepass"), False, None)


def upload_file(fmt: str, how: str, name: str = "fuzz") -> st.SearchStrategy[Upload]:
    """Return a strategy of uploads of one format damaged one way."""
    from upload_fuzz_questions import aiken_files, moodle_xml_files

    if fmt in ("yaml", "json"):
        return bank_files(name, fmt, how)
    if fmt in ("moodle-xml", "aiken"):
        return moodle_xml_files(name, how) if fmt == "moodle-xml" else aiken_files(name, how)
    return csv_files(name, how) if fmt == "csv" else gift_files(name, how)


def upload_files(name: str = "fuzz") -> st.SearchStrategy[Upload]:
    """Return a strategy of uploads of every format, valid, damaged or hostile."""
    from upload_fuzz_questions import aiken_files, moodle_xml_files

    return st.one_of(
        bank_files(name, "yaml"), bank_files(name, "json"), csv_files(name), gift_files(name),
        moodle_xml_files(name), aiken_files(name), raw_files(name),
    )  # fmt: skip
