"""Preferences' list of schema files for the built-in sandbox (its ``--schema``).

Each file holds the JSON that the real ``/entityType`` call returns, for one or more entity
types; the sandbox then models that application. Files are added with a non-modal file dialog
(``open()``), so no nested event loop runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SchemaFileList(QWidget):
    """The chosen files, in order; ``files()`` is what Preferences saves."""

    def __init__(self, files: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Sandbox schema files")
        self.list.setMaximumHeight(90)
        self.add_button = QPushButton("Add schema file…")
        self.add_button.setAccessibleDescription("Add a sandbox schema file")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleDescription("Remove the selected schema file")
        self.add_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentRowChanged.connect(lambda row: self.remove_button.setEnabled(row >= 0))
        self.remove_button.setEnabled(False)
        self.dialog: QFileDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.add_files(files)

    def files(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item.text() for item in items if item is not None]

    def add_files(self, files: Iterable[str]) -> None:
        known = set(self.files())
        for name in files:
            if name and name not in known:
                self.list.addItem(name)
                known.add(name)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def choose(self) -> None:
        start = str(Path(self.files()[-1]).parent) if self.files() else str(Path.home())
        dialog = QFileDialog(self, "Add schema files", start, "Schema JSON (*.json);;All (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(self.add_files)
        self.dialog = dialog
        dialog.open()
