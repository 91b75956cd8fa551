"""RecordEdit without Qt: save outcomes, drafts kept on failure, compare after a conflict,
and delete only after a backup is on disk."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from capture_desktop.api.errors import ApiError, TimestampMismatch
from capture_desktop.editing.record_edit import (
    BackupFailed,
    Conflict,
    Failed,
    RecordEdit,
    Saved,
)
from capture_desktop.store.drafts import DraftStore
from tests.unit.editing.fake_records import FakeRecords

ALICE = {
    "id": 1,
    "uuid": "u-1",
    "created": "t0",
    "lastUpdated": "t1",
    "email": "alice@example.com",
    "givenName": "Alice",
    "statuses": [{"id": 4, "status": "new"}],
}


async def _edit(tmp_path: Path, server: FakeRecords) -> RecordEdit:
    edit = RecordEdit(
        server, DraftStore(tmp_path / "drafts"), tmp_path / "backups",
        profile="Sandbox", type_name="user", uuid="u-1", credential="admin",
    )  # fmt: skip
    await edit.load()
    return edit


def _timestamp_mismatch() -> ApiError:
    return ApiError.from_payload({"code": 330, "error": "timestamp_mismatch"}, 200)


async def test_update_sends_the_changes_guarded_by_last_updated(tmp_path: Path) -> None:
    server = FakeRecords(ALICE)
    edit = await _edit(tmp_path, server)
    assert edit.schema.get("givenName") is not None, "inferred when the schema is unreadable"
    edit.draft = {**ALICE, "givenName": "Alicia"}
    assert [c.path for c in edit.changes()] == ["givenName"]
    outcome = await edit.save("update")
    assert outcome == Saved("update")
    assert server.calls[-1] == ("update", ({"givenName": "Alicia"}, "t1", "admin", ["givenName"]))
    assert server.record["givenName"] == "Alicia"
    assert edit.stored_draft() is None


async def test_a_conflict_keeps_the_draft_and_compare_reapplies_it(tmp_path: Path) -> None:
    server = FakeRecords(ALICE)
    edit = await _edit(tmp_path, server)
    server.record["email"] = "alice@new.example.com"  # someone else's change
    server.record["lastUpdated"] = "t9"
    server.fail_with = _timestamp_mismatch()
    edit.draft = {**ALICE, "givenName": "Alicia"}
    outcome = await edit.save("update")
    assert isinstance(outcome, Conflict) and isinstance(outcome.error, TimestampMismatch)
    draft = edit.stored_draft()
    assert draft is not None and draft.reason == "330 TimestampMismatch"
    assert draft.data["givenName"] == "Alicia" and draft.base_last_updated == "t1"

    comparison = await edit.compare()
    assert comparison.rebased["email"] == "alice@new.example.com"  # theirs kept
    assert comparison.rebased["givenName"] == "Alicia"  # mine reapplied
    assert [c.path for c in comparison.theirs] == ["email"]  # system attributes aside
    assert [c.path for c in comparison.mine] == ["givenName"]
    assert edit.original["lastUpdated"] == "t9"
    assert await edit.save("update") == Saved("update")
    assert server.calls[-1][1][1] == "t9", "the second save is guarded by the newer record"


async def test_any_other_failure_keeps_the_draft(tmp_path: Path) -> None:
    server = FakeRecords(ALICE)
    edit = await _edit(tmp_path, server)
    server.fail_with = OSError("connection refused")
    edit.draft = {**ALICE, "statuses": []}
    outcome = await edit.save("replace")
    assert isinstance(outcome, Failed) and outcome.reason == "OSError"
    assert server.record["statuses"] == [{"id": 4, "status": "new"}]
    draft = edit.stored_draft()
    assert draft is not None and draft.data["statuses"] == []
    assert not edit.draft_is_older(draft)
    edit.discard_draft()
    assert edit.stored_draft() is None


async def test_keep_unsaved_only_when_something_changed(tmp_path: Path) -> None:
    edit = await _edit(tmp_path, FakeRecords(ALICE))
    edit.draft = dict(ALICE)
    assert not edit.keep_unsaved("closed")
    assert edit.stored_draft() is None
    edit.draft = {**ALICE, "givenName": "Al"}
    assert edit.keep_unsaved("closed")
    draft = edit.stored_draft()
    assert draft is not None and edit.restored(draft)["givenName"] == "Al"


async def test_delete_writes_the_backup_first(tmp_path: Path) -> None:
    server = FakeRecords(ALICE)
    edit = await _edit(tmp_path, server)
    backup = await edit.delete("statuses#4")
    assert json.loads(backup.read_text(encoding="utf-8"))["record"] == ALICE
    assert server.calls[-1] == ("delete", ("u-1", "/statuses#4", "admin"))


async def test_no_backup_no_delete(tmp_path: Path) -> None:
    server = FakeRecords(ALICE)
    edit = await _edit(tmp_path, server)
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    with pytest.raises(BackupFailed):
        await edit.delete(None)
    assert not [c for c in server.calls if c[0] == "delete"]


def test_editing_imports_without_qt() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import capture_desktop.editing as pkg

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "qasync"):
                    raise ImportError("blocked: " + name)
                return None

        sys.meta_path.insert(0, Block())
        for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
            importlib.import_module(info.name)
        importlib.import_module("capture_desktop.services.flows")
        importlib.import_module("capture_desktop.services.flow_display")
        importlib.import_module("capture_desktop.services.flow_errors")
        importlib.import_module("capture_desktop.services.error_text")
        importlib.import_module("capture_desktop.store.drafts")
        assert not any(m.startswith("PySide6") for m in sys.modules)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
