"""The question asked before every "revoke all tokens of a record at the server"."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

TITLE = "Revoke all tokens for this record?"
WHAT_IT_DOES = (
    "Capture's entity.deleteAccess ends this record's tokens everywhere: every app and script "
    "holding one must sign the user in again."
)


def revoke_question(
    parent: QWidget, who: str, consequence: str
) -> tuple[QMessageBox, QAbstractButton]:
    """The warning (not opened yet) and its confirming button; Cancel is the default and what
    Escape answers. ``consequence`` adds what revoking means where it is asked."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(TITLE)
    box.setText(f"Revoke every access and refresh token of {who} at the server?")
    box.setInformativeText(f"{WHAT_IT_DOES} {consequence}")
    revoke = box.addButton("Revoke all tokens", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, revoke
