"""One "Export for a ticket…" run, as the request console and the wizards' result page both
offer it: choose a folder (non-modally), then write the calls and say what was written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QWidget


def ask_ticket_folder(parent: QWidget, chosen: Callable[[Path], object]) -> QFileDialog:
    """Open the non-modal "Export for a ticket" folder chooser; ``chosen`` gets the folder."""
    dialog = QFileDialog(parent, "Export for a ticket: choose a folder")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog


async def report_ticket_export(
    export: Awaitable[Any],
    button: QAbstractButton,
    status: QLabel,
    outcome: Callable[[object], object],
) -> None:
    """Await ``export`` (``TicketExporter.export``): ``status`` names the files written, or
    why nothing was (``TicketWouldLeak`` says what matched); ``outcome`` gets the files or the
    exception. ``button``, turned off when the export started, comes back on either way."""
    try:
        files = await export
    except Exception as exc:
        status.setText(str(exc))
        outcome(exc)
    else:
        status.setText(f"Wrote {files.har.name} and {files.report.name}.")
        outcome(files)
    finally:
        button.setEnabled(True)
