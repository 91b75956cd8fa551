"""The app's dialogs never block the rest of the app and free themselves once closed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from capture_desktop.ui.dialogs import modeless


def test_a_modeless_dialog_is_named_non_modal_and_deleted_on_close(qtbot: Any) -> None:
    dialog = QDialog()
    modeless(dialog, "SomeDialog", "Some title", "Spoken name")
    assert dialog.objectName() == "SomeDialog"
    assert dialog.windowTitle() == "Some title"
    assert dialog.accessibleName() == "Spoken name"
    assert not dialog.isModal()
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    with qtbot.waitSignal(dialog.destroyed, timeout=2000):
        dialog.close()


def test_without_a_spoken_name_the_dialog_keeps_qts_own(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setAccessibleName("Set elsewhere")
    modeless(dialog, "Other", "Other title")
    assert dialog.accessibleName() == "Set elsewhere"
