"""“Open record” on a stored access-token slot: the main window switches to Records and opens
that user's record in an editor acting as the token (the call is authorised by the token)."""

from __future__ import annotations

from capture_desktop.services.session import Session
from capture_desktop.ui.main_window import PAGES, MainWindow
from capture_desktop.ui.records.record_editor import RecordEditor
from capture_desktop.ui.records.view import RecordsView
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot


async def test_open_record_from_an_access_token_slot(
    window: MainWindow, sandbox_session: Session
) -> None:
    slot = await access_slot(sandbox_session, "carol@example.com")
    panel = window.token_panel
    await wait_until(lambda: panel.model.rowCount() == 1)
    assert window.pages.currentWidget() is panel
    panel.table.selectRow(0)
    assert panel.open_button.isEnabled()
    calls_before = len(sandbox_session.request_log.events())

    panel.open_button.click()

    assert window.nav.currentRow() == PAGES.index("Records")
    view = window.records_view
    assert isinstance(view, RecordsView)
    assert window.pages.currentWidget() is view
    editor = view.tabs.currentWidget()
    assert isinstance(editor, RecordEditor)
    assert editor.uuid == slot.record_uuid
    assert editor.credential.slot_id == slot.slot_id, "acting as the token, not the client"
    await wait_until(lambda: bool(editor.original) or not editor.banner.isHidden(), timeout=15)
    assert editor.banner.isHidden(), editor.banner.text()
    assert editor.original["email"] == "carol@example.com"
    assert editor.original["uuid"] == slot.record_uuid
    await wait_until(lambda: not sandbox_session.runner.pending(), timeout=15)
    index = view.tabs.indexOf(editor)
    assert view.tabs.tabText(index) == "carol@example.com"
    # The record was read with the access token.
    reads = [
        e
        for e in sandbox_session.request_log.events()[calls_before:]
        if e.operation == "entity" and e.error is None
    ]
    assert reads and {e.credential_kind for e in reads} == {"access_token"}, [
        (e.operation, e.credential_kind) for e in reads
    ]
    # Asking again shows the same tab rather than a second one.
    panel_tabs = view.tabs.count()
    window.open_record("user", str(slot.record_uuid), slot.slot_id)
    assert view.tabs.count() == panel_tabs and view.tabs.currentWidget() is editor
