"""“Copy as curl” for the console: redacted by default, revealing only after a warning.

The command is rendered by the core's ``to_curl(event, reveal=...)``. Copying with secrets opens
a non-modal warning (``open()``, never ``exec()``, so it is safe while coroutines run); only its
explicit “Reveal and copy” button puts the real values on the clipboard, and the clipboard is
wiped again after ``wipe_ms`` (the session's ``clipboard_clear_seconds``) if it still holds them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from capture_desktop.ui.clipboard import ClipboardGuard

CurlRenderer = Callable[[Any, bool], str]
CLIPBOARD_WIPE_MS = 60_000


def core_to_curl(event: Any, reveal: bool) -> str:
    """The core's renderer (imported late: the UI must start without the API loaded)."""
    from capture_desktop.api.request_log import to_curl

    return to_curl(event, reveal=reveal)


class CurlCopier(QObject):
    """Copies an event as curl; ``copied(text, revealed)`` fires after each copy."""

    copied = Signal(str, bool)
    reveal_cancelled = Signal()

    def __init__(
        self,
        parent_widget: QWidget,
        renderer: CurlRenderer = core_to_curl,
        *,
        wipe_ms: int | None = None,
    ) -> None:
        super().__init__(parent_widget)
        self.wipe_ms = wipe_ms or CLIPBOARD_WIPE_MS
        self.guard = ClipboardGuard(self)
        self._parent = parent_widget
        self._render = renderer
        self.confirm_box: QMessageBox | None = None
        self.reveal_button: QPushButton | None = None

    def render(self, event: Any, reveal: bool = False) -> str:
        return self._render(event, reveal)

    def copy_redacted(self, event: Any) -> str:
        text = self._render(event, False)
        _set_clipboard(text)
        self.copied.emit(text, False)
        return text

    def ask_reveal(self, event: Any) -> QMessageBox:
        """Open the warning; the copy happens only if the user picks “Reveal and copy”."""
        if self.confirm_box is not None:
            self.confirm_box.close()
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Copy with secrets?")
        box.setText("Copy this request as curl with the real secrets?")
        box.setInformativeText(
            "The command will contain the client secret, tokens or codes in plain text. "
            "Anyone who sees it (chat, ticket, screen share, shell history) can act as this "
            f"client or user. The clipboard is cleared again after {self.wipe_ms // 1000} seconds."
        )
        reveal = box.addButton("Reveal and copy", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        # The event is bound now: a selection change while the box is open must not swap it.
        box.buttonClicked.connect(lambda button: self._answered(box, button, event))
        self.confirm_box = box
        self.reveal_button = reveal
        box.open()
        return box

    def _answered(self, box: QMessageBox, button: Any, event: Any) -> None:
        if button is not self.reveal_button or box is not self.confirm_box:
            self.reveal_cancelled.emit()
            return
        text = self._render(event, True)
        self.guard.copy(text, self.wipe_ms / 1000)
        self.copied.emit(text, True)


def _set_clipboard(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)
