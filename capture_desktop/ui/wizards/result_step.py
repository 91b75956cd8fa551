"""The last step of the token wizards: what was stored, its countdown, and where to go next.

"Open record" hands over to the main window's Records view when the wizard runs inside one
(``open_record(type_name, uuid, slot_id)``); standalone, the button explains it is
unavailable instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from capture_desktop.services.flow_display import mask
from capture_desktop.ui.clipboard import ClipboardGuard
from capture_desktop.ui.wizards.step import WizardStep
from capture_desktop.ui.wizards.widgets import CountdownLabel, action_button, hint, ok_text

if TYPE_CHECKING:
    from capture_desktop.services.flows import IssuedToken
    from capture_desktop.ui.wizards.base import WizardBase


def find_navigator(widget: QWidget, method: str) -> Callable[..., Any] | None:
    """The ``method`` of the nearest ancestor (usually the MainWindow) that has it."""
    node: Any = widget.parentWidget()
    while node is not None:
        found = getattr(node, method, None)
        if callable(found):
            return found  # type: ignore[no-any-return]
        node = node.parentWidget()
    return None


class ResultStep(WizardStep):
    """Shows the stored slot: label, record, expiry countdown; offers "Open record"."""

    def __init__(self, wizard: WizardBase, *, title: str = "Result") -> None:
        super().__init__(
            wizard,
            title,
            "The token is stored and listed in the Tokens panel, where it can be refreshed, "
            "copied or deleted.",
            with_io=False,
        )
        self.headline = self.add_status("Result")
        form = QFormLayout()
        self.slot_label = QLabel()
        self.record_label = QLabel()
        self.token_label = QLabel()
        self.refresh_label = QLabel()
        self.countdown = CountdownLabel("Access token expires")
        for label, name in (
            (self.slot_label, "Slot"),
            (self.record_label, "Record"),
            (self.token_label, "Access token"),
            (self.refresh_label, "Refresh token"),
        ):
            label.setAccessibleDescription(name)
            form.addRow(f"{name}:", label)
        form.addRow("", self.countdown)
        self.body.addLayout(form)
        self.body.addWidget(
            hint(
                "Next: in Records, pick “as token holder” with this slot to see exactly what "
                "the token can reach (only its own record). Finish closes this window."
            )
        )
        self.open_button = action_button(
            "Open record in Records", "Open the record in the Records view", self.open_record
        )
        self.add_row(self.open_button)
        from capture_desktop.ui.wizards.ticket_export import TicketExportControl

        self.ticket = TicketExportControl(wizard)
        self.body.addWidget(self.ticket)
        self.note = self.add_status("Open record note")
        # Only for a token kept in memory (no keyring): it is lost on quit, so offer a copy.
        memory_row = QHBoxLayout()
        self.memory_note = QLabel()
        self.memory_note.setWordWrap(True)
        self.memory_note.setAccessibleDescription("Kept in memory only")
        self.memory_note.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.copy_button = QPushButton("Copy access token")
        self.copy_button.setAccessibleName("Copy the access token kept in memory")
        self.copy_button.clicked.connect(self._copy_token)
        memory_row.addWidget(self.memory_note, 1)
        memory_row.addWidget(self.copy_button)
        self.body.addLayout(memory_row)
        self.memory_note.hide()
        self.copy_button.hide()
        self.clipboard = ClipboardGuard(self)
        self._token = ""
        self.set_complete(True)
        self._record: tuple[str, str | None] = ("user", None)

    def _copy_token(self) -> None:
        seconds = 60.0
        self.clipboard.copy(self._token, seconds)
        self.note.setText(
            f"Token copied. The clipboard is cleared in {int(seconds)} s if it still holds it."
        )

    def show_result(self, result: IssuedToken) -> None:
        slot_label, type_name, record = result.label, result.type_name, result.record
        record_uuid = result.record_uuid
        tokens = result.tokens
        self.headline.setText(ok_text(f"Stored as “{slot_label}”."))
        self._token = tokens.access_token
        self.memory_note.setVisible(result.session_only)
        self.copy_button.setVisible(result.session_only)
        if result.session_only:
            self.headline.setText(ok_text(f"Kept as “{slot_label}”, in memory only."))
            self.memory_note.setText(
                "⚠ This session only: there is no system keyring, so this token is not saved "
                "anywhere and is lost when you quit Capture Desktop. Copy it now if you need it "
                "later."
            )
        self.slot_label.setText(slot_label)
        self.record_label.setText(
            f"{type_name} {record}"
            + (f" — {record_uuid}" if record_uuid and record_uuid not in record else "")
        )
        self.token_label.setText(mask(tokens.access_token))
        self.refresh_label.setText(
            mask(tokens.refresh_token)
            if tokens.refresh_token
            else "none issued (sign in again when it expires)"
        )
        self.countdown.start(tokens.expires_at)
        self._record = (type_name, record_uuid)
        navigator = find_navigator(self.wizard, "open_record")
        self.open_button.setEnabled(navigator is not None and record_uuid is not None)
        if navigator is None:
            self.note.setText("Open the record from the Tokens panel (Open record) any time.")

    def open_record(self) -> None:
        navigator = find_navigator(self.wizard, "open_record")
        type_name, uuid = self._record
        if navigator is not None and uuid:
            navigator(type_name, uuid, self.wizard.slot_id)
