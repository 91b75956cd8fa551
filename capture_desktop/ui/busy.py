"""``busy(...)``: disable controls and show a wait cursor for the length of an action.

Used as ``with busy(button, status=label, text="Testing…"):`` around an awaited call; the
controls, label text and cursor are always restored in ``finally`` even when the call fails
or the task is cancelled.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QLabel, QWidget


@contextmanager
def busy(*widgets: QWidget, status: QLabel | None = None, text: str = "Working…") -> Iterator[None]:
    previous = [(w, w.isEnabled()) for w in widgets]
    old_text = status.text() if status is not None else ""
    for widget in widgets:
        widget.setEnabled(False)
    if status is not None:
        status.setText(text)
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
        for widget, enabled in previous:
            # A widget may be gone if its window closed while we waited.
            with suppress(RuntimeError):
                widget.setEnabled(enabled)
        if status is not None:
            try:
                if status.text() == text:
                    status.setText(old_text)
            except RuntimeError:
                pass
