"""Template filters that say numbers and times as a person reads them.

Times are stored in UTC and shown in the viewer's time zone (their setting, which the browser
fills in on first use); counts agree with their noun ("1 minute", "2 minutes").
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from flask import Flask
from flask_login import current_user
from markupsafe import Markup, escape

from quizapp.services.timezones import zone_for


def viewer_zone() -> zoneinfo.ZoneInfo:
    """Return the logged-in user's time zone (UTC for visitors)."""
    name = current_user.timezone if current_user.is_authenticated else None
    return zone_for(name)


def counted(number: int | float, word: str, plural: str | None = None) -> str:
    """Return '1 minute' or '3 minutes' (or the given plural)."""
    noun = word if number == 1 else (plural or word + "s")
    return f"{number:g} {noun}" if isinstance(number, float) else f"{number} {noun}"


def local_time(value: dt.datetime | None, with_zone: bool = True) -> Markup:
    """Return a <time> element with the moment in the viewer's zone, e.g. 2026-03-01 09:00 CET."""
    if value is None:
        return Markup("—")
    local = value.astimezone(viewer_zone())
    text = local.strftime("%Y-%m-%d %H:%M") + (f" {local.tzname()}" if with_zone else "")
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), escape(text))


def local_input(value: dt.datetime | None) -> str:
    """Return the moment as a datetime-local field's value, in the viewer's zone."""
    return value.astimezone(viewer_zone()).strftime("%Y-%m-%dT%H:%M") if value else ""


#: Citation markers copied with a sentence from an encyclopedia: [17], [citation needed].
CITATION = re.compile(r"\[(?:\d{1,3}|citation needed|note \d+)\]")


def quoted(sentence: str) -> str:
    """Return a source sentence for display, without citation markers (the bank keeps them)."""
    return " ".join(CITATION.sub("", sentence).split())


def duration(seconds: int | None) -> str:
    """Return '12 minutes 5 seconds', '1 hour 3 minutes' or '40 seconds'."""
    if seconds is None:
        return "—"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "hour"), (minutes, "minute")] + ([] if hours else [(secs, "second")])
    said = [counted(n, word) for n, word in parts if n]
    return " ".join(said[:2]) or "0 seconds"


def points(value: float | None) -> str:
    """Return a score without false precision: 5.42, 5.4, 5 (never 5.41666)."""
    if value is None:
        return "—"
    return f"{round(value, 2):g}"


def init_formatting(app: Flask) -> None:
    """Register the filters on `app`'s templates."""
    app.add_template_filter(counted, "counted")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(points, "points")
    app.add_template_filter(quoted, "quoted")
    app.add_template_filter(duration, "duration")
    app.jinja_env.globals.update(viewer_zone=viewer_zone)
