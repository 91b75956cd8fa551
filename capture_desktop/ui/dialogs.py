"""How the app's own dialogs behave: none blocks the rest of the app, and each frees itself."""

from __future__ import annotations

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
