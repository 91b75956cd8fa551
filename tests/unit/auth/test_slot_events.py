"""SlotEvents: subscribers hear each real state change once; a failing one breaks nothing."""

from __future__ import annotations

import logging

import pytest

from capture_desktop.auth.slot_events import SlotEvents
from capture_desktop.store.slots import SlotState


def test_a_state_is_told_once_per_change() -> None:
    events = SlotEvents()
    heard: list[tuple[str, SlotState]] = []
    events.subscribe(lambda slot_id, state: heard.append((slot_id, state)))

    for state in ("valid", "valid", "refreshing", "refreshing", "valid"):
        events.state_is("s1", state)  # type: ignore[arg-type]
    events.state_is("s2", "valid")

    assert heard == [("s1", "valid"), ("s1", "refreshing"), ("s1", "valid"), ("s2", "valid")]


def test_a_forgotten_slot_is_news_again() -> None:
    events = SlotEvents()
    heard: list[tuple[str, SlotState]] = []
    events.subscribe(lambda slot_id, state: heard.append((slot_id, state)))
    events.state_is("s1", "valid")

    events.forget("s1")
    events.state_is("s1", "valid")

    assert heard == [("s1", "valid"), ("s1", "valid")]


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events = SlotEvents()
    heard: list[str] = []

    def broken(*args: object) -> None:
        raise RuntimeError("subscriber bug")

    events.subscribe(broken)
    events.subscribe(lambda slot_id, state: heard.append(state))
    events.subscribe_slots(broken)
    events.subscribe_slots(lambda: heard.append("slots"))

    with caplog.at_level(logging.ERROR, logger="capture_desktop.auth.slot_events"):
        events.state_is("s1", "expiring")
        events.slots_changed()

    assert heard == ["expiring", "slots"]
    assert [r.getMessage() for r in caplog.records] == [
        "token-state subscriber failed",
        "slot-change subscriber failed",
    ]


def test_unsubscribed_callbacks_hear_nothing() -> None:
    events = SlotEvents()
    heard: list[str] = []
    stop_states = events.subscribe(lambda slot_id, state: heard.append(state))
    stop_slots = events.subscribe_slots(lambda: heard.append("slots"))

    stop_states()
    stop_slots()
    events.state_is("s1", "valid")
    events.slots_changed()

    assert heard == []
