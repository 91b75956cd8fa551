"""The table model behind the token panel: one row per slot, with a live countdown.

Rows come from ``session.tokens.slots()``; ``tick()`` (once a second) repaints only the
"expires in" and status cells. The status shown is the keeper's state, except that a valid
token whose expiry has passed reads "expired" until the keeper says otherwise.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from capture_desktop.ui.table_model import TitledTableModel
from capture_desktop.ui.theme import NEUTRAL_FILL, STATE_COLOURS, STATE_LABELS

if TYPE_CHECKING:
    from capture_desktop.store.slots import TokenSlot

COLUMNS = ("Label", "Kind", "Record", "Client", "Expires in", "Status", "Auto-refresh")
COL_EXPIRES = 4
COL_STATUS = 5
COL_AUTO = 6

Index = QModelIndex | QPersistentModelIndex


def format_remaining(seconds: float) -> str:
    """``1 h 02 min``, ``4 min 05 s``, ``12 s``, or ``expired 3 min ago``."""
    if seconds <= 0:
        ago = -int(seconds)
        if ago < 60:
            return f"expired {ago} s ago"
        if ago < 3600:
            return f"expired {ago // 60} min ago"
        return f"expired {ago // 3600} h ago"
    s = int(seconds)
    if s >= 86_400:
        return f"{s // 86_400} d {s % 86_400 // 3600} h"
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60:02d} min"
    if s >= 60:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s} s"


def shown_state(slot: TokenSlot, now: datetime) -> str:
    expires_at = slot.expires_at
    if slot.state in ("valid", "expiring") and expires_at is not None and expires_at <= now:
        return "expired"
    return slot.state


class StatusDelegate(QStyledItemDelegate):
    """Paints the status as a coloured pill, readable even on a selected row."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not isinstance(background, QColor):
            super().paint(painter, option, index)
            return
        painter.save()
        rect = option.rect.adjusted(4, 4, -4, -4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 6, 6)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 24, hint.height())


class TokenTableModel(TitledTableModel):
    titles = COLUMNS

    def __init__(self, clock: Any = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._slots: list[TokenSlot] = []
        self._clock = clock or (lambda: datetime.now(UTC))

    # -- data in ------------------------------------------------------------------------
    def set_slots(self, slots: list[TokenSlot]) -> None:
        self.beginResetModel()
        self._slots = list(slots)
        self.endResetModel()

    def update_slot(self, slot: TokenSlot) -> None:
        for row, existing in enumerate(self._slots):
            if existing.slot_id == slot.slot_id:
                self._slots[row] = slot
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return

    def tick(self) -> None:
        if self._slots:
            last = len(self._slots) - 1
            self.dataChanged.emit(self.index(0, COL_EXPIRES), self.index(last, COL_STATUS))

    def slot_at(self, row: int) -> TokenSlot | None:
        return self._slots[row] if 0 <= row < len(self._slots) else None

    def row_of(self, slot_id: str) -> int:
        for row, slot in enumerate(self._slots):
            if slot.slot_id == slot_id:
                return row
        return -1

    # -- Qt model API -------------------------------------------------------------------
    def row_total(self) -> int:
        return len(self._slots)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_AUTO and self._is_access(index.row()):
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def _is_access(self, row: int) -> bool:
        slot = self.slot_at(row)
        return slot is not None and slot.kind == "access"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        slot = self.slot_at(index.row())
        if slot is None:
            return None
        col = index.column()
        now = self._clock()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(slot, col, now)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return self._display(slot, col, now)  # the cell may be elided in the middle
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STATUS:
            # Why a slot needs a new sign-in (a refused or reused refresh token, say).
            return str(getattr(slot, "reason", None) or "")
        if role == Qt.ItemDataRole.ToolTipRole and col in (2, 3):
            return (slot.record_uuid if col == 2 else slot.client_id) or ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[col]}: {self._display(slot, col, now)}"
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and col == COL_AUTO
            and self._is_access(index.row())
        ):
            on = slot.auto_refresh
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        # Colours rather than brushes: Qt paints a QColor as a solid brush, and naming QBrush
        # would load QGradient's enums (~3 ms of start-up; the table paints before the page
        # is ready).
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            return QColor("white")
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_STATUS:
            return QColor(STATE_COLOURS.get(shown_state(slot, now), NEUTRAL_FILL))
        if role == Qt.ItemDataRole.FontRole and col == COL_STATUS:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_STATUS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return slot.slot_id
        return None

    def _display(self, slot: TokenSlot, col: int, now: datetime) -> str:
        if col == 0:
            label = slot.label or slot.slot_id
            # No keyring: the user chose memory only; it must not pass for a saved token.
            return f"{label} (this session only)" if slot.session_only else label
        if col == 1:
            return "access" if slot.kind == "access" else "creation"
        if col == 2:
            uuid = slot.record_uuid
            email = slot.email
            if slot.kind != "access":
                return f"new {slot.type_name or 'record'}"
            # The email reads best in a narrow column; the uuid is in the tooltip and details.
            return str(email or uuid or "—")
        if col == 3:
            return slot.client_id or "—"
        if col == COL_EXPIRES:
            expires_at = slot.expires_at
            if expires_at is None:
                return "—"
            return format_remaining((expires_at - now).total_seconds())
        if col == COL_STATUS:
            return STATE_LABELS.get(shown_state(slot, now), shown_state(slot, now))
        if col == COL_AUTO:
            if slot.kind != "access":
                return "n/a"
            return "on" if slot.auto_refresh else "off"
        return ""
