"""The Qt-free helper the record editor uses to show what a typed dateTime means."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from capture_desktop.api.datetimes import DateTimeInputError, read_capture_datetime

NOW = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2003-01-02 6:15pm",
        "2 Jan 03 18:15:00.00",
        "01-02-03 6:15pm",
        "January 2, 2003 11:15am -0700",
    ],
)
def test_documented_forms(text: str) -> None:
    reading = read_capture_datetime(text, now=NOW)
    assert reading.canonical == "2003-01-02 18:15:00 +0000"
    assert reading.instant == datetime(2003, 1, 2, 18, 15, tzinfo=UTC)
    assert reading.zone_given == text.endswith("-0700")


def test_keywords_and_defaults() -> None:
    assert read_capture_datetime("now", now=NOW).canonical == "2026-12-06 10:30:00 +0000"
    assert read_capture_datetime("today", now=NOW).canonical == "2026-12-06 00:00:00 +0000"
    assert read_capture_datetime("yesterday", now=NOW).canonical == "2026-12-05 00:00:00 +0000"
    assert read_capture_datetime("6:15pm", now=NOW).canonical == "2026-12-06 18:15:00 +0000"
    assert read_capture_datetime("2003-01-02", kind="date", now=NOW).canonical == "2003-01-02"


@pytest.mark.parametrize("text", ["", "yesterday-ish", "31/31/1999", "3pm EST"])
def test_refusals_say_why(text: str) -> None:
    with pytest.raises(DateTimeInputError) as info:
        read_capture_datetime(text, now=NOW)
    assert str(info.value)
