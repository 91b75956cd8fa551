"""The record's raw JSON tab: a monospace editor that can point at a line or an attribute."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class RecordJson(QPlainTextEdit):
    """Edits the record as pretty-printed JSON; ``edited`` fires on user changes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Record JSON")
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(True)  # Tab leaves the editor (no keyboard trap)
        self.setTabChangesFocus(True)
        self._loading = False
        self.textChanged.connect(self._changed)

    def set_record(self, record: dict[str, Any], *, read_only: bool) -> None:
        self._loading = True
        self.setPlainText(json.dumps(record, indent=2, ensure_ascii=False))
        self.setReadOnly(read_only)
        self._loading = False

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def go_to(self, line: int, column: int = 1) -> None:
        block = self.document().findBlockByLineNumber(max(line - 1, 0))
        cursor = QTextCursor(block)
        cursor.movePosition(
            QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, max(column - 1, 0)
        )
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()

    def select_key(self, path: str) -> bool:
        """Put the cursor on the last key of ``path`` (best effort: first match)."""
        key = path.replace("]", "").split(".")[-1].split("[")[0].split("#")[0]
        if not key:
            return False
        found = self.document().find(f'"{key}":')
        if found.isNull():
            return False
        self.setTextCursor(found)
        self.centerCursor()
        return True
