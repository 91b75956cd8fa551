"""The record tree from the keyboard (item 3): Right reaches the value column, F2 and Enter
edit the value (never the attribute's name), and the in-place editor has a name."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication

from capture_desktop.editing.schema import infer_schema
from capture_desktop.ui.records.record_tree import COL_NAME, COL_VALUE, RecordTree


def _tree(qtbot: Any) -> RecordTree:
    record = {"givenName": "Alice", "email": "alice@example.com"}
    tree = RecordTree()
    qtbot.addWidget(tree)
    tree.set_record(record, infer_schema("user", record), read_only=False)
    tree.show()
    tree.activateWindow()
    qtbot.waitUntil(tree.isActiveWindow)
    tree.setFocus()
    first = tree.topLevelItem(0)
    assert first is not None
    tree.setCurrentItem(first, COL_NAME)
    return tree


def test_right_reaches_the_value(qtbot: Any) -> None:
    tree = _tree(qtbot)
    QTest.keyClick(tree, Qt.Key.Key_Right)
    assert tree.currentIndex().column() == COL_VALUE
    QTest.keyClick(tree, Qt.Key.Key_Left)
    assert tree.currentIndex().column() == COL_NAME


@pytest.mark.parametrize("key", [Qt.Key.Key_F2, Qt.Key.Key_Return])
def test_f2_and_enter_edit_the_value_not_the_name(qtbot: Any, key: Qt.Key) -> None:
    tree = _tree(qtbot)
    name = tree.topLevelItem(0).text(COL_NAME)
    QTest.keyClick(tree, key)
    assert tree.state() == QAbstractItemView.State.EditingState
    editor = QApplication.focusWidget()
    assert editor is not None and editor.accessibleName() == f"Value of {name}"
    QTest.keyClicks(editor, "Alicia")  # the editor opens with the value selected
    QTest.keyClick(editor, Qt.Key.Key_Return)
    item = tree.topLevelItem(0)
    qtbot.waitUntil(lambda: tree.state() != QAbstractItemView.State.EditingState)
    assert (item.text(COL_NAME), item.text(COL_VALUE)) == (name, "Alicia")
