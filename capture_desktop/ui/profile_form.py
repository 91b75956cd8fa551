"""The fields of a connection profile, in three sections shared by the wizard and the editor.

No secret value is ever put back into a field: ``SecretField`` shows a password entry only
until a value is taken, then a "stored in keyring" state with Replace and Forget.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from capture_desktop.services.capabilities import transport_problem
from capture_desktop.ui.proxy_field import ProxyField
from capture_desktop.ui.theme import text_colour

AUTH_METHOD_TEXT = {
    "basic": "HTTP Basic (recommended)",
    "params": "client_id / client_secret as form parameters",
    "signed": "janrain-signed (HMAC signature, secret never sent)",
}
ENVIRONMENT_TEXT = {
    "development": "Development / staging",
    "production": "Production (real customer data)",
    "sandbox": "Sandbox / emulator",
}


def _field(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(name)
    return widget


class ConnectionSection(QWidget):
    """Name, Capture domain, environment and the insecure-transport override."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Acme staging")
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText("https://your-app.us.janraincapture.com")
        self.environment = QComboBox()
        for key, text in ENVIRONMENT_TEXT.items():
            self.environment.addItem(text, key)
        self.allow_insecure = QCheckBox("Allow insecure transport for this profile")
        self.allow_insecure.setToolTip(
            "Send the client secret and tokens over plain http:// to a host that is not this "
            "computer. Anyone on the network path can read them."
        )
        self.transport_note = QLabel()
        self.transport_note.setWordWrap(True)
        self.transport_note.setAccessibleDescription("Transport check")
        form.addRow("Profile name", _field(self.name, "Profile name"))
        form.addRow("Capture domain", _field(self.base_url, "Capture domain"))
        form.addRow("Environment", _field(self.environment, "Environment"))
        form.addRow("", _field(self.allow_insecure, "Allow insecure transport for this profile"))
        form.addRow("", self.transport_note)
        self.proxy = ProxyField()
        form.addRow("Proxy", self.proxy)
        self.proxy.changed.connect(self.changed.emit)
        for signal in (self.name.textChanged, self.base_url.textChanged):
            signal.connect(self._update)
        self.allow_insecure.toggled.connect(self._update)
        self.environment.currentIndexChanged.connect(self._update)
        self._update()

    def problem(self) -> str | None:
        if not self.name.text().strip():
            return "Give the profile a name."
        if ":" in self.name.text():
            return "The profile name cannot contain ':'."
        return (
            transport_problem(self.base_url.text(), self.allow_insecure.isChecked())
            or self.proxy.problem()
        )

    def _update(self) -> None:
        url = self.base_url.text().strip()
        refused = transport_problem(url, False) if url else None
        insecure_ok = refused is not None and self.allow_insecure.isChecked()
        if url and refused and not self.allow_insecure.isChecked():
            self.transport_note.setStyleSheet(f"color: {text_colour('error')};")
            self.transport_note.setText(refused)
        elif insecure_ok and url.startswith("http://"):
            self.transport_note.setStyleSheet(f"color: {text_colour('error')}; font-weight: 600;")
            self.transport_note.setText(
                "⚠ Insecure transport allowed: secrets will travel unencrypted. A red warning "
                "is shown wherever this profile is used."
            )
        elif url.startswith("http://"):
            self.transport_note.setStyleSheet("")
            self.transport_note.setText("Plain http is fine here: the host is this computer.")
        else:
            self.transport_note.setStyleSheet("")
            self.transport_note.setText("")
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "base_url": self.base_url.text().strip().rstrip("/"),
            "environment": self.environment.currentData(),
            "allow_insecure": self.allow_insecure.isChecked(),
            "proxy": self.proxy.value(),
        }

    def load(self, profile: Any) -> None:
        self.name.setText(profile.name)
        self.base_url.setText(profile.base_url)
        self.environment.setCurrentIndex(max(0, self.environment.findData(profile.environment)))
        self.allow_insecure.setChecked(bool(profile.allow_insecure))
        self.proxy.set_value(str(getattr(profile, "proxy", "system")))


