"""A record tab's × is a named button the keyboard reaches (issue L item 6): Tab from the
tab bar lands on it, and Space on it closes that record's tab. Qt's own close button takes no
focus, so a keyboard user could only close a tab with Ctrl+W."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.qt import wait_until
from tests.ui.records.editing import OpenRecord


async def test_tab_reaches_the_close_button_and_space_closes(
    open_record: OpenRecord,
    qtbot: QtBot,
) -> None:
    _, view, editor = await open_record("alice@example.com")
    view.activateWindow()
    await wait_until(view.isActiveWindow)
    bar = view.tabs.tabBar()
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    await wait_until(bar.hasFocus)

    qtbot.keyClick(bar, Qt.Key.Key_Tab)
    button = QApplication.focusWidget()
    assert isinstance(button, QAbstractButton), f"Tab went to {button!r}"
    index = view.tabs.indexOf(editor)
    assert button is bar.tabButton(index, bar.ButtonPosition.RightSide) or button is (
        bar.tabButton(index, bar.ButtonPosition.LeftSide)
    )
    assert button.accessibleName() == f"Close {view.tabs.tabText(index)}"

    qtbot.keyClick(button, Qt.Key.Key_Space)
    await wait_until(lambda: view.tabs.indexOf(editor) < 0)
    assert view.editors == []
