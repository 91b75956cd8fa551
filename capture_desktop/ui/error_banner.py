"""The inline error strip pages and wizard steps show: dismissible, hidden when empty.

It explains an error the way the error window does (``services.error_text``), in one line
and its details, and has a screen reader announce it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from capture_desktop.services.error_text import describe_error
from capture_desktop.ui.a11y import announce

if TYPE_CHECKING:
    from capture_desktop.services.error_text import ErrorInfo


class ErrorBanner(QFrame):
    """An inline, dismissible error strip for pages and wizard steps; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ErrorBanner")
        self.setAccessibleName("Error message")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#ErrorBanner { background: palette(base); border: 1px solid #c62828;"
            " border-left: 5px solid #c62828; border-radius: 4px; }"
        )
        self.info: ErrorInfo | None = None
        layout = QHBoxLayout(self)
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._text.setAccessibleDescription("Error text")
        close = QPushButton("Dismiss")
        close.setAccessibleDescription("Dismiss error")
        close.clicked.connect(self.clear)
        layout.addWidget(self._text)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_error(self, exc: BaseException) -> None:
        from html import escape  # html.entities is large; loaded with the first error

        self.info = describe_error(exc)
        details = "<br>".join(f"<b>{escape(k)}:</b> {escape(v)}" for k, v in self.info.details)
        self._text.setText(
            f"<b>{escape(self.info.title)}</b> — {escape(self.info.meaning)}"
            + (f"<br><small>{details}</small>" if details else "")
        )
        self.show()
        announce(self._text, f"{self.info.title}: {self.info.meaning}", assertive=True)

    def text(self) -> str:
        return self._text.text()

    def clear(self) -> None:
        self.info = None
        self._text.clear()
        self.hide()
