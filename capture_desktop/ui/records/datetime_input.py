"""Free-form date and dateTime input in the record editor, read as Capture reads it.

The tree accepts, in dateTime fields, what Capture's data-types page lists ("2003-01-02 6:15pm",
"January 2, 2003 11:15am -0700", ``now`` …) and sends the canonical form; ``meaning`` words
what a typed value stands for, so the user sees it before anything is sent. The reading itself
is the core's (``api.datetimes.read_capture_datetime``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from capture_desktop.api.datetimes import DateTimeInputError, read_capture_datetime

__all__ = ["TIME_TYPES", "DateTimeInputError", "canonical_time", "meaning"]

# dateTime only: date fields keep the strict YYYY-MM-DD the editor's validation asks for, so a
# day-first "31/12/1999" is refused rather than silently swapped.
TIME_TYPES = frozenset({"dateTime"})


def canonical_time(text: str, attr_type: str, *, now: datetime | None = None) -> str:
    """The canonical form Capture stores for ``text``; raises ``DateTimeInputError``."""
    kind: Any = "date" if attr_type == "date" else "dateTime"
    return read_capture_datetime(text, kind, now=now).canonical


def meaning(path: str, text: str, attr_type: str, *, now: datetime | None = None) -> str:
    """One line for the editor: what the typed value means, or why Capture would refuse it."""
    if text.strip() == "null":
        return f"{path}: null (cleared)"
    kind: Any = "date" if attr_type == "date" else "dateTime"
    try:
        reading = read_capture_datetime(text, kind, now=now)
    except DateTimeInputError as exc:
        return f"{path}: {exc}"
    if reading.canonical == text.strip():
        return f"{path}: {reading.canonical}"
    zone = "" if reading.zone_given or kind == "date" else " (no zone given: read as UTC)"
    return f"{path}: “{text.strip()}” means {reading.canonical}{zone}"
