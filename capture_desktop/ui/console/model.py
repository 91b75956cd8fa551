"""The request console's table model: a bounded list of request-log events, newest last.

Holds at most ``max_entries`` events; appending past the bound drops the oldest rows first
(with proper ``beginRemoveRows``), so memory stays flat however long the app runs. Events are
the core's ``RequestEvent`` (already redacted); the model only reads their attributes, so a
hand-made object with the same fields works too (the console tests use one).
GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from capture_desktop.api.errors import ApiError
from capture_desktop.ui.console.compact import compact
from capture_desktop.ui.table_model import TitledTableModel

if TYPE_CHECKING:
    from capture_desktop.api.request_log import RequestEvent

DEFAULT_MAX_ENTRIES = 1000
COLUMNS = ("Time", "Operation", "Credential", "Status", "Duration", "Request ID")
COL_TIME, COL_OPERATION, COL_CREDENTIAL, COL_STATUS, COL_DURATION, COL_REQUEST_ID = range(6)

EventRole = Qt.ItemDataRole.UserRole + 1
IsErrorRole = Qt.ItemDataRole.UserRole + 2
SearchTextRole = Qt.ItemDataRole.UserRole + 3

_ERROR_BG = QBrush(QColor("#fde8e8"))
_ERROR_FG = QBrush(QColor("#9b1c1c"))

Index = QModelIndex | QPersistentModelIndex
_BOLD = QFont()
_BOLD.setBold(True)
_icon_cache: list[QIcon] = []


def _error_icon() -> QIcon:
    # Built lazily: a QApplication must exist before a style icon can be made.
    if not _icon_cache:
        style = QApplication.style()
        _icon_cache.append(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical))
    return _icon_cache[0]


def is_error(event: RequestEvent) -> bool:
    """An event failed if the core attached an error, or HTTP itself said so."""
    if event.error is not None:
        return True
    return event.http_status is not None and event.http_status >= 400


def status_text(event: RequestEvent) -> str:
    """HTTP status, or Capture's error code when the call failed (Capture often errors with
    HTTP 200, so the code is what tells calls apart)."""
    error = event.error
    if isinstance(error, ApiError):
        return f"error {error.code}"
    if error is not None:
        return type(error).__name__
    return str(event.http_status) if event.http_status is not None else "—"


def time_text(event: RequestEvent) -> str:
    started = event.started_at
    local = started.astimezone() if started.tzinfo else started
    return local.strftime("%H:%M:%S.") + f"{local.microsecond // 1000:03d}"


def duration_text(event: RequestEvent) -> str:
    ms = event.duration_ms
    return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"


def operation_of(event: RequestEvent) -> str:
    return event.operation


# What each column shows of an event, in column order.
_CELL_TEXT: tuple[Callable[[RequestEvent], str], ...] = (
    time_text,
    operation_of,
    lambda event: event.credential_kind or "none",
    status_text,
    duration_text,
    lambda event: event.request_id or "—",
)


class ConsoleModel(TitledTableModel):
    """Bounded, append-only table of request events (oldest dropped first)."""

    titles = COLUMNS

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES, parent: Any = None) -> None:
        super().__init__(parent)
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max = max_entries
        self._events: list[Any] = []
        self._operations: dict[str, int] = {}

    # -- bound -------------------------------------------------------------------------------
    @property
    def max_entries(self) -> int:
        return self._max

    def set_max_entries(self, value: int) -> None:
        """Change the bound; shrinking drops the oldest rows now."""
        if value < 1:
            raise ValueError("max_entries must be at least 1")
        self._max = value
        self._trim()

    def _trim(self) -> None:
        excess = len(self._events) - self._max
        if excess <= 0:
            return
        self.beginRemoveRows(QModelIndex(), 0, excess - 1)
        for event in self._events[:excess]:
            self._forget_operation(operation_of(event))
        del self._events[:excess]
        self.endRemoveRows()

    # -- content -----------------------------------------------------------------------------
    def append(self, event: Any) -> None:
        """Add one event at the bottom, dropping the oldest if the bound is reached.

        Big responses are trimmed first (``compact``), so the bound on entries is a bound
        on memory too.
        """
        event = compact(event)
        if len(self._events) >= self._max:
            # Remove before insert so the model never holds more than the bound.
            self.beginRemoveRows(QModelIndex(), 0, 0)
            self._forget_operation(operation_of(self._events[0]))
            del self._events[0]
            self.endRemoveRows()
        row = len(self._events)
        self.beginInsertRows(QModelIndex(), row, row)
        self._events.append(event)
        op = operation_of(event)
        self._operations[op] = self._operations.get(op, 0) + 1
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._events.clear()
        self._operations.clear()
        self.endResetModel()

    def event_at(self, row: int) -> Any:
        return self._events[row]

    def events(self) -> list[Any]:
        return list(self._events)

    def operations(self) -> list[str]:
        """Operations present in the table, sorted (feeds the operation filter)."""
        return sorted(op for op in self._operations if op)

    def _forget_operation(self, op: str) -> None:
        left = self._operations.get(op, 0) - 1
        if left > 0:
            self._operations[op] = left
        else:
            self._operations.pop(op, None)

    # -- Qt model API ------------------------------------------------------------------------
    def row_total(self) -> int:
        return len(self._events)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._events):
            return None
        event = self._events[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(event, col)
        if role == EventRole:
            return event
        if role == IsErrorRole:
            return is_error(event)
        if role == SearchTextRole:
            return self._search_text(event)
        if role == Qt.ItemDataRole.BackgroundRole and is_error(event):
            return _ERROR_BG
        if role == Qt.ItemDataRole.ForegroundRole and is_error(event):
            return _ERROR_FG
        if role == Qt.ItemDataRole.FontRole and col == COL_STATUS and is_error(event):
            return _BOLD
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS and is_error(event):
            return _error_icon()
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STATUS:
            return event.error.meaning if event.error is not None else None
        if role == Qt.ItemDataRole.UserRole and col == COL_DURATION:
            return event.duration_ms  # numeric sort key
        return None

    @staticmethod
    def _display(event: RequestEvent, col: int) -> str:
        return _CELL_TEXT[col](event) if 0 <= col < len(_CELL_TEXT) else ""

    @staticmethod
    def _search_text(event: RequestEvent) -> str:
        # What the text filter matches: everything visible plus the URL and the error name.
        # Redacted parameters are deliberately left out so a filter never confirms a secret.
        error = event.error
        pieces = [
            operation_of(event),
            event.url,
            event.method,
            event.credential_kind or "",
            status_text(event),
            event.request_id or "",
            type(error).__name__ if error is not None else "",
            error.error if isinstance(error, ApiError) else "",
        ]
        return " ".join(pieces).lower()
