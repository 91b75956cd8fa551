"""The entity browser: type selector, credential selector, filter bar and lazy results table.

As admin it searches with entity.find; as a token holder it shows only the token's own record
(Capture ignores any other selector for an access token). A read-only client
(``direct_read_access``) gets no create button and opens records read-only.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.api.errors import ApiError, ContainsOperatorRemoved
from capture_desktop.editing.filters import FilterValueError
from capture_desktop.editing.schema import Schema, infer_schema, schema_from
from capture_desktop.services.capabilities import READ_FEATURES, WRITE_FEATURES
from capture_desktop.services.error_text import describe_error
from capture_desktop.services.records import ADMIN, Credential, Permissions, RecordsService
from capture_desktop.ui.a11y import announce, keyboard_table
from capture_desktop.ui.error_banner import ErrorBanner
from capture_desktop.ui.records.credential_selector import CredentialSelector
from capture_desktop.ui.records.filter_builder import FilterBar
from capture_desktop.ui.records.results_model import ResultsModel
from capture_desktop.ui.records.tasks import runner_for
from capture_desktop.ui.theme import text_colour

COLUMN_MIN, COLUMN_MAX = 60, 360  # px: no column vanishes, none takes the whole table

log = logging.getLogger("capture_desktop.ui.records.browser")


def is_filter_error(exc: BaseException) -> bool:
    """The server refused the filter text itself (shown beside the filter, not as a banner)."""
    return isinstance(exc, ContainsOperatorRemoved) or (
        isinstance(exc, ApiError) and exc.argument_name == "filter"
    )


class RecordBrowser(QWidget):
    """Search and list records; emits ``open_requested(type_name, uuid, credential)``."""

    open_requested = Signal(str, str, object)
    create_requested = Signal(str)
    schema_loaded = Signal(object)  # Schema

    def __init__(self, service: RecordsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordBrowser")
        self.service = service
        self._runner = runner_for(service.session, self)
        self.permissions = Permissions(None)
        self.schema = Schema("")
        self._last_filter = ""  # the filter text of the last search, shown when refused
        self.credential: Credential = ADMIN
        # Top row: type and credential
        self.type_combo = QComboBox()
        self.type_combo.setEditable(True)
        self.type_combo.setAccessibleName("Entity type")
        self.type_combo.setMinimumContentsLength(10)
        self.type_combo.activated.connect(lambda _i: self._type_chosen())
        line = self.type_combo.lineEdit()
        if line is not None:
            line.setAccessibleName("Entity type")
            line.editingFinished.connect(self._type_chosen)
        self.credentials = CredentialSelector()
        self.credentials.credential_changed.connect(self._credential_changed)
        self.new_button = QPushButton("New record…")
        self.new_button.setAccessibleDescription("Create a new record")
        self.new_button.clicked.connect(lambda: self.create_requested.emit(self.type_name()))
        top = QHBoxLayout()
        type_caption = QLabel("Entity type:")
        type_caption.setBuddy(self.type_combo)
        top.addWidget(type_caption)
        top.addWidget(self.type_combo)
        top.addSpacing(16)
        top.addWidget(self.credentials, 1)
        top.addWidget(self.new_button)
        # Filter and search
        self.filter_bar = FilterBar()
        self.filter_bar.search_requested.connect(self.search)
        self.search_button = QPushButton("Search")
        self.search_button.setDefault(True)
        self.search_button.setAccessibleDescription("Search records")
        self.search_button.clicked.connect(self.search)
        self.columns_button = QToolButton()
        self.columns_button.setText("Columns")
        self.columns_button.setAccessibleDescription("Choose columns")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self.columns_button)
        self.columns_button.setMenu(self.columns_menu)
        self.token_note = QLabel(
            "Acting as a token holder: an access token reaches only its own record, so "
            "search is off. Switch to Admin to search."
        )
        self.token_note.setWordWrap(True)
        self.token_note.setStyleSheet(f"color: {text_colour('warning')};")
        self.token_note.hide()
        # Results
        self.model = ResultsModel(service, self)
        self.table = QTableView()
        self.table.setAccessibleName("Search results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        # Columns are sized to their content once a search's first page is in (fit_columns);
        # a stretched last column would take every spare pixel from the others.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fitted = False
        self.model.modelReset.connect(self._unfit)
        self.model.page_loaded.connect(self._fit_once)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setAccessibleName("Result columns")
        self.table.verticalHeader().setAccessibleName("Result rows")
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(self._open_index)
        keyboard_table(self.table, self._open_index)
        self.export_button = QPushButton("Export…")
        self.export_button.setAccessibleDescription("Export the current results")
        self.export_button.setToolTip("Export every page of the current search to CSV or JSON")
        self.export_button.clicked.connect(self.open_export)
        self.export_button.setEnabled(False)
        self.open_button = QPushButton("Open record")
        self.open_button.setAccessibleDescription("Open selected record")
        self.open_button.clicked.connect(self.open_selected)
        self.summary = QLabel()
        self.summary.setAccessibleDescription("Result count")
        self.banner = ErrorBanner()
        self.model.total_changed.connect(lambda _t: self._update_summary())
        self.model.page_loaded.connect(lambda _n: self._update_summary())
        self.model.loading_changed.connect(self._loading)
        self.model.failed.connect(self._search_failed)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.columns_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.open_button)
        search_row = QHBoxLayout()
        search_row.addWidget(self.filter_bar, 1)
        search_row.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(search_row)
        layout.addWidget(self.token_note)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # ---- setup -------------------------------------------------------------------------------
    def type_name(self) -> str:
        return self.type_combo.currentText().strip() or self.service.default_type()

    async def load_permissions(self) -> None:
        """What the client may do, from its features (shown on the credential badge)."""
        self.permissions = await self.service.permissions()
        self.credentials.set_permissions(self.permissions)
        self.new_button.setEnabled(self.permissions.can_write)
        self.new_button.setToolTip(self.permissions.needs(WRITE_FEATURES))
        # A disabled button says which feature it needs; an enabled one keeps its own words.
        needs_read = self.permissions.needs(READ_FEATURES)
        self.search_button.setEnabled(not needs_read and not self.model.loading)
        self.search_button.setToolTip(needs_read)
        self.open_button.setEnabled(not needs_read)
        self.open_button.setToolTip(needs_read)
        self.new_button.setVisible(not self.permissions.read_only and not self.credential.is_token)

    async def load(self) -> None:
        """Read permissions, types and the schema; call once the session has a profile."""
        await self.load_permissions()
        self.refresh_slots()
        names = [self.service.default_type()]
        if self.permissions.can_list_types:
            try:
                names = await self.service.type_names() or names
            except Exception as exc:
                log.info("entityType.list refused: %s", type(exc).__name__)
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        self.type_combo.addItems(names)
        default = self.type_combo.findText(self.service.default_type())
        self.type_combo.setCurrentIndex(max(default, 0))
        self.type_combo.blockSignals(False)
        await self.load_schema()

    def refresh_slots(self) -> None:
        profile = self.service._profile()
        self.credentials.set_slots(
            self.service.token_slots("access"), profile.client_id if profile else None
        )

    async def load_schema(self) -> None:
        type_name = self.type_name()
        try:
            self.schema = schema_from(await self.service.schema(type_name))
        except Exception as exc:
            # A client without entityType rights still browses: guess from one record.
            log.info("entityType refused for %s: %s", type_name, type(exc).__name__)
            self.schema = await self._guess_schema(type_name)
        self.filter_bar.set_schema(self.schema)
        self._build_columns_menu(self.schema.default_columns() or ["id", "uuid", "email"])
        self.schema_loaded.emit(self.schema)

    def adopt_schema(self, schema: Schema) -> None:
        """A newer schema of the shown type (an editor reloaded it): filters and columns
        follow, the chosen columns stay."""
        if schema.name != self.type_name() or not schema.attrs:
            return
        self.schema = schema
        self.filter_bar.set_schema(schema)
        self._build_columns_menu(list(self.model.columns) or schema.default_columns())
        self.schema_loaded.emit(schema)

    async def _guess_schema(self, type_name: str) -> Schema:
        try:
            page = await self.service.find_page(type_name, "", max_results=1, sort_on=["id"])
        except Exception:
            return Schema(type_name)
        return infer_schema(type_name, page.rows[0]) if page.rows else Schema(type_name)

    def _type_chosen(self) -> None:
        if self.type_name() != self.schema.name:
            self._runner.run(self.load_schema(), name="records.browser.schema")

    def _build_columns_menu(self, chosen: list[str]) -> None:
        self.columns_menu.clear()
        paths = self.schema.column_paths() or chosen
        for path in paths:
            action = QAction(path, self.columns_menu)
            action.setCheckable(True)
            action.setChecked(path in chosen)
            action.toggled.connect(self._columns_toggled)
            self.columns_menu.addAction(action)
        self.model.set_columns([p for p in chosen if p in paths] or paths[:5])

    def _columns_toggled(self) -> None:
        checked = [a.text() for a in self.columns_menu.actions() if a.isChecked()]
        # Keep the current order; newly ticked columns go to the end.
        cols = [c for c in self.model.columns if c in checked]
        added = [c for c in checked if c not in cols]
        self.model.set_columns(cols + added or ["id"])
        # Rows hold only the attributes that were shown; a new column needs a new search.
        if added and self.model.rows and not self.credential.is_token:
            self.search()

    # ---- searching ---------------------------------------------------------------------------
    def search(self) -> None:
        self.banner.clear()
        if self.credential.is_token:
            self._runner.run(self._load_own_record(), name="records.browser.own")
            return
        try:
            text = self.filter_bar.filter_text()
        except FilterValueError as exc:
            self.filter_bar.builder_error.setText(str(exc))
            self.filter_bar.builder_error.show()
            return
        self._last_filter = text
        self.model.search(self.type_name(), text)

    async def _load_own_record(self) -> None:
        self.model.clear()
        try:
            record = await self.service.fetch(self.type_name(), None, self.credential)
        except Exception as exc:
            self.banner.show_error(exc)
            return
        if not self.schema.attrs:
            self.schema = infer_schema(self.type_name(), record)
        self.model.beginResetModel()
        self.model.type_name = self.type_name()
        self.model.rows = [record]
        self.model.total = 1
        self.model.exhausted = True
        self.model.endResetModel()
        self._update_summary()

    def _search_failed(self, exc: BaseException) -> None:
        if is_filter_error(exc):
            info = describe_error(exc)
            said = dict(info.details).get("Server said", "")
            code = exc.code if isinstance(exc, ApiError) else ""
            extra = (
                " Capture has no “contains”; match the whole value with = instead."
                if isinstance(exc, ContainsOperatorRemoved)
                else ""
            )
            failing = self._last_filter
            if self.filter_bar.currentIndex() == FilterBar.BUILDER:
                self.filter_bar.use_raw(failing)
            self.filter_bar.show_server_error(
                f"The server refused this filter (error {code}): {said or info.meaning}{extra}"
            )
        else:
            self.banner.show_error(exc)
        self._update_summary()

    def _loading(self, busy: bool) -> None:
        self.search_button.setEnabled(not busy and self.permissions.can_read)
        self._update_summary()
        if not busy and self.model.type_name:
            announce(self.summary, self.summary.text())  # "Showing 1–64 of 64"

    def _unfit(self) -> None:
        self._fitted = False

    def _fit_once(self, _rows: int = 0) -> None:
        if not self._fitted and self.model.rows:
            self._fitted = True
            self.fit_columns()

    def fit_columns(self) -> None:
        """Each column as wide as its header and the loaded values, within limits; the
        user may still drag them. A new search (a reset) sizes them again."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            self.table.resizeColumnToContents(column)
            width = header.sectionSize(column)
            header.resizeSection(column, max(COLUMN_MIN, min(width + 12, COLUMN_MAX)))

    def _update_summary(self) -> None:
        searched = bool(self.model.type_name) and not self.credential.is_token
        self.export_button.setEnabled(searched and bool(self.model.rows))
        text = self.model.summary()
        if self.model.loading and self.model.rows:
            text += "  (loading more…)"
        self.summary.setText(text)

    # ---- credential --------------------------------------------------------------------------
    def _credential_changed(self, cred: Credential) -> None:
        self.credential = cred
        token = cred.is_token
        self.filter_bar.setEnabled(not token)
        self.token_note.setVisible(token)
        self.new_button.setVisible(not token and not self.permissions.read_only)
        self.model.clear()
        self._update_summary()
        if token:
            self.search()

    # ---- opening -----------------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        record = self.model.record_at(index.row())
        if record is not None:
            self.open_requested.emit(self.type_name(), str(record.get("uuid", "")), self.credential)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])
        elif self.model.rowCount() == 1:
            self._open_index(self.model.index(0, 0))

    def open_export(self) -> QWidget | None:
        """D2's export dialog for the current search (all pages, not just the loaded rows)."""
        try:
            from capture_desktop.ui.records.export import ExportDialog
        except ImportError:  # the export module is built separately; the browser works without
            log.warning("export is not available", exc_info=True)
            return None
        search = self.current_search()
        dialog = ExportDialog(
            self.service.session, search["type_name"], search["filter"], search["columns"], self
        )
        dialog.show()
        return dialog

    def current_search(self) -> dict[str, Any]:
        """What an export of the current result set needs (used by D2's export)."""
        return {
            "type_name": self.model.type_name,
            "filter": self.model.filter_text,
            "columns": list(self.model.columns),
            "total": self.model.total,
        }
