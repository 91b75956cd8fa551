"""Filtering and sorting for the request console: free text, one operation, errors only.

Text matches operation, URL, method, credential kind, status, request id and the error name
(case-insensitive, all words must match). Parameters are not searched on purpose: a filter that
hits on a secret's value would confirm it even when the value is masked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from capture_desktop.ui.console.model import (
    COL_DURATION,
    EventRole,
    IsErrorRole,
    SearchTextRole,
    operation_of,
)

Index = QModelIndex | QPersistentModelIndex


class ConsoleFilterProxy(QSortFilterProxyModel):
    """Rows of a ``ConsoleModel`` that pass the text, operation and errors-only filters."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._operation: str | None = None
        self._errors_only = False

    def set_text(self, text: str) -> None:
        words = text.lower().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self._changed()

    def set_operation(self, operation: str | None) -> None:
        """Only rows of this operation; ``None`` or ``""`` shows all."""
        operation = operation or None
        if operation != self._operation:
            self.beginFilterChange()
            self._operation = operation
            self._changed()

    def set_errors_only(self, on: bool) -> None:
        if on != self._errors_only:
            self.beginFilterChange()
            self._errors_only = on
            self._changed()

    def _changed(self) -> None:
        # Qt 6.9+ API (invalidateFilter is deprecated and warnings are errors in tests).
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if model is None:
            return True
        index = model.index(source_row, 0, source_parent)
        if self._errors_only and not model.data(index, IsErrorRole):
            return False
        if self._operation is not None:
            event = model.data(index, EventRole)
            if operation_of(event) != self._operation:
                return False
        if self._words:
            haystack = str(model.data(index, SearchTextRole) or "")
            return all(word in haystack for word in self._words)
        return True

    def lessThan(self, left: Index, right: Index) -> bool:
        if left.column() == COL_DURATION:
            a = left.data(Qt.ItemDataRole.UserRole)
            b = right.data(Qt.ItemDataRole.UserRole)
            return float(a or 0.0) < float(b or 0.0)
        return bool(super().lessThan(left, right))
