"""Results: gradebooks and item statistics, by quiz or by class, their CSV exports, and progress."""

from __future__ import annotations

from quizapp.services.results.by_class import ClassReport, class_report
from quizapp.services.results.exports import csv_cell, gradebook_csv, items_csv
from quizapp.services.results.gradebook import (
    NotAllowed,
    ResultsError,
    gradebook,
    item_report,
    managed_page,
    managed_quiz,
    student_report,
)
from quizapp.services.results.progress import (
    WINDOW_ATTEMPTS,
    WINDOW_DAYS,
    dashboard_summary,
    history_page,
    mastery,
    missed_facts,
    practise_fact,
    practise_facts,
    score_series,
)

__all__ = [
    "WINDOW_ATTEMPTS",
    "WINDOW_DAYS",
    "ClassReport",
    "NotAllowed",
    "ResultsError",
    "class_report",
    "csv_cell",
    "dashboard_summary",
    "gradebook",
    "gradebook_csv",
    "history_page",
    "item_report",
    "items_csv",
    "managed_page",
    "managed_quiz",
    "mastery",
    "missed_facts",
    "practise_fact",
    "practise_facts",
    "score_series",
    "student_report",
]
