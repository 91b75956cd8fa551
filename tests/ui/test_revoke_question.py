"""The question asked before revoking every token of a record, wherever it is asked."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from capture_desktop.ui.revoke_question import revoke_question


def test_the_question_names_who_warns_and_defaults_to_cancel(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box, revoke = revoke_question(parent, "carol@example.com", "Written to the audit log.")
    assert not box.isVisible()  # the caller opens it (non-modally)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.windowTitle() == "Revoke all tokens for this record?"
    assert "carol@example.com" in box.text()
    assert "entity.deleteAccess" in box.informativeText()
    assert box.informativeText().endswith(" Written to the audit log.")
    assert revoke.text() == "Revoke all tokens"
    assert box.buttonRole(revoke) == QMessageBox.ButtonRole.DestructiveRole
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert box.defaultButton() is cancel and box.escapeButton() is cancel
