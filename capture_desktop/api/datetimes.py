"""What a typed date or dateTime means to Capture, for the record editor to show before sending.

Capture's data-types page lists free-form input ("2003-01-02 6:15pm", "2 Jan 03 18:15:00.00",
"01-02-03 6:15pm", "January 2, 2003 11:15am -0700" all denote one instant) and its rules:
ambiguous dates read month-day-year, a value without a zone is UTC, and `today`,
`yesterday` and `now` are keywords. Output is Capture's canonical form
(`2003-01-02 18:15:00 +0000`, `2003-01-02` for dates). python-dateutil does the reading; an
unknown zone name is refused rather than silently taken as UTC. Qt-free.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from dateutil import parser as date_parser

__all__ = ["DateTimeInputError", "DateTimeReading", "read_capture_datetime"]

Kind = Literal["date", "dateTime"]


class DateTimeInputError(ValueError):
    """The text is not a date or dateTime Capture would accept; the message says why."""


@dataclass(frozen=True)
class DateTimeReading:
    instant: datetime  # aware, UTC
    canonical: str  # what Capture stores and returns
    zone_given: bool  # False when UTC was assumed


def _canonical(instant: datetime, kind: Kind) -> str:
    if kind == "date":
        return instant.date().isoformat()
    pattern = "%Y-%m-%d %H:%M:%S.%f +0000" if instant.microsecond else "%Y-%m-%d %H:%M:%S +0000"
    return instant.strftime(pattern)


def read_capture_datetime(
    text: str, kind: Kind = "dateTime", *, now: datetime | None = None
) -> DateTimeReading:
    """Read `text` as Capture would; raises `DateTimeInputError` when it would refuse it."""
    current = (now or datetime.now(UTC)).astimezone(UTC)
    stripped = text.strip()
    if not stripped:
        raise DateTimeInputError("empty: type a date, a time, or now, today or yesterday")
    if len(stripped) > 100:
        raise DateTimeInputError("too long to be a date")
    midnight = current.replace(hour=0, minute=0, second=0, microsecond=0)
    keyword = {"now": current, "today": midnight, "yesterday": midnight - timedelta(days=1)}
    if stripped.lower() in keyword:
        instant = keyword[stripped.lower()]
        return DateTimeReading(instant, _canonical(instant, kind), True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", date_parser.UnknownTimezoneWarning)
            parsed = date_parser.parse(
                stripped, default=midnight.replace(tzinfo=None), dayfirst=False, yearfirst=False
            )
    except date_parser.UnknownTimezoneWarning as exc:
        raise DateTimeInputError(f"unknown time zone name in {stripped!r}; use -0700") from exc
    except (ValueError, OverflowError) as exc:
        raise DateTimeInputError(f"not a date or time Capture reads: {stripped!r}") from exc
    zone_given = parsed.tzinfo is not None
    instant = parsed.astimezone(UTC) if zone_given else parsed.replace(tzinfo=UTC)
    return DateTimeReading(instant, _canonical(instant, kind), zone_given)
