"""The request console: a live, bounded, redacted table of every API call of the session.

``ConsoleView(session, parent=None)`` listens to ``session.request_logged`` (a core
``RequestEvent``, emitted on the GUI thread). Rows show time, operation, credential kind,
status, duration and request id; failed calls are tinted red. The detail pane shows the
selected call's redacted parameters, headers and pretty-printed response. Filters: free text,
operation, errors only. “Copy as curl” copies the redacted command; “Copy with secrets…” asks
first (non-modal). “Export for a ticket…” writes the selected calls (or all shown) as a HAR
file and a Markdown report with secrets replaced (``services.ticket_export``). The table
keeps the last ``max_entries`` calls (default 1000).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.ui.a11y import keyboard_table
from capture_desktop.ui.clipboard import show_copied
from capture_desktop.ui.console.curl import CurlCopier, CurlRenderer, core_to_curl
from capture_desktop.ui.console.detail import ConsoleDetail
from capture_desktop.ui.console.filter import ConsoleFilterProxy
from capture_desktop.ui.console.model import (
    COL_OPERATION,
    COL_REQUEST_ID,
    COL_STATUS,
    ConsoleModel,
    EventRole,
)
from capture_desktop.ui.ticket_run import ask_ticket_folder, report_ticket_export

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from capture_desktop.api.request_log import RequestLog
    from capture_desktop.services.settings import Settings
    from capture_desktop.services.tasks import TaskRunner

ALL_OPERATIONS = "All operations"


class ConsoleSession(Protocol):
    """What the console needs of the session (``services.session.Session`` has it)."""

    @property
    def request_logged(self) -> SignalInstance: ...  # a RequestEvent, on the GUI thread

    @property
    def settings_changed(self) -> SignalInstance: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def request_log(self) -> RequestLog: ...

    @property
    def runner(self) -> TaskRunner: ...

    def update_settings(self, settings: Settings) -> None: ...


class _ConsoleTable(QTableView):
    """Ctrl+C copies the selected call as (redacted) curl instead of one cell's text."""

    def __init__(self, console: ConsoleView) -> None:
        super().__init__()
        self._console = console

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self._console.copy_curl()
            event.accept()
            return
        super().keyPressEvent(event)


