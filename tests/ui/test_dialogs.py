"""The app's dialogs never block the rest of the app, never nest a loop, and free themselves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from capture_desktop.ui.dialogs import modeless, open_held


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


def test_a_held_dialog_is_forgotten_once_finished_unless_replaced(qtbot: Any) -> None:
    class Owner:
        dialog: QDialog | None = None

    owner = Owner()
    first, second = QDialog(), QDialog()
    for dialog in (first, second):
        qtbot.addWidget(dialog)
    open_held(owner, first)
    assert owner.dialog is first and first.isVisible()  # open() returned: no nested loop
    open_held(owner, second)
    first.reject()  # the older one finishing leaves the newer one held
    assert owner.dialog is second
    second.accept()
    assert owner.dialog is None
