"""The profile's proxy setting in the profile forms, and its pill in the status bar.

The setting is ``"system"``, ``"none"`` or a proxy URL (``capture_desktop.proxy_setting``
owns the rule; these widgets only ask it). Whatever is chosen, loopback hosts are reached
directly and plain ``http://`` is never sent through a proxy.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from capture_desktop.proxy_setting import PROXY_NONE, PROXY_SYSTEM, describe_proxy, proxy_problem

_URL = "url"
CHOICES = {
    PROXY_SYSTEM: "Use the system's proxy settings",
    PROXY_NONE: "No proxy",
    _URL: "This proxy:",
}
HELP = (
    "https requests go through the proxy by CONNECT, so it never sees the client secret. "
    "Loopback addresses never use a proxy, and plain http:// is refused through one."
)


class ProxyField(QWidget):
    """A choice of system / none / a URL (without credentials)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        for key, text in CHOICES.items():
            self.choice.addItem(text, key)
        self.choice.setAccessibleName("Proxy")
        self.choice.setToolTip(HELP)
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://proxy.example:3128")
        self.url.setAccessibleName("Proxy URL")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addWidget(self.url, 1)
        self.choice.currentIndexChanged.connect(lambda _index: self._sync())
        self.url.textChanged.connect(lambda _text: self.changed.emit())
        self._sync()

    def _sync(self) -> None:
        self.url.setVisible(self.choice.currentData() == _URL)
        self.changed.emit()

    def value(self) -> str:
        key = str(self.choice.currentData())
        return self.url.text().strip() if key == _URL else key

    def set_value(self, setting: str) -> None:
        key = setting if setting in (PROXY_SYSTEM, PROXY_NONE) else _URL
        self.choice.setCurrentIndex(max(0, self.choice.findData(key)))
        self.url.setText(setting if key == _URL else "")

    def problem(self) -> str | None:
        if self.choice.currentData() == _URL and not self.url.text().strip():
            return "Enter the proxy URL, or choose another proxy setting."
        problem = proxy_problem(self.value())
        return f"Proxy: {problem}." if problem else None


class ProxyPill(QLabel):
    """Status-bar text naming the active profile's proxy (host and port only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProxyPill")
        self.setToolTip(HELP)
        self.set_profile(None)

    def set_profile(self, profile: object | None) -> None:
        if profile is None:
            self.hide()
            return
        text = describe_proxy(str(getattr(profile, "proxy", PROXY_SYSTEM)))
        self.setText(f"Proxy: {text}")
        self.setAccessibleName(f"Proxy: {text}")
        self.show()
