"""The local audit log: what it writes, where, and that values and secrets never reach it."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from capture_desktop.store.audit import (
    INVALID_NAME,
    AuditEntry,
    AuditLog,
    changed_attribute_names,
)

CANARY = "CANARY-7f3a9e1c-do-not-log@example.com"
SECRET_CANARY = "s3cr3t-CANARY-token-0b8f"


def test_record_writes_one_json_line_with_names_only(tmp_path: Path) -> None:
    when = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    audit = AuditLog(tmp_path / "audit.jsonl", clock=lambda: when)
    audit.record(
        "Sandbox", "entity.update", "0b8f6c1e-1111-2222-3333-444455556666", ["email", "givenName"]
    )
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {
        "time": "2026-11-28T12:00:00Z",
        "profile": "Sandbox",
        "operation": "entity.update",
        "uuid": "0b8f6c1e-1111-2222-3333-444455556666",
        "changed_attributes": ["email", "givenName"],
    }


def test_canary_values_never_reach_the_file(tmp_path: Path) -> None:
    """The whole path D1 uses: diff two records, record the names; the canaries stay out."""
    old = {
        "uuid": "u-1",
        "email": "alice@example.com",
        "password": "old",
        "primaryAddress": {"city": "Paris", "zip": "75001"},
        "photos": [{"id": 1, "value": "a.png"}],
    }
    new = {
        "uuid": "u-1",
        "email": CANARY,
        "password": SECRET_CANARY,
        "primaryAddress": {"city": CANARY, "zip": "75001"},
        "photos": [{"id": 1, "value": CANARY}],
    }
    audit = AuditLog(tmp_path / "audit.jsonl")
    names = changed_attribute_names(old, new)
    assert names == ["email", "password", "photos", "primaryAddress.city"]
    audit.record("Prod EU", "entity.replace", "u-1", names)
    # A caller that mistakenly passes values where names belong does not leak them either.
    audit.record("Prod EU", "entity.update", "u-1", [CANARY, SECRET_CANARY + "!", "email"])
    raw = (tmp_path / "audit.jsonl").read_bytes()
    assert CANARY.encode() not in raw
    assert SECRET_CANARY.encode() not in raw
    assert b"do-not-log" not in raw
    last = audit.entries()[-1]
    assert last.changed_attributes == tuple(sorted([INVALID_NAME, "email"]))


def test_plural_element_paths_are_names(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "a.jsonl")
    entry = audit.record("p", "entity.update", None, ["photos#17.value", "clients[0]", "a.b.c"])
    assert entry.changed_attributes == ("a.b.c", "clients[0]", "photos#17.value")
    assert entry.uuid is None


def test_default_path_honours_capture_desktop_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(tmp_path))
    audit = AuditLog.default()
    audit.record("Sandbox", "entity.delete", "abc-123", [])
    assert audit.path == tmp_path / "data" / "audit.jsonl"
    assert audit.path.exists()
    mode = stat.S_IMODE(audit.path.stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)


def test_entries_reads_back_in_order_and_skips_garbage(tmp_path: Path) -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    ticks = iter(range(100))
    audit = AuditLog(tmp_path / "a.jsonl", clock=lambda: t0 + timedelta(seconds=next(ticks)))
    audit.record("p", "entity.create", "u1", ["email"])
    with audit.path.open("a") as fh:
        fh.write('not json\n{"half": \n\n')
    audit.record("p", "entity.delete", "u1", [])
    entries = audit.entries()
    assert [e.operation for e in entries] == ["entity.create", "entity.delete"]
    assert entries[1].time - entries[0].time == timedelta(seconds=1)
    assert audit.entries(limit=1) == entries[-1:]
    assert audit.entries(limit=0) == []


def test_rotation_keeps_one_previous_file(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "a.jsonl", max_bytes=400)
    for i in range(10):
        audit.record("p", "entity.update", f"u{i}", ["email"])
    assert audit.rotated_path.exists()
    assert audit.path.stat().st_size <= 400
    uuids = [e.uuid for e in audit.entries()]
    assert uuids[-1] == "u9"
    assert uuids == sorted(uuids, key=lambda u: int(str(u)[1:]))


def test_subscribe_and_unsubscribe(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "a.jsonl")
    seen: list[AuditEntry] = []
    unsubscribe = audit.subscribe(seen.append)
    audit.record("p", "entity.update", "u1", ["x"])
    unsubscribe()
    audit.record("p", "entity.update", "u2", ["x"])
    assert [e.uuid for e in seen] == ["u1"]


def test_round_trip_json() -> None:
    entry = AuditEntry(datetime(2026, 5, 1, 8, 30, tzinfo=UTC), "p", "entity.update", "u", ("a",))
    assert AuditEntry.from_json(entry.to_json()) == entry


def test_suspicious_operation_and_uuid_are_replaced(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "a.jsonl")
    entry = audit.record("p", "entity.update " + CANARY, CANARY, [])
    raw = audit.path.read_text()
    assert CANARY not in raw
    assert entry.operation == "(invalid operation)"
    assert entry.uuid == "(invalid uuid)"
