"""How the app's own dialogs behave: none blocks the rest of the app, none nests an event
loop, and each frees itself once closed."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog


def modeless(dialog: QDialog, name: str, title: str, accessible_name: str | None = None) -> None:
    """Name ``dialog`` (object name, title, and what a screen reader calls it, if it differs
    from Qt's default), keep it non-modal, and delete it once it is closed."""
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    if accessible_name is not None:
        dialog.setAccessibleName(accessible_name)
    dialog.setModal(False)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


class HoldsDialog(Protocol):
    """A widget that keeps the one dialog it has open (tests and callers reach it there)."""

    dialog: QDialog | None


def open_held(owner: HoldsDialog, dialog: QDialog) -> None:
    """Open ``dialog`` without a nested event loop as ``owner.dialog``; forget it once it is
    finished (unless another dialog has taken its place by then)."""
    owner.dialog = dialog

    def forget(_result: int) -> None:
        if owner.dialog is dialog:
            owner.dialog = None

    dialog.finished.connect(forget)
    dialog.open()
