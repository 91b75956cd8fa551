"""Preferences: clipboard clearing, token auto-refresh default, timeouts, console size,
and the embedded sandbox's token lifetime, lenient switch and schema files. Non-modal; saved
on OK."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.services.session import Session
from capture_desktop.ui.dialogs import modeless
from capture_desktop.ui.sandbox_schemas import SchemaFileList

_Box = TypeVar("_Box", QSpinBox, QDoubleSpinBox)


def _seconds(box: _Box, low: int, high: int, name: str) -> _Box:
    """A setting in seconds: its range, its unit and its spoken name."""
    box.setRange(low, high)
    box.setSuffix(" s")
    box.setAccessibleName(name)
    return box


class PreferencesDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        modeless(self, "PreferencesDialog", "Preferences", "Preferences")
        s = session.settings

        tokens = QGroupBox("Tokens")
        tform = QFormLayout(tokens)
        self.clipboard = _seconds(QSpinBox(), 5, 600, "Clear copied tokens after")
        self.clipboard.setValue(int(s.clipboard_clear_seconds))
        self.auto_refresh = QCheckBox("Refresh new token slots automatically")
        self.auto_refresh.setChecked(s.auto_refresh_default)
        self.auto_refresh.setAccessibleDescription("Auto-refresh new slots")
        tform.addRow("Clear copied tokens after", self.clipboard)
        tform.addRow("", self.auto_refresh)

        network = QGroupBox("Network")
        nform = QFormLayout(network)
        self.timeout = _seconds(QDoubleSpinBox(), 1, 300, "Request timeout")
        self.timeout.setValue(float(s.request_timeout_seconds))
        self.console_max = QSpinBox()
        self.console_max.setRange(50, 100_000)
        self.console_max.setValue(int(s.console_max_entries))
        self.console_max.setAccessibleName("Request console size")
        nform.addRow("Request timeout", self.timeout)
        nform.addRow("Request console keeps", self.console_max)

        sandbox = QGroupBox("Built-in sandbox")
        sform = QFormLayout(sandbox)
        self.sandbox_lifetime = _seconds(QSpinBox(), 5, 86_400, "Sandbox access token lifetime")
        self.sandbox_lifetime.setValue(int(s.sandbox_access_token_lifetime))
        sform.addRow("Access token lifetime", self.sandbox_lifetime)
        self.sandbox_lenient = QCheckBox("Lenient: accept what only the old sandbox accepted")
        self.sandbox_lenient.setChecked(s.sandbox_lenient is True)
        self.sandbox_lenient.setAccessibleName("Lenient sandbox")
        self.sandbox_lenient.setToolTip(
            "Authorization: Bearer, double-quoted filter strings, entity.count by reader "
            "clients and URL parameters on entity.delete: refused by default, as no public "
            "source shows a client doing them (docs/sandbox-fidelity.md)."
        )
        sform.addRow("", self.sandbox_lenient)
        self.schema_files = SchemaFileList(s.sandbox_schema_files)
        sform.addRow("Schema files", self.schema_files)
        note = QLabel(
            "Short lifetimes let you watch tokens expire and refresh. Schema files hold what "
            "your application's /entityType returns; their types join user and consent. "
            "Applies on restart."
        )
        note.setWordWrap(True)
        sform.addRow("", note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Save preferences")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for box in (tokens, network, sandbox):
            layout.addWidget(box)
        layout.addWidget(buttons)

    def _save(self) -> None:
        settings = dataclasses.replace(
            self.session.settings,
            clipboard_clear_seconds=float(self.clipboard.value()),
            auto_refresh_default=self.auto_refresh.isChecked(),
            request_timeout_seconds=float(self.timeout.value()),
            console_max_entries=int(self.console_max.value()),
            sandbox_access_token_lifetime=int(self.sandbox_lifetime.value()),
            sandbox_lenient=self.sandbox_lenient.isChecked(),
            sandbox_schema_files=self.schema_files.files(),
        )
        self.session.update_settings(settings)
        self.close()
