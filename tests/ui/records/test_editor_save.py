"""Saving: the diff, Update (merge) versus Replace (omitted becomes null) with a plural,
the optimistic lastUpdated check (330) with Reload and Compare, drafts, and the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient, RecordSelector
from capture_desktop.store.drafts import DraftStore
from capture_desktop.ui.records.diff_dialog import CompareDialog
from capture_desktop.ui.records.record_tree import COL_NAME
from tests.helpers.qt import wait_until
from tests.ui.records.editing import (
    OpenRecord,
    find_one,
    item,
    open_editor,
    open_view,
    save,
    set_value,
    table_rows,
)
from tests.ui.records.fakes import FakeSession


async def test_update_merges_and_appends_a_plural_element(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    alice = await find_one(owner_client, "alice@example.com")
    old_status_id = alice["statuses"][0]["id"]
    view = await open_view(qtbot, make_session("owner"), home)
    editor = await open_editor(view, alice["uuid"])
    set_value(editor, "Alicia", "givenName")
    editor.tree.setCurrentItem(item(editor, "statuses"))
    editor.add_element_button.click()
    set_value(editor, "vip", "statuses", "new element", "status")
    shown = await save(editor, "update")
    assert set(shown) == {"givenName", "statuses (new element)"}
    assert shown["givenName"] == ("changed", '"Alice"', '"Alicia"')
    after = (await owner_client.entity("user", RecordSelector.by_uuid(alice["uuid"]))).data
    assert after["givenName"] == "Alicia"
    assert after["familyName"] == "Anderson", "merge leaves the rest alone"
    assert [s["status"] for s in after["statuses"]] == ["active", "vip"]
    assert after["statuses"][0]["id"] == old_status_id, "update keeps existing element ids"
    assert after["lastUpdated"] != alice["lastUpdated"]
    await wait_until(lambda: editor.original.get("givenName") == "Alicia")
    audit = [json.loads(line) for line in (home / "data" / "audit.jsonl").read_text().splitlines()]
    assert audit[-1]["operation"] == "entity.update"
    assert audit[-1]["changed_attributes"] == ["givenName", "statuses"]
    assert "Alicia" not in json.dumps(audit), "the audit log never holds values"


async def test_replace_nulls_what_is_not_given_and_renumbers_plurals(
    open_record: OpenRecord,
    owner_client: CaptureClient,
) -> None:
    bob, _, editor = await open_record("bob@example.com")
    # Edit in the JSON tab: drop aboutMe/gender keys, change a status element.
    editor.tabs.setCurrentIndex(1)
    data = json.loads(editor.json.toPlainText())
    del data["gender"]
    data["statuses"][0]["status"] = "suspended"
    editor.json.setPlainText(json.dumps(data, indent=2))
    shown = await save(editor, "replace")
    assert shown["gender"][0] == "removed"
    after = (await owner_client.entity("user", RecordSelector.by_uuid(bob["uuid"]))).data
    assert after["gender"] is None, "replace: not given becomes null"
    assert after["givenName"] == "Bob"
    assert [s["status"] for s in after["statuses"]] == ["suspended"]
    assert after["statuses"][0]["id"] != bob["statuses"][0]["id"], "replace gives new element ids"


async def test_removing_an_element_forces_replace(
    open_record: OpenRecord,
    owner_client: CaptureClient,
) -> None:
    carol, _, editor = await open_record("carol@example.com")
    element = item(editor, "profiles", f"#{carol['profiles'][0]['id']}")
    editor.tree.setCurrentItem(element)
    editor.remove_element_button.click()
    editor.review_and_save()
    dialog = editor.dialog
    assert not dialog.update_radio.isEnabled() and dialog.replace_radio.isChecked()
    assert "profiles#" in dialog.note.text()
    dialog.save_button.click()
    await wait_until(lambda: not editor.session_pending())
    after = (await owner_client.entity("user", RecordSelector.by_uuid(carol["uuid"]))).data
    assert after["profiles"] == []
    assert after["email"] == "carol@example.com"


async def test_validation_blocks_the_save_and_points_at_the_field(
    open_record: OpenRecord,
) -> None:
    editor = (await open_record("dave@example.com")).editor
    set_value(editor, "31/12/1999", "birthday")
    editor.review_and_save()
    assert editor.dialog is None
    assert not editor.issues.isHidden()
    assert "birthday" in editor.issues.item(0).text()
    assert editor.tree.currentItem().text(COL_NAME) == "birthday"
    editor.tabs.setCurrentIndex(1)
    editor.json.setPlainText('{"email": "dave@example.com",')
    editor.review_and_save()
    assert "JSON syntax error" in editor.issues.item(0).text()


async def test_conflict_330_then_reload_and_compare_then_save(
    open_record: OpenRecord,
    home: Path,
    owner_client: CaptureClient,
) -> None:
    alice, _, editor = await open_record("alice@example.com")
    # Someone else saves the record after we opened it.
    await owner_client.entity_update(
        "user", RecordSelector.by_uuid(alice["uuid"]), {"familyName": "Changed-Elsewhere"}
    )
    set_value(editor, "Mine", "givenName")
    await save(editor, "update")
    assert not editor.conflict_notice.isHidden()
    assert "330" in editor.conflict_notice.label.text()
    mine = (await owner_client.entity("user", RecordSelector.by_uuid(alice["uuid"]))).data
    assert mine["givenName"] == "Alice", "nothing was written"
    assert DraftStore(home / "drafts").load("Sandbox", "user", alice["uuid"]) is not None
    editor.conflict_notice.compare_button.click()
    await wait_until(lambda: isinstance(editor.dialog, CompareDialog))
    compare = editor.dialog
    assert isinstance(compare, CompareDialog)
    rows = table_rows(compare)
    assert rows == {"givenName": ("changed", '"Alice"', '"Mine"')}, "their change is kept"
    assert compare.both == []
    compare.close()
    assert item(editor, "familyName").text(1) == "Changed-Elsewhere"
    # Save again: this time on the fresh lastUpdated.
    await save(editor, "update")
    after = (await owner_client.entity("user", RecordSelector.by_uuid(alice["uuid"]))).data
    assert (after["givenName"], after["familyName"]) == ("Mine", "Changed-Elsewhere")
    assert editor.conflict_notice.isHidden()
    assert DraftStore(home / "drafts").load("Sandbox", "user", alice["uuid"]) is None


async def test_failed_save_keeps_a_draft_that_survives_restart(
    open_record: OpenRecord,
    home: Path,
    owner_client: CaptureClient,
    sandbox: object,
) -> None:
    bob, view, editor = await open_record("bob@example.com")
    set_value(editor, "Robert", "givenName")
    sandbox.sandbox.settings.update({"error_rate": 1.0, "error_code": 500})  # type: ignore[attr-defined]
    try:
        await save(editor, "update")
    finally:
        sandbox.sandbox.settings.update({"error_rate": 0.0})  # type: ignore[attr-defined]
    assert not editor.banner.isHidden()
    assert "draft" in editor.status.text()
    assert item(editor, "givenName").text(1) == "Robert", "the edits stay in the editor"
    # "Restart": a brand-new view and editor over the same data folder.
    view.close()
    editor2 = (await open_record("bob@example.com")).editor
    assert not editor2.draft_notice.isHidden()
    assert item(editor2, "givenName").text(1) == "Bob"
    editor2.draft_notice.restore_button.click()
    assert item(editor2, "givenName").text(1) == "Robert"
    await save(editor2, "update")
    after = (await owner_client.entity("user", RecordSelector.by_uuid(bob["uuid"]))).data
    assert after["givenName"] == "Robert"
    assert DraftStore(home / "drafts").load("Sandbox", "user", bob["uuid"]) is None


async def test_closing_a_tab_with_unsaved_edits_keeps_a_draft(
    open_record: OpenRecord,
    home: Path,
) -> None:
    carol, view, editor = await open_record("carol@example.com")
    set_value(editor, "Caroline", "givenName")
    view.tabs.tabCloseRequested.emit(view.tabs.indexOf(editor))
    assert editor not in view.editors
    draft = DraftStore(home / "drafts").load("Sandbox", "user", carol["uuid"])
    assert draft is not None and draft.data["givenName"] == "Caroline"
    assert draft.reason == "closed with unsaved edits"
    again = await open_editor(view, carol["uuid"])
    assert not again.draft_notice.isHidden()
    again.draft_notice.discard_button.click()
    assert DraftStore(home / "drafts").load("Sandbox", "user", carol["uuid"]) is None
