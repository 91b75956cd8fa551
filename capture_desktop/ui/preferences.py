"""Preferences: clipboard clearing, token auto-refresh default, timeouts, console size,
and the embedded sandbox's token lifetime, lenient switch and schema files. Non-modal; saved
on OK."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
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
from capture_desktop.ui.sandbox_schemas import SchemaFileList


class PreferencesDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("PreferencesDialog")
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        s = session.settings

        tokens = QGroupBox("Tokens")
        tform = QFormLayout(tokens)
        self.clipboard = QSpinBox()
        self.clipboard.setRange(5, 600)
        self.clipboard.setSuffix(" s")
        self.clipboard.setValue(int(s.clipboard_clear_seconds))
        self.clipboard.setAccessibleName("Clear copied tokens after")
        self.auto_refresh = QCheckBox("Refresh new token slots automatically")
        self.auto_refresh.setChecked(s.auto_refresh_default)
        self.auto_refresh.setAccessibleDescription("Auto-refresh new slots")
        tform.addRow("Clear copied tokens after", self.clipboard)
        tform.addRow("", self.auto_refresh)

        network = QGroupBox("Network")
        nform = QFormLayout(network)
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1, 300)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(float(s.request_timeout_seconds))
        self.timeout.setAccessibleName("Request timeout")
        self.console_max = QSpinBox()
        self.console_max.setRange(50, 100_000)
        self.console_max.setValue(int(s.console_max_entries))
        self.console_max.setAccessibleName("Request console size")
        nform.addRow("Request timeout", self.timeout)
        nform.addRow("Request console keeps", self.console_max)

        sandbox = QGroupBox("Built-in sandbox")
        sform = QFormLayout(sandbox)
        self.sandbox_lifetime = QSpinBox()
        self.sandbox_lifetime.setRange(5, 86_400)
        self.sandbox_lifetime.setSuffix(" s")
        self.sandbox_lifetime.setValue(int(s.sandbox_access_token_lifetime))
        self.sandbox_lifetime.setAccessibleName("Sandbox access token lifetime")
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
