"""`flask bank ...` and `flask quiz sweep` as an instructor or admin runs them from the shell."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.bank import Bank, BankFact, BankVersion
from quizapp.models.types import utcnow
from quizapp.services import attempts

ROOT = Path(__file__).resolve().parents[2]
IRAQ = str(ROOT / "question_bank" / "iraq_withdrawal.yaml")


def test_validate_reports_counts_for_a_good_bank(runner, iraq_bank):
    result = runner.invoke(args=["bank", "validate", IRAQ])
    assert result.exit_code == 0, result.output
    assert f"valid; {len(iraq_bank.facts)} facts" in result.output


def test_validate_names_file_and_line_of_each_error(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "bank: {id: b, title: B}\n"
        "sources: [{id: s, title: S}]\n"
        "relations: []\n"
        "entities: []\n"
        "facts:\n"
        "  - {id: f, relation: nowhere, subject: nobody, value: {date: 2020-02-30},"
        " source: s, sentence: x}\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["bank", "validate", str(bad)])
    assert result.exit_code != 0
    assert re.search(r"bad\.yaml:6:\d+: .*nowhere", result.output), result.output


def test_import_twice_makes_one_version_and_a_practice_quiz(app, runner, iraq_bank):
    first = runner.invoke(args=["bank", "import", IRAQ])
    again = runner.invoke(args=["bank", "import", IRAQ])
    assert first.exit_code == 0 and "imported version 1" in first.output
    assert again.exit_code == 0 and "unchanged (version 1)" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BankVersion)) == 1
        assert db.session.scalar(select(func.count()).select_from(BankFact)) == len(
            iraq_bank.facts
        )
        assert db.session.scalar(select(Bank.status)) == "published"


def test_import_of_an_invalid_file_changes_nothing(app, runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: {id: b\n", encoding="utf-8")
    result = runner.invoke(args=["bank", "import", str(bad)])
    assert result.exit_code != 0 and "not a valid bank" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Bank)) == 0


def test_preview_prints_twenty_varied_sourced_questions(runner):
    result = runner.invoke(args=["bank", "preview", IRAQ, "--count", "20", "--seed", "1"])
    assert result.exit_code == 0, result.output
    blocks = re.split(r"\n(?=\d+\. \[)", result.output.strip())
    assert len(blocks) == 20
    assert all("Answer: " in b and "Source (" in b for b in blocks)
    types = {re.match(r"\d+\. \[(\w+)\]", b).group(1) for b in blocks}
    assert len(types) >= 5, types
    again = runner.invoke(args=["bank", "preview", IRAQ, "--count", "20", "--seed", "1"])
    assert again.output == result.output, "the same seed gives the same questions"


def test_preview_of_one_type(runner):
    result = runner.invoke(
        args=["bank", "preview", IRAQ, "--type", "numeric", "--count", "3", "--seed", "2"]
    )
    assert result.exit_code == 0
    assert result.output.count("[numeric]") == 3


def test_sweep_closes_attempts_whose_time_ran_out(app, runner, make_user, make_quiz):
    student = make_user()
    quiz = make_quiz(question_count=2, time_limit_minutes=5)
    with app.app_context():
        attempt_id = attempts.start_attempt(
            student.id, quiz.id, now=utcnow() - dt.timedelta(hours=1)
        )
    result = runner.invoke(args=["quiz", "sweep"])
    assert result.exit_code == 0 and "Closed 1 overdue attempt" in result.output
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "overdue"
