"""The one place errors reach the user in a window of their own: non-modal, one per error.
(The inline strip pages and wizard steps show is ``ui.error_banner``.)

``show_error(parent, exc)`` never starts a nested event loop (it calls ``show()``, not
``exec()``), so it is safe from coroutines and from the excepthook. Errors are explained by
what they mean: an ``ApiError``'s ``meaning``, ``code`` and ``request_id``; the server's
``error_description`` is shown verbatim but never parsed.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# The wording is Qt-free (services.error_text); this module only presents it.
from capture_desktop.services.error_text import ErrorInfo, describe_error
from capture_desktop.ui.dialogs import modeless

__all__ = ["ErrorWindow", "show_error"]

log = logging.getLogger("capture_desktop.ui.errors")


def _details_label(info: ErrorInfo) -> QLabel:
    rows = "".join(
        f"<tr><td style='padding-right:12px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
        for k, v in info.details
    )
    label = QLabel(f"<table>{rows}</table>")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setAccessibleDescription("Error details")
    return label


class ErrorWindow(QDialog):
    """A non-modal window for one error; deletes itself when closed."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = describe_error(exc)
        modeless(self, "ErrorWindow", self.info.title)
        self.setAccessibleName("Error")
        layout = QVBoxLayout(self)
        title = QLabel(f"<h3>{escape(self.info.title)}</h3>")
        title.setAccessibleDescription("Error title")
        meaning = QLabel(self.info.meaning)
        meaning.setWordWrap(True)
        meaning.setAccessibleDescription("What it means")
        layout.addWidget(title)
        layout.addWidget(meaning)
        if self.info.details:
            layout.addWidget(_details_label(self.info))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy details")
        copy.setAccessibleDescription("Copy error details")
        copy.clicked.connect(self._copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        buttons.accepted.connect(self.close)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.info.as_text())


def show_error(parent: QWidget | None, exc: BaseException) -> ErrorWindow:
    """Show ``exc`` in a non-modal window and return it (never blocks, never nests a loop)."""
    log.info("showing error to the user: %s", type(exc).__name__)
    window = ErrorWindow(exc, parent)
    window.show()
    window.raise_()
    return window
