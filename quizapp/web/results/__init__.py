"""Results pages: an instructor's gradebooks and statistics, a learner's progress, charts."""

from __future__ import annotations

from quizapp.web.results import gradebook, progress

blueprints = (progress.bp, gradebook.bp)

__all__ = ["blueprints"]
