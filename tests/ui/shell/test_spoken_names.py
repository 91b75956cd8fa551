"""What a screen reader is told is what the screen shows (WCAG 2.5.3 and 4.1.2): a label's
accessible name is its visible text (context goes in the description), and a button's spoken
name starts with its visible label. Checked on Qt's own accessible interfaces, the ones the
AT-SPI bridge serves (tests/a11y reads them over the real bus)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from capture_desktop.services.session import Session
from capture_desktop.ui.a11y import plain
from capture_desktop.ui.main_window import PAGES, MainWindow
from capture_desktop.ui.records.view import RecordsView
from tests.helpers.qt import wait_until


def _words(text: str) -> str:
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    text = re.sub(r"[…›‹+]", " ", text)
    return " ".join(text.split())


def _name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Name)


def mismatches(root: QWidget) -> list[str]:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            shown, said = _words(plain(widget.text())), _words(_name(widget))
            if said != shown:
                found.append(f"label {shown[:50]!r} is named {said[:50]!r}")
        elif isinstance(widget, QAbstractButton) and widget.text().strip():
            shown, said = _words(widget.text()), _words(_name(widget))
            if not said.startswith(shown):
                found.append(f"button {shown!r} is named {said!r}")
    return found


async def _settle(session: Session) -> None:
    await wait_until(lambda: not session.runner.pending(), timeout=15)


async def test_pages(window: MainWindow, sandbox_session: Session) -> None:
    await _settle(sandbox_session)
    assert mismatches(window) == [], "Tokens"
    window.show_page(PAGES.index("Records"))
    view = window.records_view
    assert isinstance(view, RecordsView)
    await wait_until(lambda: bool(view.browser.schema.attrs), timeout=15)
    view.browser.search()
    await wait_until(lambda: not view.browser.model.loading and bool(view.browser.model.rows))
    await _settle(sandbox_session)
    assert view.browser.summary.text().startswith("Showing")
    assert mismatches(window) == [], "Records"
    window.show_page(PAGES.index("Console"))
    assert mismatches(window) == [], "Console"


@pytest.mark.parametrize("key", ["access", "browser", "creation"])
async def test_wizard_first_steps(window: MainWindow, sandbox_session: Session, key: str) -> None:
    wizard = window.start_wizard(key)
    assert wizard is not None
    try:
        await _settle(sandbox_session)
        assert mismatches(wizard) == []
        iface = QAccessible.queryAccessibleInterface(wizard)
        assert iface is not None and iface.role() == QAccessible.Role.Dialog
    finally:
        wizard.close()
        await _settle(sandbox_session)
