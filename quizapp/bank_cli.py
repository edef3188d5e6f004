"""`flask bank ...` and `flask quiz ...`: validate, import and preview banks; sweep attempts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import click
from flask.cli import AppGroup

from quizapp.engine.bank import MAX_BANK_BYTES, load_bank, load_bank_text
from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.importers import UPLOAD_FORMATS, UploadFormat, parse_upload, upload_format
from quizapp.engine.parsing import BankError
from quizapp.engine.questions import REGISTRY, describe_answer, review_record
from quizapp.engine.quiz import build_quiz
from quizapp.engine.sweep import sweep as sweep_facts
from quizapp.services import attempts, banks

bank = AppGroup("bank", help="Validate, import, preview and export question banks.")
quiz = AppGroup("quiz", help="Housekeeping for quizzes and attempts.")

#: Where the banks shipped with the app live.
SHIPPED = Path(__file__).resolve().parent.parent / "question_bank"
ADDING = ("csv", "gift", "moodle-xml", "aiken")  # formats whose file adds to a bank

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(UPLOAD_FORMATS),
    help="The file's format, when its extension does not say it (.yaml, .yml, .json, .csv, "
    ".gift, .txt, .xml, .aiken).",
)


def _format(path: str, fmt: str | None) -> UploadFormat:
    found = fmt or upload_format(path)
    if found is None:
        raise click.ClickException(
            f"{path}: cannot tell the format from the extension; give --format "
            f"({', '.join(UPLOAD_FORMATS)})"
        )
    return cast(UploadFormat, found)


def _load(path: str, fmt: str | None = None, base: EngineBank | None = None) -> EngineBank:
    """Return the bank a file holds in any upload format (a CSV, GIFT ... file adds to `base`)."""
    kind = _format(path, fmt)
    try:
        if kind in ("yaml", "json"):
            # Source files the bank names are read beside it.
            if fmt is None:
                return load_bank(path)
            text = Path(path).read_bytes()
            return load_bank_text(text, filename=path, fmt=kind, base_dir=Path(path).parent)
        data = Path(path).read_bytes()
        return parse_upload(data, Path(path).name, max_bytes=MAX_BANK_BYTES, base=base, fmt=kind)
    except BankError as error:
        raise click.ClickException(f"{path} is not a valid bank:\n{error}") from None


def _counts(loaded: EngineBank) -> str:
    kinds = ", ".join(f"{k}: {len(v)}" for k, v in sorted(loaded.facts_by_kind.items()))
    text = f"{len(loaded.facts)} facts" + (f" ({kinds})" if kinds else "")
    if loaded.questions:
        text += f", {len(loaded.questions)} hand-written questions"
    return text


@bank.command("validate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@format_option
def validate(path: str, fmt: str | None) -> None:
    """Check a bank file (any upload format) and report every error with its line."""
    click.echo(f"{path}: valid; {_counts(_load(path, fmt))}.")


@bank.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@format_option
@click.option(
    "--bank",
    "target",
    help="The bank (by id) a CSV, GIFT, Moodle XML or Aiken file adds to; by default the one "
    "with the id the file gives (its #id row, else its name), if there is one.",
)
def import_(path: str, fmt: str | None, target: str | None) -> None:
    """Import (or update) a bank from a file, published, with its practice quiz."""
    loaded = _load(path, fmt)  # report errors in the file's own terms before touching the database
    kind = _format(path, fmt)
    if kind in ADDING:
        stored = banks.stored_bank(target or loaded.info.id)
        if stored is None and target:
            raise click.ClickException(f"There is no bank with id {target!r} to add to.")
        if stored is not None:
            loaded = _load(path, fmt, base=stored[1])
    try:
        result = banks.import_bank(loaded, owner_id=None, source_format=kind, publish=True,
                                   note=f"Imported {Path(path).name[:200]}")  # fmt: skip
    except banks.BankServiceError as error:
        raise click.ClickException(str(error)) from None
    if result.unchanged:
        click.echo(f"{result.slug}: unchanged (version {result.version}).")
    else:
        click.echo(
            f"{result.slug}: imported version {result.version}, {result.fact_count} facts"
            + (f", {len(loaded.questions)} hand-written questions." if loaded.questions else ".")
        )


@bank.command("import-all")
def import_all() -> None:
    """Import every bank shipped in question_bank/ (new versions only when a file changed)."""
    for path in sorted(SHIPPED.glob("*.y*ml")) + sorted(SHIPPED.glob("*.json")):
        click.get_current_context().invoke(import_, path=str(path))


@bank.command("preview")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@format_option
@click.option("--type", "types", multiple=True, type=click.Choice(sorted(REGISTRY)))
@click.option("--count", default=10, show_default=True, type=click.IntRange(1, 200))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question per line.")
def preview(
    path: str, fmt: str | None, types: tuple[str, ...], count: int, seed: int, as_json: bool
) -> None:
    """Print sample questions (a quiz as a student gets it) with their answers and sources."""
    questions = build_quiz(_load(path, fmt), count=count, seed=seed, types=list(types) or None)
    if not questions:
        click.echo(f"{path}: no questions can be made from this bank (see `flask bank sweep`).")
        return
    if as_json:
        for question in questions:
            click.echo(json.dumps(review_record(question), ensure_ascii=False))
        return
    for number, question in enumerate(questions, start=1):
        click.echo(f"\n{number}. [{question.type}] {question.stem}")
        for option in question.options:
            click.echo(f"   {option.id}) {option.label}")
        for option in question.right_options:
            click.echo(f"   {option.id}. {option.label}")
        click.echo(f"   Answer: {describe_answer(question)}")
        if question.contested:
            click.echo("   Note: the sources differ on this fact.")
        for source in question.sources:
            click.echo(f"   Source ({source.source_title}): {source.sentence}")


@bank.command("sweep")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@format_option
@click.option("--seeds", default=5, show_default=True, type=click.IntRange(1, 100))
def sweep_bank(path: str, fmt: str | None, seeds: int) -> None:
    """Generate every type for every fact; print what the linter rejected and why, per type."""
    loaded = _load(path, fmt)
    report = sweep_facts(loaded, seeds)
    click.echo(f"{path}: {report.facts} facts, {seeds} seed(s) per fact and type.")
    click.echo(f"{'type':<16} {'askable facts':>13} {'generated':>10} {'rejected':>9}  why")
    for name, row in report.by_type.items():
        why = ", ".join(f"{reason} {n}" for reason, n in row.reasons.most_common())
        click.echo(f"{name:<16} {row.askable:>13} {row.generated:>10} {row.dropped:>9}  {why}")
    click.echo(f"Facts no type asks (flashcards only): {len(report.unaskable)}")
    for fact_id in report.unaskable:
        fact = loaded.facts[fact_id]
        click.echo(f"  {fact_id} ({fact.relation}, {loaded.relations[fact.relation].value_type})")


@bank.command("export")
@click.argument("bank_id", metavar="BANK")
@click.option(
    "--format", "fmt", required=True, type=click.Choice(banks.EXPORT_FORMATS),
    help="yaml: the whole bank; csv: its facts as a spreadsheet; gift, moodle-xml: its "
    "hand-written questions for Moodle; apkg: an Anki deck.",
)  # fmt: skip
@click.option(
    "--sample", default=0, show_default=True, type=click.IntRange(0, banks.MAX_SAMPLE),
    help="Also export this many generated questions, frozen as hand-written ones (gift, "
    "moodle-xml).",
)  # fmt: skip
@click.option("--seed", default=1, show_default=True, type=int, help="Which sample to draw.")
@click.option(
    "--cloze", is_flag=True,
    help="Also put a cloze card in the deck for each fact whose source sentence makes a good "
    "cloze (apkg).",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True),
    help="Where to write the file ('-' for standard output); by default BANK.<format> here.",
)  # fmt: skip
def export(
    bank_id: str, fmt: str, sample: int, seed: int, cloze: bool, output: str | None
) -> None:
    """Export a stored bank (by id) or a bank file in one format."""
    if cloze and fmt != "apkg":
        raise click.UsageError("--cloze goes with --format apkg (cloze cards are Anki's).")
    stored = banks.stored_bank(bank_id)
    if stored is not None:
        loaded, slug, title = stored[1], stored[0].slug, stored[0].title
    elif Path(bank_id).is_file():
        loaded = _load(bank_id)
        slug, title = loaded.info.id, loaded.info.title
    else:
        raise click.ClickException(f"There is no bank with id {bank_id!r} (nor such a file).")
    kind = cast(banks.ExportFormat, fmt)
    try:
        result = banks.export(
            loaded, kind, slug=slug, title=title, sample=sample, seed=seed, cloze=cloze
        )
    except banks.ExportError as error:
        raise click.ClickException(error.message) from None
    for note in result.notes:
        click.echo(note, err=True)
    if output == "-":
        click.echo(result.data.decode(), nl=False)
        return
    target = Path(output or result.filename)
    target.write_bytes(result.data)
    click.echo(f"Wrote {target} ({len(result.data):,} bytes).", err=True)


@quiz.command("sweep")
def sweep() -> None:
    """Close and grade attempts whose time ran out."""
    click.echo(f"Closed {attempts.sweep_overdue()} overdue attempt(s).")
