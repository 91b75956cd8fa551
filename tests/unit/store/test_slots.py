"""SlotStore: non-secret slot metadata on disk."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from capture_desktop.store.slots import SlotFileCorrupt, SlotNotFound, SlotStore, TokenSlot


def test_round_trip_with_aware_datetimes(tmp_path: Path) -> None:
    store = SlotStore(tmp_path / "slots.json")
    when = datetime(2026, 1, 1, 12, tzinfo=UTC)
    slot = TokenSlot("s1", "alice", "Prod", "access", "uuid-1", "a@x", "cid", "user", when)
    store.put(slot)
    assert SlotStore(store.path).get("s1") == slot
    text = store.path.read_text()
    assert "2026-01-01T12:00:00+00:00" in text
    assert SlotStore(store.path).list("Other") == []
    store.delete("s1")
    with pytest.raises(SlotNotFound):
        store.get("s1")


@pytest.mark.parametrize(
    "entry",
    [
        {"slot_id": "s", "label": "l", "profile": "p", "kind": "weird"},
        {"slot_id": "s", "label": "l", "profile": "p", "kind": "access", "state": "zombie"},
        {
            "slot_id": "s",
            "label": "l",
            "profile": "p",
            "kind": "access",
            "expires_at": "2026-01-01",
        },
        {"label": "l", "profile": "p", "kind": "access"},
    ],
)
def test_invalid_entries_are_kept_aside(tmp_path: Path, entry: dict[str, object]) -> None:
    path = tmp_path / "slots.json"
    path.write_text(json.dumps({"version": 1, "slots": [entry]}))
    with pytest.raises(SlotFileCorrupt) as info:
        SlotStore(path).load()
    assert info.value.kept_at.exists() and not path.exists()
