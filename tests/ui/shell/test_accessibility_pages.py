"""Accessible names beyond the shell: the Records page (browser with a filter condition and the
raw filter, and an open record editor on both tabs), the Console page with calls in it, and
the audit-log viewer. Every visible control must have a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from capture_desktop.services.session import Session
from capture_desktop.store.audit import AuditLog
from capture_desktop.ui.audit_view import AuditLogView
from capture_desktop.ui.main_window import PAGES, MainWindow
from capture_desktop.ui.records.delete_dialog import DeleteDialog
from capture_desktop.ui.records.diff_dialog import DiffDialog
from capture_desktop.ui.records.record_editor import RecordEditor
from capture_desktop.ui.records.view import RecordsView
from tests.helpers.accessibility import CONTROLS, unnamed_controls
from tests.helpers.qt import wait_until
from tests.ui.records.editing import set_value
from tests.ui.shell.tokens import user_uuid


async def _settle(session: Session) -> None:
    await wait_until(lambda: not session.runner.pending(), timeout=15)


def _describe(widget: QWidget) -> str:
    """Enough to find a control in the code: class, placeholder or tooltip, parents."""
    hint = widget.placeholderText() if isinstance(widget, QLineEdit) else widget.toolTip()
    chain: list[str] = []
    parent = widget.parentWidget()
    while parent is not None and len(chain) < 3:
        chain.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return f"{type(widget).__name__} {hint[:40]!r} in {'/'.join(chain)}"


def _named(root: QWidget, where: str) -> None:
    """The shell's check (``unnamed_controls``), stricter: text panes need names too."""
    culprits = [
        _describe(w)
        for w in root.findChildren(QWidget)
        if isinstance(w, (*CONTROLS, QPlainTextEdit, QTextEdit))
        and w.isVisibleTo(root)
        and not w.objectName().startswith("qt_")
        and not w.accessibleName()
        and not (w.text().strip() if isinstance(w, QAbstractButton) else "")
    ]
    assert not culprits, f"{where}: unnamed controls:\n  " + "\n  ".join(culprits)
    assert unnamed_controls(root) == [], where


async def test_records_page_browser_and_editor(
    window: MainWindow, sandbox_session: Session
) -> None:
    window.show_page(PAGES.index("Records"))
    view = window.records_view
    assert isinstance(view, RecordsView)
    await wait_until(lambda: bool(view.browser.schema.attrs), timeout=15)
    await _settle(sandbox_session)
    view.browser.search()
    await wait_until(lambda: not view.browser.model.loading and bool(view.browser.model.rows))
    await _settle(sandbox_session)
    _named(window, "records browser")
    view.browser.filter_bar.add_condition().set_condition("email", "=", "alice@example.com")
    _named(window, "records browser with a filter condition")
    view.browser.filter_bar.use_raw("email = 'alice@example.com'")
    _named(window, "records browser, raw filter")

    uuid = await user_uuid(sandbox_session, "alice@example.com")
    window.open_record("user", uuid)
    editor = view.tabs.currentWidget()
    assert isinstance(editor, RecordEditor)
    await wait_until(lambda: bool(editor.original), timeout=15)
    await _settle(sandbox_session)
    _named(window, "record editor, tree tab")
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        _named(window, f"record editor, tab {editor.tabs.tabText(index)!r}")
    editor.tabs.setCurrentIndex(0)

    # The editor's dialogs: review (diff), delete, and the browser's create and export.
    set_value(editor, "Alicia", "givenName")
    editor.review_and_save()
    assert isinstance(editor.dialog, DiffDialog)
    _named(editor.dialog, "diff dialog")
    editor.dialog.reject()
    editor.confirm_delete(None)
    assert isinstance(editor.dialog, DeleteDialog)
    _named(editor.dialog, "delete dialog")
    editor.dialog.reject()
    create = view.start_create("user")
    _named(create, "create dialog")
    create.reject()
    view.tabs.setCurrentIndex(0)
    export = view.browser.open_export()
    assert export is not None
    _named(export, "export dialog")
    export.close()
    await _settle(sandbox_session)


async def test_console_page_with_calls(window: MainWindow, sandbox_session: Session) -> None:
    window.show_page(PAGES.index("Records"))  # builds both deferred views
    await _settle(sandbox_session)
    await sandbox_session.client().entity_count("user")
    window.show_page(PAGES.index("Console"))
    console: Any = window.console_view
    await wait_until(lambda: console.model.rowCount() > 0)
    console.select_row(0)
    _named(window, "console page")
    await _settle(sandbox_session)


def test_audit_view(qtbot: Any, tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    log.record("Sandbox", "entity.update", "uuid-1", ["email"])
    view = AuditLogView(None, audit_log=log)
    qtbot.addWidget(view)
    view.show()
    _named(view, "audit view")
