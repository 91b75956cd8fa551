"""Capture's timestamp formats: `2016-03-13 19:39:17.856608 +0000` for system times,
`2016-03-13 19:39:17 +0000` for other dateTime values and `2016-03-13` for dates."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone

from dateutil import parser as date_parser

_DATETIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def system_timestamp(epoch: float) -> str:
    """Created/lastUpdated: always with microseconds."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S.%f +0000")


def format_datetime(value: datetime) -> str:
    value = value.astimezone(UTC)
    if value.microsecond:
        return value.strftime("%Y-%m-%d %H:%M:%S.%f +0000")
    return value.strftime("%Y-%m-%d %H:%M:%S +0000")


def parse_datetime(text: str, now: float | None = None) -> datetime | None:
    """Parse the forms Capture accepts that clients actually send; `None` when unparsable.
    A value without a zone is UTC, as Capture reads it."""
    stripped = text.strip()
    if now is not None and stripped.lower() in ("now", "today", "yesterday"):
        current = datetime.fromtimestamp(now, UTC)
        if stripped.lower() == "now":
            return current
        midnight = current.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=1) if stripped.lower() == "yesterday" else midnight
    match = _DATETIME_RE.match(stripped)
    if match is None:
        return parse_free_form(stripped, now)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        tz = UTC if zone in (None, "Z") else _offset(zone)
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError:
        return None


def _offset(zone: str) -> timezone:
    digits = zone.replace(":", "")
    sign = -1 if digits[0] == "-" else 1
    hours, minutes = int(digits[1:3]), int(digits[3:5])
    if hours > 23 or minutes > 59:
        raise ValueError("zone offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def same_instant(given: str, stored: str) -> bool:
    """Optimistic checks: equal text, or the same instant written another way."""
    if given.strip() == stored:
        return True
    left, right = parse_datetime(given), parse_datetime(stored)
    return left is not None and left == right


def parse_free_form(text: str, now: float | None = None) -> datetime | None:
    """The other forms Capture's data-types page lists ("2 Jan 03 18:15:00.00",
    "January 2, 2003 11:15am -0700"...), read by python-dateutil with the page's rules:
    ambiguous dates are month-day-year, a missing zone is UTC, a missing time is midnight
    and a missing date is today (UTC). An unknown zone name is refused, not guessed."""
    if not text or len(text) > 100:
        return None
    base = datetime.fromtimestamp(now, UTC) if now is not None else datetime.now(UTC)
    default = base.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", date_parser.UnknownTimezoneWarning)
            parsed = date_parser.parse(text, default=default, dayfirst=False, yearfirst=False)
    except (ValueError, OverflowError, date_parser.UnknownTimezoneWarning):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
