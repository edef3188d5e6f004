"""Reading uploads: YAML and JSON that keep each line, lines as editors count them, and errors."""

from __future__ import annotations

from quizapp.engine.parsing.errors import BankError, BankIssue
from quizapp.engine.parsing.lines import editor_lines

__all__ = [
    "BankError",
    "BankIssue",
    "editor_lines",
]
