"""After a delete: a long backup path never widens the window, the backups folder opens from
the editor, and "Delete record…" is disabled on a record that is already gone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient, RecordSelector
from capture_desktop.ui.records import record_editor
from tests.helpers.qt import wait_until
from tests.ui.records.editing import find_one, open_editor, open_view
from tests.ui.records.fakes import FakeSession


async def _close(view: Any, editor: Any) -> None:
    """Close the tab as the user does, and let Qt delete the editor before going on."""
    gone: list[bool] = []
    editor.destroyed.connect(lambda *_: gone.append(True))
    view.tabs.tabCloseRequested.emit(view.tabs.indexOf(editor))
    await wait_until(lambda: bool(gone))


@pytest.fixture
def deep_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder whose backups path is far wider than any screen."""
    path = tmp_path.joinpath(*(["a-rather-long-folder-name-for-backups"] * 12))
    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(path))
    return path


async def test_long_backup_path_is_elided_and_the_folder_opens(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    deep_home: Path,
    owner_client: CaptureClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(record_editor, "open_folder", opened.append)
    dave = await find_one(owner_client, "dave@example.com")
    view = await open_view(qtbot, make_session("owner"), deep_home)
    before = view.minimumSizeHint().width()
    editor = await open_editor(view, dave["uuid"])
    editor.delete(None)
    await wait_until(lambda: not editor.session_pending())
    backup = editor.last_backup
    assert backup is not None and len(str(backup)) > 400
    assert "Deleted" in editor.header.text()
    # The whole path is one hover away, but never sets the width.
    assert str(backup) in editor.status.toolTip() or str(backup) in editor.header.toolTip()
    assert editor.minimumSizeHint().width() < 900, editor.minimumSizeHint()
    assert view.minimumSizeHint().width() < 900
    assert editor.open_backups_button.isVisible()
    editor.open_backups_button.click()
    assert opened == [backup.parent]
    assert not editor.delete_button.isEnabled()
    await wait_until(lambda: not view.session.runner.pending())  # the browser's new search
    await _close(view, editor)
    assert view.minimumSizeHint().width() <= max(before, 900)


async def test_delete_is_disabled_on_a_record_already_deleted(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    tmp_path: Path,
    owner_client: CaptureClient,
) -> None:
    carol = await find_one(owner_client, "carol@example.com")
    view = await open_view(qtbot, make_session("owner"), tmp_path / "home")
    editor = await open_editor(view, carol["uuid"])
    assert editor.delete_button.isEnabled()
    # Someone else deletes it; this editor's Delete then finds it gone.
    await owner_client.entity_delete("user", RecordSelector.by_uuid(carol["uuid"]))
    editor.delete(None)
    await wait_until(lambda: not editor.session_pending())
    assert not editor.delete_button.isEnabled()
    assert "already deleted" in editor.status.text().lower(), editor.status.text()
    # Opening it again: it cannot be loaded, so there is nothing to delete.
    await _close(view, editor)
    again = await open_editor(view, carol["uuid"])
    assert not again.banner.isHidden()
    assert not again.delete_button.isEnabled()
