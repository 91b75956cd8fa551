"""Step "Redirect": start the loopback receiver and show the exact ``redirect_uri``.

Used by the access-token and browser sign-in wizards. The receiver is held by the wizard's
``ReceiverHolder`` (its cleanup closes it) and is replaced when the user changes the settings
and restarts; later steps ask the holder, never this page, for a listening receiver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
)

from capture_desktop.services.flows import ReceiverHolder, RedirectSettings
from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.step import WizardStep
from capture_desktop.ui.wizards.widgets import CopyField, action_button, hint, ok_text

if TYPE_CHECKING:
    from capture_desktop.ui.wizards.base import WizardBase

REGISTER_NOTE = (
    "<b>Register this exact URI</b> with your Capture application (for Hosted Login: on the "
    "login client) before using it against a real server. Capture compares the redirect_uri "
    "character for character: <code>127.0.0.1</code> and <code>localhost</code> are different, "
    "and so is every port. An ephemeral port changes each time, so for a real application "
    "register a fixed port and choose it here. The built-in sandbox accepts any loopback URI."
)


class RedirectStep(WizardStep):
    """Choose port / host form / path, start listening, show and copy ``redirect_uri``."""

    listening = Signal(str)

    def __init__(
        self,
        wizard: WizardBase,
        holder: ReceiverHolder,
        *,
        title: str = "Redirect",
        intro: str = "The app listens on this computer for the code, on a loopback address "
        "only. Choose how, then start listening.",
    ) -> None:
        super().__init__(wizard, title, intro, with_io=False)
        self.holder = holder
        defaults = wizard.flows.redirect_defaults()

        form = QFormLayout()
        port_row = QHBoxLayout()
        self.port_group = QButtonGroup(self)
        self.ephemeral = QRadioButton("Any free port (ephemeral)")
        self.ephemeral.setAccessibleDescription("Use an ephemeral port")
        self.fixed = QRadioButton("Registered fixed port:")
        self.fixed.setAccessibleDescription("Use a registered fixed port")
        self.port_group.addButton(self.ephemeral)
        self.port_group.addButton(self.fixed)
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1024, 65535)
        self.port_spin.setAccessibleName("Fixed port")
        registered = wizard.flows.registered_ports()
        self.port_spin.setValue(defaults.port or (registered[0] if registered else 8765))
        (self.fixed if defaults.port else self.ephemeral).setChecked(True)
        self.port_spin.setEnabled(self.fixed.isChecked())
        self.fixed.toggled.connect(self.port_spin.setEnabled)
        port_row.addWidget(self.ephemeral)
        port_row.addWidget(self.fixed)
        port_row.addWidget(self.port_spin)
        port_row.addStretch(1)
        form.addRow("Port:", port_row)
        if registered:
            form.addRow(
                "", hint("Registered in this profile: " + ", ".join(str(p) for p in registered))
            )
        self.host_combo = QComboBox()
        self.host_combo.addItems(["127.0.0.1", "localhost"])
        self.host_combo.setCurrentText(defaults.host_form)
        self.host_combo.setAccessibleName("Host form")
        self.host_combo.setMaximumWidth(160)
        form.addRow("Host form:", self.host_combo)
        self.path_edit = QLineEdit(defaults.path)
        self.path_edit.setAccessibleName("Redirect path")
        form.addRow("Path:", self.path_edit)
        self.body.addLayout(form)

        self.start_button = action_button(
            "Start listening", "Start the loopback receiver", self._start_clicked
        )
        self.add_row(self.start_button)
        self.status = self.add_status("Receiver status")
        self.uri_field = CopyField("redirect_uri")
        form2 = QFormLayout()
        form2.addRow("redirect_uri:", self.uri_field)
        self.body.addLayout(form2)
        note = hint(REGISTER_NOTE)
        note.setAccessibleDescription("Note on registering the redirect_uri")
        self.body.addWidget(note)
        self.ephemeral.toggled.connect(lambda _c: self._settings_changed())
        self.port_spin.valueChanged.connect(lambda _v: self._settings_changed())
        self.host_combo.currentTextChanged.connect(lambda _t: self._settings_changed())
        self.path_edit.textChanged.connect(lambda _t: self._settings_changed())
        self.holder.settings = self.settings()

    def settings(self) -> RedirectSettings:
        path = self.path_edit.text().strip() or "/callback"
        if not path.startswith("/"):
            path = "/" + path
        port = self.port_spin.value() if self.fixed.isChecked() else 0
        return RedirectSettings(self.host_combo.currentText(), port, path)

    def redirect_uri(self) -> str:
        return self.uri_field.value()

    def _settings_changed(self) -> None:
        self.holder.settings = self.settings()
        if self.holder.receiver is not None:
            self.start_button.setText("Restart with these settings")
            self.status.setText(
                "Settings changed: restart the receiver to use them (the old one still listens)."
            )

    def _start_clicked(self) -> None:
        self.wizard.spawn(self.start(), "start-receiver")

    async def start(self) -> None:
        self.error.clear()
        with busy(self.start_button, text="Starting…", relabel=True):
            self.uri_field.set_value("")
            self.set_complete(False)
            self.holder.settings = self.settings()
            try:
                receiver = await self.holder.start()
            except Exception as exc:
                self.status.setText("Not listening.")
                self.error.show_error(exc)
                return
        self.start_button.setText("Restart with these settings")
        uri = str(receiver.redirect_uri)
        self.uri_field.set_value(uri)
        self.status.setText(ok_text(f"Listening for the code at {uri}"))
        self.set_complete(True)
        self.listening.emit(uri)
