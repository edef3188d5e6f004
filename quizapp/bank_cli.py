"""`flask bank ...` and `flask quiz ...`: validate, import and preview banks; sweep attempts."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from quizapp.engine.bank import Bank as EngineBank
from quizapp.engine.display import describe_answer, review_record
from quizapp.engine.errors import BankError
from quizapp.engine.loader import load_bank
from quizapp.engine.questions import REGISTRY
from quizapp.engine.quiz import build_quiz
from quizapp.engine.sweep import sweep as sweep_facts
from quizapp.services import attempts, banks

bank = AppGroup("bank", help="Validate, import and preview question banks.")
quiz = AppGroup("quiz", help="Housekeeping for quizzes and attempts.")

#: Where the banks shipped with the app live.
SHIPPED = Path(__file__).resolve().parent.parent / "question_bank"


def _load(path: str) -> EngineBank:
    try:
        return load_bank(path)
    except BankError as error:
        raise click.ClickException(f"{path} is not a valid bank:\n{error}") from None


@bank.command("validate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def validate(path: str) -> None:
    """Check a bank file and report every error with its line."""
    loaded = _load(path)
    kinds = ", ".join(f"{k}: {len(v)}" for k, v in sorted(loaded.facts_by_kind.items()))
    click.echo(f"{path}: valid; {len(loaded.facts)} facts ({kinds}).")


@bank.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_(path: str) -> None:
    """Import (or update) a bank from a file, published, with its practice quiz."""
    _load(path)  # report errors in the file's own terms before touching the database
    try:
        result = banks.import_bank_file(path)
    except banks.BankServiceError as error:
        raise click.ClickException(str(error)) from None
    if result.unchanged:
        click.echo(f"{result.slug}: unchanged (version {result.version}).")
    else:
        click.echo(f"{result.slug}: imported version {result.version}, {result.fact_count} facts.")


@bank.command("import-all")
def import_all() -> None:
    """Import every bank shipped in question_bank/ (new versions only when a file changed)."""
    for path in sorted(SHIPPED.glob("*.y*ml")) + sorted(SHIPPED.glob("*.json")):
        click.get_current_context().invoke(import_, path=str(path))


@bank.command("preview")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--type", "types", multiple=True, type=click.Choice(sorted(REGISTRY)))
@click.option("--count", default=10, show_default=True, type=click.IntRange(1, 200))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question per line.")
def preview(path: str, types: tuple[str, ...], count: int, seed: int, as_json: bool) -> None:
    """Print sample questions (a quiz as a student gets it) with their answers and sources."""
    questions = build_quiz(_load(path), count=count, seed=seed, types=list(types) or None)
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
@click.option("--seeds", default=5, show_default=True, type=click.IntRange(1, 100))
def sweep_bank(path: str, seeds: int) -> None:
    """Generate every type for every fact; print what the linter rejected and why, per type."""
    loaded = _load(path)
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


@quiz.command("sweep")
def sweep() -> None:
    """Close and grade attempts whose time ran out."""
    click.echo(f"Closed {attempts.sweep_overdue()} overdue attempt(s).")
