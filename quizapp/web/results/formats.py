"""Formatting shared by the progress and results pages: local times, durations, percentages."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint
from flask_login import current_user


def _zone() -> dt.tzinfo:
    name = getattr(current_user, "timezone", None) or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def local_time(value: dt.datetime | None, fmt: str = "%d %b %Y, %H:%M") -> str:
    """Return a UTC time in the viewer's time zone ('' for None)."""
    return value.astimezone(_zone()).strftime(fmt) if value else ""


def duration_text(value: dt.timedelta | None) -> str:
    """Return a duration as "1 h 02 min", "12 min 5 s" or "40 s" ('—' for None)."""
    if value is None:
        return "—"
    seconds = max(int(value.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def percent(value: float | None, digits: int = 1) -> str:
    """Return a percentage rounded to `digits` places ('—' for None)."""
    return "—" if value is None else f"{value:.{digits}f}%"


def install(bp: Blueprint) -> None:
    """Make the formatters available to the templates of a blueprint's views."""

    @bp.context_processor
    def formatters() -> dict[str, Any]:
        return {"local_time": local_time, "duration_text": duration_text, "pct": percent}
