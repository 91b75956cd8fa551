"""Lazy results table model: entity.find pages loaded as the user scrolls.

Ordered by ``id`` (the default), pages are fetched by keyset (``sort_on=["id"]`` plus
``id > last``), which stays fast at any depth, so 100k+ records browse smoothly. Sorting by
another column asks the server to sort and pages by offset. Only the first page asks for the
total count. A generation counter drops pages that arrive after the search changed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from capture_desktop.editing.filters import keyset_filter
from capture_desktop.services.export import value_at
from capture_desktop.ui.records.tasks import runner_for

if TYPE_CHECKING:
    from capture_desktop.services.records import RecordsService

log = logging.getLogger("capture_desktop.ui.records.results")

PAGE_SIZE = 100
ROW_KEY_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    if isinstance(value, dict):
        return "{…}"
    return str(value)


class ResultsModel(QAbstractTableModel):
    """Rows of one search. ``service`` is a RecordsService; ``session`` gives the task runner."""

    loading_changed = Signal(bool)
    total_changed = Signal(object)  # int | None
    page_loaded = Signal(int)  # rows now loaded
    failed = Signal(object)  # the exception

    def __init__(self, service: RecordsService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner_for(service.session, self)
        self.type_name = ""
        self.filter_text = ""
        self.columns: list[str] = ["id", "uuid"]
        self.sort_column = "id"
        self.descending = False
        self.page_size = PAGE_SIZE
        self.rows: list[dict[str, Any]] = []
        self.total: int | None = None
        self.exhausted = True
        self.loading = False
        # The last page request failed (cleared by the next search): the summary must not
        # say "No records match" when nothing was asked successfully.
        self.error: BaseException | None = None
        self._generation = 0

    # ---- searching ---------------------------------------------------------------------------
    def search(self, type_name: str, filter_text: str, columns: list[str] | None = None) -> None:
        """Start a new search; the first page (with the total) loads right away."""
        self._reset(type_name, filter_text.strip(), columns, searching=True)
        self.total_changed.emit(None)
        self._load(first=True)

    def set_columns(self, columns: list[str]) -> None:
        """Show ``columns``. Pages carry only the shown attributes, so the caller re-runs an
        active search after adding a column."""
        self.beginResetModel()
        self.columns = list(columns)
        self.endResetModel()

    def attributes(self) -> list[str]:
        """What entity.find returns per row: the shown columns plus id and uuid (paging and
        opening need them). Whole records would cost memory, parsing and GC time per page."""
        wanted = ["id", "uuid", *self.columns]
        return list(dict.fromkeys(wanted))

    def clear(self) -> None:
        """Forget the results and the search itself: nothing was asked, so nothing "matches"."""
        self._reset("", "", searching=False)

    def _reset(
        self, type_name: str, filter_text: str, columns: list[str] | None = None, *, searching: bool
    ) -> None:
        """Start over (on a new search, or on none): no rows, no total, no error, and pages
        still on their way for the previous search are ignored."""
        self.beginResetModel()
        self.type_name = type_name
        self.filter_text = filter_text
        if columns:
            self.columns = list(columns)
        self.rows = []
        self.total = None
        self.exhausted = not searching
        self.error = None
        self._generation += 1
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.type_name:
            return
        self.sort_column = self.columns[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.search(self.type_name, self.filter_text)

    # ---- lazy loading ------------------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return bool(self.type_name) and not self.exhausted and not self.loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(first=False)

    def _page_args(self) -> tuple[str, list[str], int]:
        """(filter, sort_on, first_result) for the next page."""
        direction = "-" if self.descending else ""
        if self.sort_column == "id":
            last = self.rows[-1].get("id") if self.rows else None
            after = int(last) if isinstance(last, int) else None
            text = keyset_filter(self.filter_text, after, descending=self.descending)
            return text, [f"{direction}id"], 0
        # Secondary key id keeps equal values in a stable order between pages.
        return self.filter_text, [f"{direction}{self.sort_column}", "id"], len(self.rows)

    def _load(self, *, first: bool) -> None:
        self._set_loading(True)
        generation = self._generation
        self._runner.run(self._load_page(generation, first), name="records.results.page")

    async def _load_page(self, generation: int, first: bool) -> None:
        text, sort_on, offset = self._page_args()
        try:
            page = await self._service.find_page(
                self.type_name,
                text,
                max_results=self.page_size,
                sort_on=sort_on,
                first_result=offset,
                with_total=first,
                attributes=self.attributes(),
            )
        except Exception as exc:
            if generation == self._generation:
                self.exhausted = True
                self.error = exc
                self._set_loading(False)
                self.failed.emit(exc)
            return
        if generation != self._generation:
            return  # the search changed while this page was on its way
        if page.rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        if len(page.rows) < self.page_size:
            self.exhausted = True
        if first:
            self.total = page.total
            self.total_changed.emit(page.total)
        self._set_loading(False)
        self.page_loaded.emit(len(self.rows))

    def _set_loading(self, value: bool) -> None:
        if self.loading != value:
            self.loading = value
            self.loading_changed.emit(value)

    # ---- model API ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        record = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value_at(record, self.columns[index.column()]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return display(value_at(record, self.columns[index.column()])) or None
        if role == ROW_KEY_ROLE:
            return record.get("uuid")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def record_at(self, row: int) -> dict[str, Any] | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def summary(self, first_visible: int = 0, last_visible: int | None = None) -> str:
        """'Showing 1–100 of 98,231' for the loaded (or visible) rows."""
        loaded = len(self.rows)
        if not self.type_name:
            return ""
        if loaded == 0:
            if self.loading:
                return "Searching…"
            return "The search failed: nothing was loaded" if self.error else "No records match"
        last = loaded if last_visible is None else min(last_visible, loaded)
        first = min(first_visible, last - 1) + 1
        total = f"{self.total:,}" if self.total is not None else f"{loaded:,}+"
        if self.exhausted and self.total is None:
            total = f"{loaded:,}"
        failed = "  (the next page failed to load)" if self.error is not None else ""
        return f"Showing {first:,}–{last:,} of {total}{failed}"
