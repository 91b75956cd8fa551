"""In-app viewer of the local audit log (what this app changed: names only, never values).

``AuditLogView(session=None, parent=None, *, audit_log=None)`` shows the newest entries first,
with a text filter and a profile filter, and reloads by itself when the file changes (the
records service appends from its own ``AuditLog`` instance, so the file is the source of
truth). Reading is done on the GUI thread: the file is capped (rotation at 5 MB) and only the
last ``MAX_ROWS`` entries are loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QFileSystemWatcher,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.store.audit import AuditEntry, AuditLog
from capture_desktop.ui.a11y import keyboard_table
from capture_desktop.ui.table_model import TitledTableModel
from capture_desktop.ui.theme import text_colour

if TYPE_CHECKING:
    from capture_desktop.services.session import Session

MAX_ROWS = 5000
COLUMNS = ("Time", "Profile", "Operation", "Record uuid", "Changed attributes")
ALL_PROFILES = "All profiles"
_Index = QModelIndex | QPersistentModelIndex
# Markers the records service writes instead of attribute names, in words.
_LABELS = {"(record)": "(the whole record)"}


class AuditModel(TitledTableModel):
    """Audit entries, newest first."""

    titles = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._entries = list(reversed(entries))
        self.endResetModel()

    def entry_at(self, row: int) -> AuditEntry:
        return self._entries[row]

    def profiles(self) -> list[str]:
        return sorted({e.profile for e in self._entries})

    def row_total(self) -> int:
        return len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                local = entry.time.astimezone()
                if role == Qt.ItemDataRole.ToolTipRole:
                    return entry.time.isoformat()
                return local.strftime("%Y-%m-%d %H:%M:%S")
            if col == 1:
                return entry.profile
            if col == 2:
                return entry.operation
            if col == 3:
                return entry.uuid or "—"
            if col == 4:
                names = [_LABELS.get(n, n) for n in entry.changed_attributes]
                return ", ".join(names) or "—"
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and "delete" in entry.operation:
            return QBrush(QColor(text_colour("error")))
        return None


class _AuditFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.profile: str | None = None

    def update(self, text: str, profile: str | None) -> None:
        self.beginFilterChange()
        self.words = text.lower().split()
        self.profile = profile
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, AuditModel):
            return True
        entry = model.entry_at(source_row)
        if self.profile is not None and entry.profile != self.profile:
            return False
        hay = " ".join(
            [entry.profile, entry.operation, entry.uuid or "", *entry.changed_attributes]
        ).lower()
        return all(w in hay for w in self.words)


class AuditLogView(QWidget):
    """The audit log, readable in the app. ``session`` is optional (unused for now)."""

    def __init__(
        self,
        session: Session | None = None,
        parent: QWidget | None = None,
        *,
        audit_log: AuditLog | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditLogView")
        self._session = session
        self.audit_log = audit_log or AuditLog.default()
        self.model = AuditModel(self)
        self.proxy = _AuditFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._schedule_reload)
        self._watcher.directoryChanged.connect(self._schedule_reload)
        # Coalesce bursts of file events into one reload.
        self._reload_timer = QTimer(self, singleShot=True, interval=150)
        self._reload_timer.timeout.connect(self.reload)
        self.reload()

    def _build(self) -> None:
        intro = QLabel(
            "Every change this app made to records: when, in which profile, which record and "
            "which attributes. Attribute <i>names</i> only — values and secrets are never "
            "written to this log."
        )
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit(placeholderText="Filter: uuid, operation, attribute…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter changes")
        self.filter_edit.setToolTip("Show only changes whose uuid, operation or attribute match")
        self.filter_edit.textChanged.connect(self._filters_changed)
        self.profile_box = QComboBox()
        self.profile_box.addItem(ALL_PROFILES)
        self.profile_box.setAccessibleName("Profile")
        self.profile_box.setToolTip("Show only the changes made in one connection profile")
        self.profile_box.currentIndexChanged.connect(self._filters_changed)
        refresh = QPushButton("Reload")
        refresh.setToolTip("Read the audit log file again")
        refresh.clicked.connect(self.reload)
        folder = QPushButton("Open folder")
        folder.setToolTip(str(self.audit_log.path.parent))
        folder.clicked.connect(self._open_folder)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.profile_box)
        top.addWidget(refresh)
        top.addWidget(folder)

        self.table = QTableView()
        self.table.setAccessibleName("Recorded changes")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        keyboard_table(self.table)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Change columns")
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 120, 120, 290)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.count_label = QLabel()
        self.path_label = QLabel(f"File: {self.audit_log.path}")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setStyleSheet("color: palette(placeholder-text)")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.path_label)

        self.empty_label = QLabel(
            "No changes recorded yet. Edits, creates and deletes appear here."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); padding: 24px")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(bottom)

    def reload(self) -> None:
        """Re-read the file (keeps the filters)."""
        self.model.set_entries(self.audit_log.entries(limit=MAX_ROWS))
        self._refresh_profiles()
        self._filters_changed()
        self._watch()

    def _watch(self) -> None:
        path = self.audit_log.path
        wanted = [str(p) for p in (path, path.parent) if p.exists()]
        missing = [
            p for p in wanted if p not in self._watcher.files() + self._watcher.directories()
        ]
        if missing:
            self._watcher.addPaths(missing)

    def _schedule_reload(self, *_: Any) -> None:
        self._reload_timer.start()

    def _refresh_profiles(self) -> None:
        chosen = self.profile_box.currentText()
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        self.profile_box.addItem(ALL_PROFILES)
        self.profile_box.addItems(self.model.profiles())
        index = self.profile_box.findText(chosen)
        self.profile_box.setCurrentIndex(max(index, 0))
        self.profile_box.blockSignals(False)

    def _filters_changed(self, *_: Any) -> None:
        profile = self.profile_box.currentText()
        self.proxy.update(self.filter_edit.text(), None if profile == ALL_PROFILES else profile)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            f"{total:,} changes" if shown == total else f"Showing {shown:,} of {total:,} changes"
        )
        self.empty_label.setVisible(total == 0)
        self.table.setVisible(total > 0)

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.audit_log.path.parent)))
