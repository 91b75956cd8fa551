"""The last step of the token wizards: what was stored, its countdown, and where to go next.

"Open record" hands over to the main window's Records view when the wizard runs inside one
(``open_record(type_name, uuid, slot_id)``); standalone, the button explains it is
unavailable instead of failing. "Export for a ticket…" writes the whole run (every call made
while the wizard was open) as a HAR file and a Markdown report, secrets replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from capture_desktop.ui.wizards.base import StepPage
from capture_desktop.ui.wizards.redact import mask
from capture_desktop.ui.wizards.widgets import CountdownLabel, hint, ok_text, status_label


def find_navigator(widget: QWidget, method: str) -> Callable[..., Any] | None:
    """The ``method`` of the nearest ancestor (usually the MainWindow) that has it."""
    node: Any = widget.parentWidget()
    while node is not None:
        found = getattr(node, method, None)
        if callable(found):
            return found  # type: ignore[no-any-return]
        node = node.parentWidget()
    return None


class ResultStep(StepPage):
    """Shows the stored slot: label, record, expiry countdown; offers "Open record"."""

    #: The ticket export's outcome: ``TicketFiles``, or the exception that stopped it.
    ticket_exported = Signal(object)

    def __init__(self, wizard: Any, *, title: str = "Result") -> None:
        super().__init__(
            title,
            "The token is stored and listed in the Tokens panel, where it can be refreshed, "
            "copied or deleted.",
            with_io=False,
        )
        self.wizard = wizard
        self.headline = status_label("Result")
        self.body.addWidget(self.headline)
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
            label.setAccessibleName(name)
            form.addRow(f"{name}:", label)
        form.addRow("", self.countdown)
        self.body.addLayout(form)
        self.body.addWidget(
            hint(
                "Next: in Records, pick “as token holder” with this slot to see exactly what "
                "the token can reach (only its own record). Finish closes this window."
            )
        )
        row = QHBoxLayout()
        self.open_button = QPushButton("Open record in Records")
        self.open_button.setAccessibleName("Open the record in the Records view")
        self.open_button.clicked.connect(self.open_record)
        row.addWidget(self.open_button)
        self.ticket_button = QPushButton("Export for a ticket…")
        self.ticket_button.setToolTip(
            "Write every call of this run as a HAR file and a short report, with every "
            "secret replaced by a placeholder"
        )
        self.ticket_button.clicked.connect(self.ask_ticket_folder)
        self.ticket_dialog: QFileDialog | None = None
        row.addWidget(self.ticket_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.note = status_label("Open record note")
        self.body.addWidget(self.note)
        self.set_complete(True)
        self._record: tuple[str, str | None] = ("user", None)

    def show_result(
        self,
        *,
        slot_label: str,
        type_name: str,
        record: str,
        record_uuid: str | None,
        access_token: str,
        refresh_token: str | None,
        expires_at: datetime,
    ) -> None:
        self.headline.setText(ok_text(f"Stored as “{slot_label}”."))
        self.slot_label.setText(slot_label)
        self.record_label.setText(
            f"{type_name} {record}"
            + (f" — {record_uuid}" if record_uuid and record_uuid not in record else "")
        )
        self.token_label.setText(mask(access_token))
        self.refresh_label.setText(
            mask(refresh_token) if refresh_token else "none issued (sign in again when it expires)"
        )
        self.countdown.start(expires_at)
        self._record = (type_name, record_uuid)
        navigator = find_navigator(self.wizard, "open_record")
        self.open_button.setEnabled(navigator is not None and record_uuid is not None)
        if navigator is None:
            self.note.setText("Open the record from the Tokens panel (Open record) any time.")

    def open_record(self) -> None:
        navigator = find_navigator(self.wizard, "open_record")
        type_name, uuid = self._record
        if navigator is not None and uuid:
            navigator(type_name, uuid, getattr(self.wizard, "slot_id", None))

    # -- export for a ticket ---------------------------------------------------------------
    def ask_ticket_folder(self) -> QFileDialog:
        """Choose a folder (non-modal); the export runs when one is chosen."""
        dialog = QFileDialog(self, "Export for a ticket: choose a folder")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.export_ticket(Path(path)))
        self.ticket_dialog = dialog
        dialog.open()
        return dialog

    def export_ticket(self, folder: Path) -> None:
        """Export every call of this run into ``folder``; ``ticket_exported`` says how."""
        from capture_desktop.services.ticket_export import TicketExporter

        events = list(self.wizard.run_events)
        steps = [f"{page.title}" for page in self.wizard.pages]
        self.ticket_button.setEnabled(False)
        self.note.setText(f"Exporting {len(events)} call(s)…")
        exporter = TicketExporter(self.wizard.session)
        self.wizard.spawn(self._export(exporter, events, steps, folder), "ticket-export")

    async def _export(
        self, exporter: Any, events: list[Any], steps: list[str], folder: Path
    ) -> None:
        try:
            files = await exporter.export(
                events, folder, title=self.wizard.windowTitle(), steps=steps
            )
        except Exception as exc:  # TicketWouldLeak names what matched
            self.note.setText(str(exc))
            self.ticket_exported.emit(exc)
        else:
            self.note.setText(f"Wrote {files.har.name} and {files.report.name}.")
            self.ticket_exported.emit(files)
        finally:
            self.ticket_button.setEnabled(True)
