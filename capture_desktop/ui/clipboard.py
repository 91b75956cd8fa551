"""Copy a secret to the clipboard and take it back after a while.

The clipboard is cleared after ``seconds`` only if it still holds that exact value, so
anything the user copied since is left alone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton


class ClipboardGuard(QObject):
    """One pending clear at a time; a new copy replaces the previous one."""

    cleared = Signal(bool)  # True when the clipboard was cleared, False when left alone

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self._value: str | None = None

    def copy(self, value: str, seconds: float) -> None:
        QGuiApplication.clipboard().setText(value)
        self._value = value
        self._timer.start(max(1, int(seconds * 1000)))

    def pending(self) -> bool:
        return self._timer.isActive()

    def _expire(self) -> None:
        clipboard = QGuiApplication.clipboard()
        still_ours = self._value is not None and clipboard.text() == self._value
        if still_ours:
            clipboard.clear()
        self._value = None
        self.cleared.emit(still_ours)

    def flush(self) -> None:
        """Clear now if still ours (used on quit)."""
        if self._timer.isActive():
            self._timer.stop()
            self._expire()


def show_copied(button: QAbstractButton, seconds: float = 1.5) -> None:
    """Say "Copied ✓" on the button that copied, then put its label back."""
    label = button.property("copy_label") or button.text()
    button.setProperty("copy_label", label)
    button.setText("Copied ✓")
    # The button as context: the timer is dropped if the button is gone by then.
    QTimer.singleShot(int(seconds * 1000), button, lambda: button.setText(str(label)))
