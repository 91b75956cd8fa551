"""SlotStore: non-secret slot metadata on disk."""

from __future__ import annotations

import dataclasses
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


def test_a_session_only_slot_survives_another_process_writing_the_file(tmp_path: Path) -> None:
    # No keyring: the user kept a token in memory. Another process (a script) then saves a
    # slot; re-reading the file must not lose the memory-only slot, which is never on disk.
    ours = SlotStore(tmp_path / "slots.json")
    when = datetime(2026, 1, 1, 12, tzinfo=UTC)
    memory = TokenSlot("m1", "alice", "Prod", "access", "uuid-1", "a@x", "cid", "user", when)
    memory = dataclasses.replace(memory, session_only=True)
    ours.put(memory)
    SlotStore(ours.path).put(dataclasses.replace(memory, slot_id="d1", session_only=False))
    assert ours.changed_on_disk()
    ours.load()
    assert ours.get("m1") == memory
    assert ours.get("d1").slot_id == "d1"
    assert "m1" not in ours.path.read_text()
