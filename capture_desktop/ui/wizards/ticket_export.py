""" "Export for a ticket…" on a wizard's result page: the whole run as HAR and Markdown.

The wizard records every API call made while it is open (``WizardBase.run_events``); this
control writes them through ``services.ticket_export`` into a folder chosen with a non-modal
dialog, the wizard's step titles as the report's steps. Secrets become named placeholders,
and nothing is written if a known secret would leak (the message says which).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from capture_desktop.ui.a11y import StatusLabel
from capture_desktop.ui.ticket_run import ask_ticket_folder, report_ticket_export


class TicketExportControl(QWidget):
    #: The outcome: ``TicketFiles``, or the exception that stopped the export.
    ticket_exported = Signal(object)

    def __init__(self, wizard: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wizard = wizard
        self.button = QPushButton("Export for a ticket…")
        self.button.setToolTip(
            "Write every call of this run as a HAR file and a short report, with every "
            "secret replaced by a placeholder"
        )
        self.button.clicked.connect(self.ask_folder)
        self.status = StatusLabel()  # the outcome is announced, not only shown
        self.status.setAccessibleDescription("Ticket export result")
        self.status.setWordWrap(True)
        self.dialog: QFileDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.status, 1)

    def ask_folder(self) -> QFileDialog:
        """Choose a folder (non-modal); the export runs when one is chosen."""
        self.dialog = ask_ticket_folder(self, self.export)
        return self.dialog

    def export(self, folder: Path) -> None:
        """Export every call of this run into ``folder``; ``ticket_exported`` says how."""
        from capture_desktop.services.ticket_export import TicketExporter

        events = list(self.wizard.run_events)
        steps = [page.title for page in self.wizard.pages]
        self.button.setEnabled(False)
        self.status.setText(f"Exporting {len(events)} call(s)…")
        exporter = TicketExporter(self.wizard.session)
        self.wizard.spawn(self._export(exporter, events, steps, folder), "ticket-export")

    async def _export(
        self, exporter: Any, events: list[Any], steps: list[str], folder: Path
    ) -> None:
        await report_ticket_export(
            exporter.export(events, folder, title=self.wizard.windowTitle(), steps=steps),
            self.button,
            self.status,
            self.ticket_exported.emit,
        )
