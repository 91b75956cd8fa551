"""Drafts survive a new store object (a restart); backups are complete JSON files."""

from __future__ import annotations

import json
from pathlib import Path

from capture_desktop.store.drafts import DraftStore, write_backup


def test_draft_round_trip_and_discard(tmp_path: Path) -> None:
    DraftStore(tmp_path).save("Sandbox", "user", "u-1", {"givenName": "X"}, "t1", "330")
    again = DraftStore(tmp_path).load("Sandbox", "user", "u-1")
    assert again is not None
    assert again.data == {"givenName": "X"} and again.base_last_updated == "t1"
    assert again.reason == "330"
    DraftStore(tmp_path).discard("Sandbox", "user", "u-1")
    assert DraftStore(tmp_path).load("Sandbox", "user", "u-1") is None


def test_corrupt_draft_is_ignored(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    path = store.save("p", "user", "u", {}, None)
    path.write_text("{not json", encoding="utf-8")
    assert store.load("p", "user", "u") is None


def test_backup_holds_the_record(tmp_path: Path) -> None:
    record = {"id": 3, "uuid": "u-3", "email": "a@b.c"}
    path = write_backup(tmp_path / "backups", "p:1", "user", record, "/statuses#4")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["record"] == record
    assert data["deleted"] == "/statuses#4"
    assert "u-3" in path.name and ":" not in path.name
