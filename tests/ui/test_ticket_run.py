"""One "Export for a ticket…" run: the folder is chosen non-modally, and the outcome is said
and handed on, the button coming back either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from capture_desktop.ui.ticket_run import ask_ticket_folder, report_ticket_export


class _Files:
    def __init__(self, folder: Path) -> None:
        self.har = folder / "calls.har"
        self.report = folder / "report.md"


def test_the_ticket_folder_chooser_hands_over_the_chosen_folder(qtbot: Any, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    chosen: list[Path] = []
    dialog = ask_ticket_folder(parent, chosen.append)
    assert dialog.isVisible()  # open() returned: no nested loop
    assert dialog.fileMode() == QFileDialog.FileMode.Directory
    assert dialog.testOption(QFileDialog.Option.ShowDirsOnly)
    dialog.fileSelected.emit(str(tmp_path))
    assert chosen == [tmp_path]
    dialog.close()


async def test_written_files_are_named_and_handed_on(qapp: object, tmp_path: Path) -> None:
    button, status = QPushButton("Export for a ticket…"), QLabel()
    button.setEnabled(False)
    outcomes: list[object] = []
    files = _Files(tmp_path)

    async def export() -> _Files:
        return files

    await report_ticket_export(export(), button, status, outcomes.append)
    assert status.text() == "Wrote calls.har and report.md."
    assert outcomes == [files] and button.isEnabled()


async def test_a_refused_export_says_why_and_frees_the_button(qapp: object) -> None:
    button, status = QPushButton("Export for a ticket…"), QLabel()
    button.setEnabled(False)
    outcomes: list[object] = []
    refusal = ValueError("a client secret would leak: api_secret")

    async def export() -> None:
        raise refusal

    await report_ticket_export(export(), button, status, outcomes.append)
    assert status.text() == "a client secret would leak: api_secret"
    assert outcomes == [refusal] and button.isEnabled()
