"""The one place errors reach the user: a non-modal error window and an inline banner.

``show_error(parent, exc)`` never starts a nested event loop (it calls ``show()``, not
``exec()``), so it is safe from coroutines and from the excepthook. Errors are explained by
what they mean: an ``ApiError``'s ``meaning``, ``code`` and ``request_id``; the server's
``error_description`` is shown verbatim but never parsed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.ui.a11y import announce

log = logging.getLogger("capture_desktop.ui.errors")

# Families by class name, so the UI needs no import of the core at module load and keeps
# working if a subclass is added there.
_TRANSPORT_HINTS = {
    "InsecureTransportRefused": (
        "Refused to send credentials without TLS",
        "This profile points at a plain http:// address on a host that is not this computer. "
        "The client secret would travel unencrypted, so the request was not sent. Use https://, "
        "or tick “Allow insecure transport for this profile” in the profile if you really must.",
    ),
    "TimeoutError_": (
        "The server did not answer in time",
        "The request timed out. Check the network or try again in a moment.",
    ),
    "NetworkError": (
        "Could not reach the server",
        "The connection failed. Check the Capture domain in the profile and your network.",
    ),
    "SecretStoreUnavailable": (
        "No system keyring is available",
        "Capture Desktop keeps secrets only in the system keyring, and none was found. "
        "On Linux install and unlock a Secret Service (for example GNOME Keyring or KWallet), "
        "then try again. Secrets are never written to a plain file.",
    ),
}


@dataclass(frozen=True)
class ErrorInfo:
    """What the presenter shows: a title, a plain-words meaning and labelled details."""

    title: str
    meaning: str
    details: list[tuple[str, str]] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [self.title, "", self.meaning, ""]
        lines += [f"{name}: {value}" for name, value in self.details]
        return "\n".join(lines).rstrip() + "\n"


def _family(exc: BaseException) -> list[str]:
    return [cls.__name__ for cls in type(exc).__mro__]


def describe_error(exc: BaseException) -> ErrorInfo:
    """Explain ``exc`` for a person. Pure; used by the window, the banner and tests."""
    names = _family(exc)
    if "ApiError" in names:
        code = getattr(exc, "code", None)
        error = getattr(exc, "error", None) or ""
        meaning = str(getattr(exc, "meaning", "") or "The server refused the request.")
        details: list[tuple[str, str]] = []
        if code is not None:
            details.append(("Code", f"{code} {error}".strip()))
        description = getattr(exc, "error_description", None)
        if description:
            details.append(("Server said", str(description)))
        argument = getattr(exc, "argument_name", None)
        if argument:
            details.append(("Argument", str(argument)))
        status = getattr(exc, "http_status", None)
        if status:
            details.append(("HTTP status", str(status)))
        request_id = getattr(exc, "request_id", None)
        details.append(("Request ID", str(request_id) if request_id else "(none)"))
        title = f"Capture error {code}" if code is not None else "Capture error"
        return ErrorInfo(title, meaning, details)
    for name in names:
        if name in _TRANSPORT_HINTS:
            title, meaning = _TRANSPORT_HINTS[name]
            extra = str(getattr(exc, "advice", "") or exc)
            return ErrorInfo(title, meaning, [("Detail", extra)] if extra else [])
    if "CaptureError" in names:
        meaning = str(getattr(exc, "meaning", "") or "The request to Capture failed.")
        detail = str(exc)
        return ErrorInfo("Request failed", meaning, [("Detail", detail)] if detail else [])
    if isinstance(exc, FileNotFoundError) and "cert" in str(exc).lower():
        return ErrorInfo(
            "TLS certificate bundle missing",
            "The certificate file named by SSL_CERT_FILE (or the profile's CA bundle) does "
            "not exist, so secure connections cannot be made.",
            [("Detail", str(exc))],
        )
    return ErrorInfo(
        "Something went wrong",
        "An unexpected error occurred. The details below and the log file help us fix it.",
        [("Error", f"{type(exc).__name__}: {exc}")],
    )


def _details_label(info: ErrorInfo) -> QLabel:
    rows = "".join(
        f"<tr><td style='padding-right:12px'><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>"
        for k, v in info.details
    )
    label = QLabel(f"<table>{rows}</table>")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setAccessibleDescription("Error details")
    return label


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ErrorWindow(QDialog):
    """A non-modal window for one error; deletes itself when closed."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = describe_error(exc)
        self.setObjectName("ErrorWindow")
        self.setWindowTitle(self.info.title)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAccessibleName("Error")
        layout = QVBoxLayout(self)
        title = QLabel(f"<h3>{_esc(self.info.title)}</h3>")
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
        self.info = describe_error(exc)
        details = "<br>".join(f"<b>{_esc(k)}:</b> {_esc(v)}" for k, v in self.info.details)
        self._text.setText(
            f"<b>{_esc(self.info.title)}</b> — {_esc(self.info.meaning)}"
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
