"""Delete (whole record or one plural element) writes a JSON backup first, behind a typed
confirmation; create shows the new id and uuid and opens the record."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.api import ApiError, CaptureClient, RecordSelector
from capture_desktop.ui.records.create_dialog import CreateDialog
from capture_desktop.ui.records.delete_dialog import DeleteDialog
from tests.helpers.qt import wait_until
from tests.ui.records.editing import OpenRecord, find_one, item, open_editor, open_view
from tests.ui.records.fakes import FakeSession, FakeSlot


async def test_delete_record_writes_the_backup_first(
    open_record: OpenRecord,
    home: Path,
    owner_client: CaptureClient,
) -> None:
    dave, _, editor = await open_record("dave@example.com")
    editor.delete_button.click()
    dialog = editor.dialog
    assert isinstance(dialog, DeleteDialog)
    assert not dialog.delete_button.isEnabled()
    dialog.confirm_edit.setText("dave@example")
    assert not dialog.delete_button.isEnabled(), "a partial email does not confirm"
    dialog.confirm_edit.setText(str(dave["id"]))
    assert dialog.delete_button.isEnabled(), "the id confirms too"
    dialog.confirm_edit.setText("DAVE@example.com")
    dialog.delete_button.click()
    await wait_until(lambda: not editor.session_pending())
    backups = list((home / "backups").glob("*.json"))
    assert len(backups) == 1
    saved = json.loads(backups[0].read_text())
    assert saved["record"]["email"] == "dave@example.com"
    assert saved["record"]["uuid"] == dave["uuid"]
    with pytest.raises(ApiError) as gone:
        await owner_client.entity("user", RecordSelector.by_uuid(dave["uuid"]))
    assert gone.value.code == 310
    assert "Deleted" in editor.header.text()
    audit = (home / "data" / "audit.jsonl").read_text().splitlines()
    assert json.loads(audit[-1])["operation"] == "entity.delete"


async def test_no_backup_no_delete(
    open_record: OpenRecord,
    owner_client: CaptureClient,
) -> None:
    dave, _, editor = await open_record("dave@example.com")
    editor.backups.parent.mkdir(parents=True, exist_ok=True)
    editor.backups.write_text("a file where the backups folder should be")
    editor.delete(None)
    await wait_until(lambda: not editor.session_pending())
    assert "nothing was deleted" in editor.status.text()
    still = await owner_client.entity("user", RecordSelector.by_uuid(dave["uuid"]))
    assert still.data["email"] == "dave@example.com"


async def test_delete_one_plural_element(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    bob = await find_one(owner_client, "bob@example.com")
    element_id = bob["statuses"][0]["id"]
    view = await open_view(qtbot, make_session("owner"), home)
    editor = await open_editor(view, bob["uuid"])
    editor.tree.setCurrentItem(item(editor, "statuses", f"#{element_id}", "status"))
    assert editor.delete_element_button.isEnabled()
    editor.delete_element_button.click()
    dialog = editor.dialog
    assert isinstance(dialog, DeleteDialog)
    assert dialog.windowTitle() == "Delete element"
    dialog.confirm_edit.setText("bob@example.com")
    dialog.delete_button.click()
    await wait_until(lambda: not editor.session_pending())
    after = (await owner_client.entity("user", RecordSelector.by_uuid(bob["uuid"]))).data
    assert after["statuses"] == []
    assert after["email"] == "bob@example.com", "the rest of the record stays"
    (backup,) = (home / "backups").glob("*.json")
    assert json.loads(backup.read_text())["deleted"] == f"statuses#{element_id}"
    await wait_until(lambda: editor.original.get("statuses") == [])


async def test_create_with_client_credentials_opens_the_record(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    view = await open_view(qtbot, make_session("owner"), home)
    dialog = view.start_create("user")
    assert isinstance(dialog, CreateDialog)
    body = json.loads(dialog.editor.toPlainText())
    assert "email" in body and "id" not in body
    dialog.editor.setPlainText(json.dumps({"email": "not-a-date@example.com", "birthday": "soon"}))
    dialog.create_button.click()
    assert "birthday" in dialog.problems.text()
    dialog.editor.setPlainText(json.dumps({"email": "erin@example.com", "givenName": "Erin"}))
    dialog.create_button.click()
    await wait_until(lambda: dialog.result_ids is not None or not dialog.banner.isHidden())
    assert dialog.result_ids is not None
    new_id, uuid = dialog.result_ids
    assert f"id <b>{new_id}</b>" in dialog.outcome.text() and uuid in dialog.outcome.text()
    editor = view.editors[-1]
    await wait_until(lambda: editor.original.get("uuid") == uuid)
    assert editor.original["givenName"] == "Erin"
    dialog.close()


async def test_create_with_a_creation_token_slot(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    session = make_session("owner")
    token = await owner_client.get_creation_token("user")
    session.token_keeper.add(FakeSlot("c1", "QA creation", "creation"), token.token)
    view = await open_view(qtbot, session, home)
    dialog = view.start_create("user", creation_slot_id="c1")
    assert dialog.credential.currentData() == "c1"
    dialog.editor.setPlainText(json.dumps({"email": "frank@example.com"}))
    dialog.create_button.click()
    await wait_until(lambda: dialog.result_ids is not None or not dialog.banner.isHidden())
    assert dialog.result_ids is not None
    assert (await find_one(owner_client, "frank@example.com"))["uuid"] == dialog.result_ids[1]
    await wait_until(lambda: not session.runner.pending())
    dialog.close()
