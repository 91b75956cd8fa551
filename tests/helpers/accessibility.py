"""What a screen reader would say, checked over a widget tree: controls with nothing to say and
labels whose spoken name differs from the text they show."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from capture_desktop.ui.a11y import plain

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible controls with neither an accessible name nor a text a screen reader can say."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if widget.objectName().startswith("qt_"):  # Qt's own parts (a spin box's editor)
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not widget.accessibleName() and not text.strip():
            missing.append(f"{type(widget).__name__}({widget.objectName()})")
    return missing


def misnamed_labels(root: QWidget) -> list[tuple[str, str]]:
    """(spoken name, shown text) of each label that would be read as something else."""
    return [
        (label.accessibleName(), plain(label.text()))
        for label in root.findChildren(QLabel)
        if label.text() and label.accessibleName() not in ("", plain(label.text()))
    ]
