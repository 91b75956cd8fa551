"""Password attributes in the record editor: masked in the tree, typed blind, masked in the
diff and the JSON tab, sent for real when saved, and never written into a draft (the UI says
to type the password again after restoring)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient, RecordSelector
from capture_desktop.api.errors import ApiError
from capture_desktop.editing.passwords import MASK_NEW, MASK_SET
from capture_desktop.sandbox.server import SandboxServer
from capture_desktop.store.drafts import DraftStore
from capture_desktop.ui.records.diff_dialog import DiffDialog
from capture_desktop.ui.records.record_tabs import JSON_TAB, TREE_TAB
from capture_desktop.ui.records.record_tree import COL_VALUE, RecordTree
from tests.helpers.password_record import LOADED, SCHEMA
from tests.helpers.qt import wait_until
from tests.ui.records.editing import (
    OpenRecord,
    item,
    save,
    set_value,
    table_rows,
)

NEW_PASSWORD = "N3w-Secret-Canary!"


def _all_text(tree: RecordTree) -> str:
    texts: list[str] = []

    def walk(node: QTreeWidgetItem) -> None:
        texts.extend(node.text(c) for c in range(3))
        texts.extend(node.toolTip(c) for c in range(3))
        for i in range(node.childCount()):
            child = node.child(i)
            if child is not None:
                walk(child)

    for top in tree.top_items():
        walk(top)
    return "\n".join(texts)


def _tree_item(tree: RecordTree, *names: str) -> QTreeWidgetItem:
    found = next(i for i in tree.top_items() if i.text(0) == names[0])
    for name in names[1:]:
        found = next(
            c
            for c in (found.child(n) for n in range(found.childCount()))
            if c and c.text(0) == name
        )
    return found


def test_tree_masks_loaded_and_typed_passwords(qtbot: QtBot) -> None:
    tree = RecordTree()
    qtbot.addWidget(tree)
    tree.baseline = LOADED
    tree.set_record(LOADED, SCHEMA, read_only=False)
    shown = _all_text(tree)
    assert "hash-from-server" not in shown and "old-hash" not in shown
    assert _tree_item(tree, "password").text(COL_VALUE) == MASK_SET
    assert _tree_item(tree, "accounts", "#7", "secret").text(COL_VALUE) == MASK_SET
    assert _tree_item(tree, "primaryAddress", "pin").text(COL_VALUE) == "null"
    assert tree.record() == LOADED, "unchanged passwords go back as loaded"
    assert not tree.has_new_passwords()

    # The editor is a blank password field; leaving it empty changes nothing.
    pw = _tree_item(tree, "password")
    index = tree.indexFromItem(pw, COL_VALUE)
    delegate = tree.itemDelegate()
    editor = delegate.createEditor(tree.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QLineEdit)
    assert editor.echoMode() == QLineEdit.EchoMode.Password
    delegate.setEditorData(editor, index)
    assert editor.text() == ""
    delegate.setModelData(editor, tree.model(), index)
    assert pw.text(COL_VALUE) == MASK_SET and not tree.has_new_passwords()
    editor.setText(NEW_PASSWORD)
    delegate.setModelData(editor, tree.model(), index)
    editor.deleteLater()

    assert pw.text(COL_VALUE) == MASK_NEW
    assert NEW_PASSWORD not in _all_text(tree)
    assert tree.has_new_passwords()
    assert tree.record()["password"] == NEW_PASSWORD, "the real value is what gets saved"
    assert tree.record(mask_new_passwords=True)["password"] == MASK_NEW


async def test_editor_masks_saves_and_keeps_no_password_in_drafts(
    open_record: OpenRecord,
    home: Path,
    owner_client: CaptureClient,
    sandbox: SandboxServer,
) -> None:
    dave, view, editor = await open_record("dave@example.com")
    assert editor.schema.get("password") is not None
    set_value(editor, "Davey", "givenName")
    set_value(editor, NEW_PASSWORD, "password")
    assert item(editor, "password").text(1) == MASK_NEW

    # The JSON tab shows it masked and cannot be edited meanwhile.
    editor.tabs.setCurrentIndex(JSON_TAB)
    assert NEW_PASSWORD not in editor.json.toPlainText()
    assert json.loads(editor.json.toPlainText())["password"] == MASK_NEW
    assert editor.json.isReadOnly()
    editor.tabs.setCurrentIndex(TREE_TAB)
    assert item(editor, "password").text(1) == MASK_NEW, "the typed value survives the trip"

    # The diff says that a new value is set, never what it is.
    editor.review_and_save()
    dialog = editor.dialog
    assert isinstance(dialog, DiffDialog)
    rows = table_rows(dialog)
    assert rows["password"] == ("changed", "null", MASK_NEW)
    texts = [
        dialog.table.item(r, c).text() + dialog.table.item(r, c).toolTip()
        for r in range(dialog.table.rowCount())
        for c in range(4)
    ]
    assert not any(NEW_PASSWORD in t for t in texts)
    dialog.reject()

    # A failed save keeps a draft, without the password.
    sandbox.sandbox.settings.update({"error_rate": 1.0, "error_code": 500})
    try:
        await save(editor, "update")
    finally:
        sandbox.sandbox.settings.update({"error_rate": 0.0})
    assert "draft" in editor.status.text()
    drafts = list((home / "drafts").glob("*.json"))
    assert len(drafts) == 1
    raw = drafts[0].read_text(encoding="utf-8")
    assert NEW_PASSWORD not in raw
    on_disk = json.loads(raw)
    assert "password" not in on_disk["data"] and on_disk["data"]["givenName"] == "Davey"
    assert on_disk["passwords_dropped"] == ["password"]

    # Reopened: the strip says the password must be typed again; restoring does not turn the
    # password into a removal, and saving sends only the restored edits.
    view.close()
    editor2 = (await open_record("dave@example.com")).editor
    assert not editor2.draft_notice.isHidden()
    assert "type it again" in editor2.draft_notice.label.text()
    editor2.draft_notice.restore_button.click()
    assert "password again" in editor2.status.text()
    assert item(editor2, "givenName").text(1) == "Davey"
    assert item(editor2, "password").text(1) == "null"
    shown = await save(editor2, "update")
    assert set(shown) == {"givenName"}
    assert DraftStore(home / "drafts").load("Sandbox", "user", dave["uuid"]) is None

    # Typed again and saved: the real value reached the server (it now signs the user in).
    set_value(editor2, NEW_PASSWORD, "password")
    shown = await save(editor2, "update")
    assert shown == {"password": ("changed", "null", MASK_NEW)}
    assert editor2.banner.isHidden(), editor2.banner.text()
    selector = RecordSelector.by_uuid(dave["uuid"])
    checked = await owner_client.entity(
        "user", selector, password_attribute="password", password_value=NEW_PASSWORD
    )
    assert checked.data["email"] == "dave@example.com"
    try:
        await owner_client.entity(
            "user", selector, password_attribute="password", password_value=MASK_NEW
        )
    except ApiError as exc:
        assert exc.code == 350
    else:
        raise AssertionError("the mask must not have been saved as the password")
    await wait_until(lambda: not editor2.session_pending())
