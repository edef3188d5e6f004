"""The learner's time zone: where their day starts (scheduling itself stays in UTC)."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from quizapp.extensions import db
from quizapp.models.user import User

#: The zone of learners who never chose one (and whose browser has not told us theirs).
DEFAULT_TIMEZONE = "UTC"


class TimezoneError(Exception):
    """The time zone cannot be used; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@functools.cache
def timezone_names() -> tuple[str, ...]:
    """Return every IANA time zone name, sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_for(name: str | None) -> zoneinfo.ZoneInfo:
    """Return the zone called `name`, or UTC when it is unknown."""
    if name and name in timezone_names():
        return zoneinfo.ZoneInfo(name)
    return zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)


def day_bounds(zone: zoneinfo.ZoneInfo, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Return the UTC start and end of the local day containing `now`."""
    local = now.astimezone(zone)
    start = dt.datetime.combine(local.date(), dt.time(), tzinfo=zone)
    end = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def set_timezone(user_id: int, name: str) -> str:
    """Set the learner's time zone (an IANA name); return it."""
    name = name.strip()
    if name not in timezone_names():
        raise TimezoneError("Choose a time zone from the list.")
    user = _user(user_id)
    user.timezone = name
    db.session.commit()
    return name


def adopt_browser_timezone(user_id: int, name: str) -> bool:
    """Use the browser's time zone if the learner never chose one; tell whether it changed."""
    user = _user(user_id)
    name = name.strip()
    if user.timezone != DEFAULT_TIMEZONE or name == user.timezone or name not in timezone_names():
        db.session.rollback()
        return False
    user.timezone = name
    db.session.commit()
    return True


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise TimezoneError("No such user.")
    return user
