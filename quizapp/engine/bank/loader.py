"""Load a bank from YAML or JSON: whole and valid, or a BankError listing every problem.

Untrusted input is expected (uploads): sizes, nesting and YAML features are limited, and nothing
in a bank is ever run. Source texts are read from files only when a directory to read them from is
given. The inverse, `bank_to_dict` / `dump_bank_yaml`, lives in `dump.py` and is re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from quizapp.engine.bank.checks.meaning import meaning_problems
from quizapp.engine.bank.checks.rules import RuleChecker, parse_value
from quizapp.engine.bank.checks.schema import schema_issues
from quizapp.engine.bank.dump import bank_to_dict, dump_bank_yaml
from quizapp.engine.bank.fixed import fixed_from_dict
from quizapp.engine.bank.loaded import Bank, BankInfo
from quizapp.engine.bank.model import Claim, Entity, Fact, Relation, Source
from quizapp.engine.parsing.errors import (
    BankError,
    BankIssue,
    JsonPath,
    Positions,
    check_item_count,
    issue_at,
)
from quizapp.engine.parsing.json_pos import parse_json
from quizapp.engine.parsing.lines import unstorable_texts
from quizapp.engine.parsing.yaml_safe import parse_yaml

__all__ = [
    "MAX_BANK_BYTES",
    "MAX_DEPTH",
    "bank_to_dict",
    "decode_text",
    "dump_bank_yaml",
    "load_bank",
    "load_bank_text",
    "parse_bank_data",
]

MAX_BANK_BYTES = 5_000_000
MAX_DEPTH = 32
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def load_bank(
    path: str | Path, *, max_bytes: int = MAX_BANK_BYTES, max_depth: int = MAX_DEPTH
) -> Bank:
    """Load a bank file (.yaml, .yml or .json); source files are read relative to it."""
    path = Path(path)
    name = str(path)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise _file_error(name, "expected a .yaml, .yml or .json bank file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _file_error(name, f"the file is {size:,} bytes; expected at most {max_bytes:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise _file_error(name, f"cannot read the file: {exc.strerror or exc}") from None
    return _load(data, name, fmt, path.parent, None, max_bytes, max_depth, confine=False)


def load_bank_text(
    data: str | bytes,
    *,
    filename: str,
    fmt: Literal["yaml", "json"] | None = None,
    base_dir: Path | None = None,
    source_texts: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BANK_BYTES,
    max_depth: int = MAX_DEPTH,
    max_items: int | None = None,
) -> Bank:
    """Load a bank from uploaded text or bytes.

    The format comes from `fmt`, else from the filename's extension, else from the first
    character ('{' or '[' means JSON). `source_texts` maps a source id (or its `file` value) to
    its text. Files are read only when `base_dir` is given, and only from inside it. With
    `max_items`, more facts and questions than that are refused before they are checked.
    """
    if fmt is None:
        fmt = _guess_format(filename, data)
    return _load(
        data, filename, fmt, base_dir, source_texts, max_bytes, max_depth, confine=True,
        max_items=max_items,
    )  # fmt: skip


def parse_bank_data(
    data: Any,
    *,
    filename: str,
    positions: Positions | None = None,
    source_texts: Mapping[str, str] | None = None,
    base_dir: Path | None = None,
) -> Bank:
    """Validate already-parsed bank data (e.g. built by an importer) and build the Bank.

    `positions` maps a path such as ('facts', 3, 'value') to its (line, column) in the file the
    data came from, so that errors point there.
    """
    return _parse(data, filename, positions, source_texts, base_dir, confine=True)


def _file_error(filename: str, message: str) -> BankError:
    return BankError([BankIssue(filename, None, None, "", message)])


def _guess_format(filename: str, data: str | bytes) -> Literal["yaml", "json"]:
    suffix = Path(filename).suffix.lower()
    if suffix in _SUFFIXES:
        return "json" if _SUFFIXES[suffix] == "json" else "yaml"
    head = data[:1024].lstrip()
    first = head[:1].decode("latin-1") if isinstance(head, bytes) else head[:1]
    return "json" if first in ("{", "[") else "yaml"


def decode_text(data: str | bytes, filename: str, max_bytes: int = MAX_BANK_BYTES) -> str:
    """Return uploaded bytes as text: size-checked, UTF-8 (a BOM is dropped), or a BankError."""
    return _decode(data, filename, max_bytes)


def _decode(data: str | bytes, filename: str, max_bytes: int) -> str:
    if isinstance(data, str):
        size = len(data.encode("utf-8")) if len(data) <= max_bytes else len(data)
    else:
        size = len(data)
    if size > max_bytes:
        raise _file_error(filename, f"the file is {size:,} bytes; expected at most {max_bytes:,}")
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        message = (
            f"expected UTF-8 text: byte 0x{data[start]:02x} at offset {start} is not valid UTF-8 "
            "(save the file as UTF-8)"
        )
        raise BankError([BankIssue(filename, line, column, "", message)]) from None


def _load(
    data: str | bytes,
    filename: str,
    fmt: str,
    base_dir: Path | None,
    source_texts: Mapping[str, str] | None,
    max_bytes: int,
    max_depth: int,
    *,
    confine: bool,
    max_items: int | None = None,
) -> Bank:
    text = _decode(data, filename, max_bytes)
    parse = parse_json if fmt == "json" else parse_yaml
    parsed, positions = parse(text, filename=filename, max_depth=max_depth)
    if max_items is not None:
        check_item_count(parsed, filename, positions, max_items)
    return _parse(parsed, filename, positions, source_texts, base_dir, confine=confine)


def _read_source_file(base_dir: Path, file: str, *, confine: bool) -> tuple[str | None, str | None]:
    """Return (text, None) or (None, what went wrong)."""
    base = base_dir.resolve()
    target = (base / file).resolve()
    if confine and (Path(file).is_absolute() or not target.is_relative_to(base)):
        return None, f"expected a path inside the bank's folder, got {file!r}"
    try:
        size = target.stat().st_size
        if size > MAX_BANK_BYTES:
            limit = f"{MAX_BANK_BYTES:,}"
            return None, f"source file {file!r} is {size:,} bytes; expected {limit} at most"
        raw = target.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, f"cannot read source file {file!r} ({reason}; paths are relative to the bank)"
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        return None, f"source file {file!r} is not UTF-8 (bad byte at offset {exc.start})"


def _source_texts(
    data: Any,
    filename: str,
    positions: Positions | None,
    given: Mapping[str, str],
    base_dir: Path | None,
    confine: bool,
) -> tuple[dict[str, str], dict[str, str], list[BankIssue]]:
    """Return (texts by source id, file by source id, problems reading files)."""
    texts: dict[str, str] = {}
    files: dict[str, str] = {}
    issues: list[BankIssue] = []
    sources = data.get("sources") if isinstance(data, dict) else None
    for i, source in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(source, dict) or not isinstance(source.get("id"), str):
            continue
        sid, file = source["id"], source.get("file")
        if isinstance(file, str):
            files[sid] = file
        if sid in given:
            texts[sid] = given[sid]
        elif isinstance(file, str) and file in given:
            texts[sid] = given[file]
        elif isinstance(file, str) and file.strip() and base_dir is not None:
            text, problem = _read_source_file(base_dir, file, confine=confine)
            if text is not None:
                texts[sid] = text
            else:
                issues.append(issue_at(filename, positions, ("sources", i, "file"), str(problem)))
    return texts, files, issues


def _covered(path: JsonPath, schema_paths: set[JsonPath]) -> bool:
    return any(path[:end] in schema_paths for end in range(len(path) + 1))


def _parse(
    data: Any,
    filename: str,
    positions: Positions | None,
    source_texts: Mapping[str, str] | None,
    base_dir: Path | None,
    *,
    confine: bool,
) -> Bank:
    found = schema_issues(data, filename=filename, positions=positions)
    issues = [issue for issue, _ in found]
    issues += [issue_at(filename, positions, p, m) for p, m in unstorable_texts(data)]
    schema_paths = {path for _, path in found}
    texts: dict[str, str] = {}
    files: dict[str, str] = {}
    if isinstance(data, dict):
        texts, files, file_issues = _source_texts(
            data, filename, positions, source_texts or {}, base_dir, confine
        )
        issues.extend(file_issues)
        for path, message in RuleChecker(data, texts, files).run():
            if not _covered(path, schema_paths):
                issues.append(issue_at(filename, positions, path, message))
    if issues:
        raise BankError(issues)
    bank = _build(data, texts, files)
    index = {f["id"]: i for i, f in enumerate(data.get("facts") or ())}
    meaning = [issue_at(filename, positions, p, m) for p, m in meaning_problems(bank, index)]
    if meaning:
        raise BankError(meaning)
    return bank


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _attribute(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _build(data: dict[str, Any], texts: Mapping[str, str], files: Mapping[str, str]) -> Bank:
    """Build the Bank from data that passed every check."""
    info = data["bank"]
    sources = {
        s["id"]: Source(s["id"], s["title"], _text(s.get("origin")), texts.get(s["id"]),
                        files.get(s["id"]))
        for s in data.get("sources") or ()
    }  # fmt: skip
    entities = {
        e["id"]: Entity(
            id=e["id"],
            name=e["name"],
            type=e["type"],
            aliases=tuple(e.get("aliases") or ()),
            attributes={k: _attribute(v) for k, v in (e.get("attributes") or {}).items()},
            description=_text(e.get("description")),
            article=_text(e.get("article")),
        )
        for e in data.get("entities") or ()
    }
    relations = {
        r["id"]: Relation(
            id=r["id"],
            kind=r["kind"],
            value_type=r["value_type"],
            ask=r["ask"],
            statement=r["statement"],
            ask_reverse=r.get("ask_reverse"),
            subject_type=r.get("subject_type"),
            entity_type=r.get("entity_type"),
            values=r.get("values") or "many",
            subjects=r.get("subjects"),
            closed=bool(r.get("closed", False)),
            importance=r.get("importance") or "normal",
            label=r.get("label"),
            match_prompt=r.get("match_prompt"),
            typed_answers=bool(r.get("typed_answers", False)),
        )
        for r in data.get("relations") or ()
    }
    facts = {}
    for f in data.get("facts") or ():
        claims = [Claim(parse_value(f["value"]), f["source"], f["sentence"])]
        claims += [
            Claim(parse_value(c["value"]), c["source"], c["sentence"])
            for c in f.get("disputed_by") or ()
        ]
        facts[f["id"]] = Fact(
            id=f["id"],
            kind=relations[f["relation"]].kind,
            relation=f["relation"],
            subject=f["subject"],
            claims=tuple(claims),
            ask=f.get("ask"),
            ask_reverse=f.get("ask_reverse"),
            statement=f.get("statement"),
            note=_text(f.get("note")),
            distractors=tuple(parse_value(d) for d in f.get("distractors") or ()),
            label=f.get("label"),
            importance=f.get("importance"),
        )
    bank_info = BankInfo(
        id=info["id"],
        title=info["title"],
        subject=_text(info.get("subject")),
        description=_text(info.get("description")),
        language=info.get("language") or "en",
    )
    questions = {q["id"]: fixed_from_dict(q) for q in data.get("questions") or ()}
    return Bank(bank_info, sources, entities, relations, facts, questions)
