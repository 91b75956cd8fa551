"""Helpers for the records tests: open the view, search, find a record, open it in the editor,
edit tree values, save through the diff dialog."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, NamedTuple, cast

from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient
from capture_desktop.ui.records.diff_dialog import CompareDialog, DiffDialog
from capture_desktop.ui.records.record_editor import RecordEditor
from capture_desktop.ui.records.record_tree import COL_NAME, COL_VALUE
from capture_desktop.ui.records.view import RecordsView
from tests.helpers.qt import wait_until
from tests.ui.records.fakes import FakeSession


async def open_view(
    qtbot: QtBot, session: FakeSession, home: Path, height: int = 760
) -> RecordsView:
    """The records view, shown, once its schema has loaded."""
    view = RecordsView(cast(Any, session), data_dir=home)
    qtbot.addWidget(view)
    view.resize(1200, height)
    view.show()
    await wait_until(lambda: bool(view.browser.schema.attrs) and not session.runner.pending())
    return view


async def search(view: RecordsView) -> list[dict[str, Any]]:
    """Run the browser's search as the Search button does; returns the rows it shows."""
    model = view.browser.model
    view.browser.search()
    await wait_until(lambda: not model.loading)
    return list(model.rows)


async def find_one(client: CaptureClient, email: str) -> dict[str, Any]:
    """The user record with ``email``, read straight from the sandbox."""
    result = await client.entity_find("user", f"email = '{email}'")
    assert result.results, email
    return result.results[0]


class Opened(NamedTuple):
    """A user record opened in the editor: the record as the sandbox held it, the view, the
    editor."""

    record: dict[str, Any]
    view: RecordsView
    editor: RecordEditor


# open_record(email, feature="owner"): the conftest fixture of that name.
OpenRecord = Callable[..., Awaitable[Opened]]


async def open_editor(
    view: RecordsView, uuid: str | None, slot_id: str | None = None
) -> RecordEditor:
    editor = view.open_record("user", uuid, slot_id)
    await wait_until(lambda: bool(editor.original) or not editor.banner.isHidden())
    await wait_until(lambda: not view.session.runner.pending())
    return editor


def item(editor: RecordEditor, *names: str) -> QTreeWidgetItem:
    """The tree item reached by names (``"statuses", "#12", "status"``)."""
    found = next(i for i in editor.tree.top_items() if i.text(COL_NAME) == names[0])
    for name in names[1:]:
        children = [found.child(n) for n in range(found.childCount())]
        found = next(c for c in children if c is not None and c.text(COL_NAME) == name)
    return found


def set_value(editor: RecordEditor, value: str, *names: str) -> None:
    item(editor, *names).setText(COL_VALUE, value)


def table_rows(dialog: DiffDialog | CompareDialog) -> dict[str, tuple[str, str, str]]:
    """The dialog's diff table as {field: (change, old, new)}."""
    t = dialog.table
    return {
        t.item(r, 0).text(): (t.item(r, 1).text(), t.item(r, 2).text(), t.item(r, 3).text())
        for r in range(t.rowCount())
    }


async def save(editor: RecordEditor, mode: str) -> dict[str, tuple[str, str, str]]:
    """Review and save with ``mode``; returns the diff the dialog showed."""
    editor.review_and_save()
    dialog = editor.dialog
    assert isinstance(dialog, DiffDialog), editor.issues
    assert dialog.isVisible()  # shown with open(): no nested event loop
    (dialog.replace_radio if mode == "replace" else dialog.update_radio).setChecked(True)
    shown = table_rows(dialog)
    dialog.save_button.click()
    await wait_until(lambda: not editor.session_pending())
    return shown