class SecretField(QWidget):
    """A password entry, or "stored in keyring" with Replace and Forget (never the value)."""

    replace_requested = Signal()
    forget_requested = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedWidget(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.entry = QLineEdit()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setPlaceholderText("Paste the client secret")
        self.entry.setAccessibleName("Client secret")
        self.entry.textChanged.connect(self.changed)
        stored = QWidget()
        row = QHBoxLayout(stored)
        row.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setAccessibleDescription("Client secret state")
        self.replace = QPushButton("Replace…")
        self.replace.setAccessibleDescription("Replace client secret")
        self.forget = QPushButton("Forget")
        self.forget.setAccessibleDescription("Forget client secret")
        self.replace.clicked.connect(self._on_replace)
        self.forget.clicked.connect(self.forget_requested)
        row.addWidget(self.state, 1)
        row.addWidget(self.replace)
        row.addWidget(self.forget)
        self.stack.addWidget(self.entry)
        self.stack.addWidget(stored)

    def _on_replace(self) -> None:
        self.show_entry()
        self.entry.setFocus()
        self.replace_requested.emit()

    def show_entry(self) -> None:
        self.entry.clear()
        self.stack.setCurrentIndex(0)
        self.changed.emit()

    def show_stored(self, text: str = "✔ Stored in keyring") -> None:
        self.entry.clear()
        self.state.setText(text)
        self.stack.setCurrentIndex(1)
        self.changed.emit()

    def show_missing(self) -> None:
        self.show_entry()
        self.entry.setPlaceholderText("No secret stored — paste the client secret")

    def is_entering(self) -> bool:
        return self.stack.currentIndex() == 0

    def take(self) -> str:
        """Return what was typed and clear the entry (the caller stores it at once)."""
        value = self.entry.text().strip()
        self.entry.clear()
        return value


class ClientSection(QWidget):
    """client_id, the secret, the authentication method and the default type_name."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.client_id = QLineEdit()
        self.client_id.setPlaceholderText("the API client's client_id")
        self.secret = SecretField()
        self.auth_method = QComboBox()
        for key, text in AUTH_METHOD_TEXT.items():
            self.auth_method.addItem(text, key)
        self.type_name = QLineEdit("user")
        form.addRow("Client ID", _field(self.client_id, "Client ID"))
        form.addRow("Client secret", self.secret)
        form.addRow("Authentication", _field(self.auth_method, "Authentication method"))
        form.addRow("Default type_name", _field(self.type_name, "Default entity type"))
        note = QLabel("The secret goes straight to the system keyring; it is never shown again.")
        note.setWordWrap(True)
        note.setAccessibleDescription("Secret note")
        form.addRow("", note)
        self.client_id.textChanged.connect(self.changed)
        self.type_name.textChanged.connect(self.changed)
        self.secret.changed.connect(self.changed)

    def problem(self) -> str | None:
        if not self.client_id.text().strip():
            return "Enter the client ID."
        if not self.type_name.text().strip():
            return "Enter the default entity type (usually “user”)."
        return None

    def values(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id.text().strip(),
            "auth_method": self.auth_method.currentData(),
            "type_name": self.type_name.text().strip(),
        }

    def load(self, profile: Any) -> None:
        self.client_id.setText(profile.client_id)
        self.auth_method.setCurrentIndex(max(0, self.auth_method.findData(profile.auth_method)))
        self.type_name.setText(profile.type_name)


class RedirectSection(QWidget):
    """Where the loopback receiver listens for the authorization code."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.host_form = QComboBox()
        self.host_form.addItem("127.0.0.1", "127.0.0.1")
        self.host_form.addItem("localhost", "localhost")
        self.ports = QLineEdit()
        self.ports.setPlaceholderText("empty = any free port; or e.g. 8765, 8766")
        self.path = QLineEdit("/callback")
        self.preview = QLabel()
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setAccessibleDescription("Redirect URI preview")
        note = QLabel(
            "Capture delivers codes only to a redirect_uri registered for the client. With "
            "fixed ports, register each one exactly as shown."
        )
        note.setWordWrap(True)
        form.addRow("Host form", _field(self.host_form, "Redirect host form"))
        form.addRow("Fixed ports", _field(self.ports, "Redirect ports"))
        form.addRow("Path", _field(self.path, "Redirect path"))
        form.addRow("redirect_uri", self.preview)
        form.addRow("", note)
        self.host_form.currentIndexChanged.connect(self._update)
        self.ports.textChanged.connect(self._update)
        self.path.textChanged.connect(self._update)
        self._update()

    def port_list(self) -> list[int] | None:
        text = self.ports.text().replace(";", ",").replace(" ", ",")
        out: list[int] = []
        for part in filter(None, text.split(",")):
            if not part.isdigit() or not 0 < int(part) < 65536:
                return None
            out.append(int(part))
        return out

    def problem(self) -> str | None:
        if self.port_list() is None:
            return "Ports must be numbers from 1 to 65535, separated by commas."
        if not self.path.text().startswith("/") or "?" in self.path.text():
            return "The path must start with “/” and contain no “?”."
        return None

    def _update(self) -> None:
        ports = self.port_list() or []
        port = str(ports[0]) if ports else "<free port>"
        self.preview.setText(f"http://{self.host_form.currentData()}:{port}{self.path.text()}")
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        return {
            "redirect_host_form": self.host_form.currentData(),
            "redirect_ports": self.port_list() or [],
            "redirect_path": self.path.text().strip() or "/callback",
        }

    def load(self, profile: Any) -> None:
        self.host_form.setCurrentIndex(max(0, self.host_form.findData(profile.redirect_host_form)))
        self.ports.setText(", ".join(str(p) for p in profile.redirect_ports))
        self.path.setText(profile.redirect_path)