class ConsoleView(QWidget):
    """Live request console for ``session`` (anything with a ``request_logged`` signal)."""

    #: The ticket export's outcome: ``TicketFiles``, or the exception that stopped it.
    ticket_exported = Signal(object)

    def __init__(
        self,
        session: ConsoleSession,
        parent: QWidget | None = None,
        *,
        max_entries: int | None = None,
        curl_renderer: CurlRenderer = core_to_curl,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consoleView")
        self._session = session
        settings = session.settings
        if max_entries is None:
            max_entries = settings.console_max_entries
        self.model = ConsoleModel(max_entries, self)
        self.proxy = ConsoleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        wipe_s = settings.clipboard_clear_seconds
        wipe_ms = int(wipe_s * 1000) if wipe_s > 0 else None
        self.copier = CurlCopier(self, curl_renderer, wipe_ms=wipe_ms)
        # Persisting the bound is debounced: the spin box fires on every step.
        self._save_timer = QTimer(self, singleShot=True, interval=800)
        self._save_timer.timeout.connect(self._save_bound)
        self._build()
        self._replay_history(session)
        session.request_logged.connect(self.add_event)
        session.settings_changed.connect(self._settings_changed)

    def _replay_history(self, session: ConsoleSession) -> None:
        # Calls made before the console was first shown (the core keeps a short history).
        for event in session.request_log.events():
            self.model.append(event)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.filter_edit = QLineEdit(placeholderText="Filter: operation, status, request id…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter calls")
        self.filter_edit.setToolTip(
            "Show only calls whose operation, status, request id or URL contains these words"
        )
        self.filter_edit.textChanged.connect(self._filters_changed)
        self.operation_box = QComboBox()
        self.operation_box.addItem(ALL_OPERATIONS)
        self.operation_box.setAccessibleName("Operation")
        self.operation_box.setToolTip("Show only calls of one API operation")
        self.operation_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.operation_box.currentIndexChanged.connect(self._filters_changed)
        self.errors_only = QCheckBox("Errors only")
        self.errors_only.setToolTip("Show only failed calls (transport errors and API errors)")
        self.errors_only.toggled.connect(self._filters_changed)
        self.copy_button = QPushButton("Copy as curl")
        self.copy_button.setToolTip("Copy the selected call as a curl command, secrets masked")
        self.copy_button.clicked.connect(self.copy_curl)
        self.reveal_button = QPushButton("Copy with secrets…")
        self.reveal_button.setToolTip("Copy with the real secrets, after a warning")
        self.reveal_button.clicked.connect(self.copy_curl_revealed)
        self.ticket_button = QPushButton("Export for a ticket…")
        self.ticket_button.setToolTip(
            "Write the selected calls (or all shown) as a HAR file and a short report, with "
            "every secret replaced by a placeholder"
        )
        self.ticket_button.clicked.connect(self.ask_ticket_folder)
        self.ticket_button.setVisible(self._ticket_exporter() is not None)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Remove every call from the console (nothing is sent)")
        self.clear_button.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.operation_box)
        top.addWidget(self.errors_only)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        top.addWidget(self.reveal_button)
        top.addWidget(self.ticket_button)
        top.addWidget(self.clear_button)

        self.table = _ConsoleTable(self)
        self.table.setAccessibleName("API calls")
        self.table.setToolTip("Ctrl+C copies the selected call as curl; right-click for more")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several calls can be selected for a ticket export; the detail shows the first.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(False)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Call columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((100, 190, 110, 110, 80)):
            header.resizeSection(col, width)
        header.resizeSection(COL_STATUS, 110)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Enter on a call opens its detail: the selection already shows it, focus follows.
        keyboard_table(self.table, lambda _index: self.focus_detail())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot in (
            ("Copy as curl", self.copy_curl),
            ("Copy with secrets…", self.copy_curl_revealed),
            ("Copy request id", self.copy_request_id),
        ):
            action = QAction(text, self.table)
            action.triggered.connect(slot)
            self.table.addAction(action)

        self.detail = ConsoleDetail()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.count_label = QLabel()
        self.ticket_label = QLabel()
        self.ticket_label.setAccessibleDescription("Ticket export result")
        self.ticket_label.setWordWrap(True)
        self.ticket_dialog: QFileDialog | None = None
        self.max_spin = QSpinBox()
        self.max_spin.setRange(1, 100_000)
        self.max_spin.setSingleStep(100)
        self.max_spin.setValue(self.model.max_entries)
        self.max_spin.setSuffix(" calls")
        self.max_spin.setAccessibleName("Keep the last calls")
        self.max_spin.setToolTip("How many calls the console keeps; older ones are dropped")
        self.max_spin.valueChanged.connect(self.set_max_entries)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.ticket_label, 1)
        bottom.addStretch(1)
        keep_label = QLabel("Keep the last")
        keep_label.setBuddy(self.max_spin)
        bottom.addWidget(keep_label)
        bottom.addWidget(self.max_spin)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._rows_changed)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset):
            signal.connect(self._update_count)
        self._update_actions()
        self._update_count()

    # -- public API --------------------------------------------------------------------------
    def add_event(self, event: Any) -> None:
        """Append one request event (slot for ``session.request_logged``)."""
        bar = self.table.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 2
        self.model.append(event)
        if follow:
            self.table.scrollToBottom()

    def focus_detail(self) -> None:
        """Move the keyboard to the selected call's detail (the pane on its current tab)."""
        pane = self.detail.tabs.currentWidget()
        (pane or self.detail.tabs).setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        self.model.clear()
        self.detail.show_event(None)

    def set_max_entries(self, value: int) -> None:
        """Change how many calls are kept (oldest dropped now); saved to the settings."""
        if value == self.model.max_entries:
            return
        self.model.set_max_entries(value)
        if self.max_spin.value() != value:
            self.max_spin.setValue(value)
        self._save_timer.start()

    def _save_bound(self) -> None:
        settings = self._session.settings
        if settings.console_max_entries != self.model.max_entries:
            self._session.update_settings(
                replace(settings, console_max_entries=self.model.max_entries)
            )

    def _settings_changed(self) -> None:
        value = self._session.settings.console_max_entries
        if value >= 1 and value != self.model.max_entries:
            self.model.set_max_entries(value)
            self.max_spin.blockSignals(True)
            self.max_spin.setValue(value)
            self.max_spin.blockSignals(False)

    def selected_event(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(EventRole) if rows else None

    def selected_events(self) -> list[Any]:
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [row.data(EventRole) for row in rows]

    def shown_events(self) -> list[Any]:
        return [self.proxy.index(r, 0).data(EventRole) for r in range(self.proxy.rowCount())]

    def _ticket_exporter(self) -> Any:
        # Only a real session (keyring, profiles, token slots) can scan for every secret.
        # Looked up on the class: reading the properties would load the keyring now.
        kind = type(self._session)
        if not all(hasattr(kind, name) for name in ("secrets", "tokens", "profile_store")):
            return None
        from capture_desktop.services.ticket_export import TicketExporter

        return TicketExporter(self._session)

    def ask_ticket_folder(self) -> QFileDialog:
        """Choose a folder (non-modal); the export runs when one is chosen."""
        self.ticket_dialog = ask_ticket_folder(self, self.export_ticket)
        return self.ticket_dialog

    def export_ticket(self, folder: Path) -> None:
        """Export the selected calls (all shown calls when none is selected) into ``folder``;
        ``ticket_exported`` reports the outcome."""
        exporter = self._ticket_exporter()
        events = self.selected_events() or self.shown_events()
        if exporter is None or not events:
            self.ticket_label.setText("No calls to export.")
            return
        self.ticket_button.setEnabled(False)
        self.ticket_label.setText(f"Exporting {len(events)} call(s)…")
        self._session.runner.run(self._export(exporter, events, folder), name="console:ticket")

    async def _export(self, exporter: Any, events: list[Any], folder: Path) -> None:
        await report_ticket_export(
            exporter.export(events, folder, title="Capture Desktop: API calls"),
            self.ticket_button,
            self.ticket_label,
            self.ticket_exported.emit,
        )

    def select_row(self, proxy_row: int) -> None:
        self.table.selectRow(proxy_row)

    def copy_curl(self) -> str | None:
        """Copy the selected call as curl, secrets as placeholders."""
        event = self.selected_event()
        if event is None:
            return None
        copied = self.copier.copy_redacted(event)
        show_copied(self.copy_button)
        return copied

    def copy_request_id(self) -> None:
        event = self.selected_event()
        request_id = event.request_id if event is not None else None
        clipboard = QGuiApplication.clipboard()
        if request_id and clipboard is not None:
            clipboard.setText(str(request_id))

    def copy_curl_revealed(self) -> None:
        """Ask (non-modal) before copying the selected call with its real secrets."""
        event = self.selected_event()
        if event is not None:
            self.copier.ask_reveal(event)

    # -- reactions ---------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        self.proxy.set_text(self.filter_edit.text())
        op = self.operation_box.currentText()
        self.proxy.set_operation(None if op == ALL_OPERATIONS else op)
        self.proxy.set_errors_only(self.errors_only.isChecked())
        self._update_count()

    def _rows_changed(self, *_: Any) -> None:
        ops = self.model.operations()
        current = [self.operation_box.itemText(i) for i in range(1, self.operation_box.count())]
        if ops == current:
            return
        chosen = self.operation_box.currentText()
        self.operation_box.blockSignals(True)
        self.operation_box.clear()
        self.operation_box.addItem(ALL_OPERATIONS)
        self.operation_box.addItems(ops)
        # A chosen operation stays chosen even when its rows were all dropped.
        if chosen != ALL_OPERATIONS and chosen not in ops:
            self.operation_box.addItem(chosen)
        self.operation_box.setCurrentText(chosen)
        self.operation_box.blockSignals(False)

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        event = self.selected_event()
        curl = self.copier.render(event, False) if event is not None else ""
        self.detail.show_event(event, curl)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.selected_event() is not None
        self.copy_button.setEnabled(has)
        self.reveal_button.setEnabled(has)

    def _update_count(self, *_: Any) -> None:
        shown, kept = self.proxy.rowCount(), self.model.rowCount()
        text = f"{kept:,} calls" if shown == kept else f"Showing {shown:,} of {kept:,} calls"
        self.count_label.setText(text)
        if not self.table.selectionModel().hasSelection():
            self._update_actions()

    def visible_column_text(self, proxy_row: int) -> dict[str, str]:
        """The displayed texts of one row (handy for tests and screenshots)."""
        idx = self.proxy.index
        return {
            "operation": str(idx(proxy_row, COL_OPERATION).data()),
            "status": str(idx(proxy_row, COL_STATUS).data()),
            "request_id": str(idx(proxy_row, COL_REQUEST_ID).data()),
        }
