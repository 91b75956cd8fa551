"""Password attributes (Qt-free): masks for the diff, drafts without passwords, and restoring
a draft puts the loaded values back instead of removing them."""

from __future__ import annotations

import json
from pathlib import Path

from capture_desktop.editing.passwords import (
    MASK_NEW,
    MASK_SET,
    MASK_VALUE,
    change_texts,
    is_password,
    with_base_passwords,
    without_passwords,
)
from capture_desktop.editing.record_edit import RecordEdit
from capture_desktop.store.drafts import DraftStore
from tests.helpers.password_record import LOADED, SCHEMA
from tests.unit.editing.fake_records import FakeRecords

SECRET = "Hunter2-Canary!"


def test_paths_of_every_shape_are_recognised() -> None:
    for path in ("password", "primaryAddress.pin", "accounts#7.secret", "accounts[+1].secret"):
        assert is_password(SCHEMA, path), path
    for path in ("email", "primaryAddress.city", "accounts#7.site", "accounts[+1]"):
        assert not is_password(SCHEMA, path), path
    assert not is_password(None, "password")


def test_diff_texts_never_hold_the_value() -> None:
    assert change_texts(SCHEMA, "password", "hash-from-server", SECRET) == (MASK_SET, MASK_NEW)
    assert change_texts(SCHEMA, "primaryAddress.pin", None, SECRET) == (None, MASK_NEW)
    assert change_texts(SCHEMA, "accounts#7.secret", "old-hash", None) == (MASK_SET, None)
    # A new plural element carries its password inside the value.
    _old, new = change_texts(SCHEMA, "accounts[+1]", None, {"site": "y", "secret": SECRET})
    assert new == {"site": "y", "secret": MASK_VALUE}
    assert change_texts(SCHEMA, "email", "a", "b") == ("a", "b")


def test_draft_file_never_holds_a_password(tmp_path: Path) -> None:
    edited = json.loads(json.dumps(LOADED))
    edited["password"] = SECRET
    edited["primaryAddress"]["pin"] = SECRET
    edited["accounts"].append({"site": "new", "secret": SECRET})
    edited["email"] = "b@example.com"
    store = DraftStore(tmp_path)
    edit = RecordEdit(
        FakeRecords(LOADED), store, tmp_path / "backups",
        profile="Sandbox", type_name="user", uuid="u-1", credential=None,
    )  # fmt: skip
    edit.schema = SCHEMA
    edit.set_original(LOADED)
    edit.draft = edited
    assert edit.keep_unsaved("failed")
    [path] = store.list()
    raw = path.read_text(encoding="utf-8")
    assert SECRET not in raw and "hash-from-server" not in raw and "old-hash" not in raw
    draft = store.load("Sandbox", "user", "u-1")
    assert draft is not None
    assert draft.data["email"] == "b@example.com"
    assert "password" not in draft.data and "pin" not in draft.data["primaryAddress"]
    assert all("secret" not in e for e in draft.data["accounts"])
    assert sorted(draft.passwords_dropped) == [
        "accounts[+1].secret",
        "password",
        "primaryAddress.pin",
    ]


def test_unchanged_passwords_are_dropped_but_not_reported(tmp_path: Path) -> None:
    edited = {**LOADED, "email": "c@example.com"}
    data, changed = without_passwords(SCHEMA, edited, LOADED)
    assert changed == []
    assert "password" not in data and "old-hash" not in json.dumps(data)


def test_restoring_puts_the_loaded_passwords_back() -> None:
    stripped, _ = without_passwords(SCHEMA, {**LOADED, "email": "d@example.com"}, LOADED)
    restored = with_base_passwords(SCHEMA, stripped, LOADED)
    assert restored == {**LOADED, "email": "d@example.com"}, "no password reads as removed"
