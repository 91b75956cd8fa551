"""Export dialog: the current search, every page, to CSV or JSON, with progress and cancel.

``ExportDialog(session, type_name, filter, columns, parent=None, *, total=None)`` is
non-modal; call ``show()``. It counts the result set (``entity.find`` with
``show_total_count``, unless ``total`` is given), then streams it through the core's keyset
paginator into ``services.export.export_records`` on the session's task runner. Cancel stops
between records and removes the partial file; an existing file is only replaced once the
export has finished. Calls act as admin (client credentials), as ``entity.find`` needs.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Callable, Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.api.errors import CaptureError
from capture_desktop.services.export import ExportFormat, export_records, result_set

if TYPE_CHECKING:
    from capture_desktop.api.client import CaptureClient


class ExportSession(Protocol):
    """What an export needs of the session: its client (its ``runner``, when it has one,
    owns the export task)."""

    def client(self) -> CaptureClient: ...


SourceFactory = Callable[[], AsyncIterable[dict[str, Any]]]


class ExportDialog(QDialog):
    """Non-modal export of one search; ``finished_export(path, count)`` on success."""

    finished_export = Signal(object, int)
    export_failed = Signal(object)
    export_cancelled = Signal()

    def __init__(
        self,
        session: ExportSession,
        type_name: str,
        filter: str | None,
        columns: Sequence[str] | None,
        parent: QWidget | None = None,
        *,
        total: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export {type_name} records")
        self.setModal(False)
        self._session = session
        self._type_name = type_name
        self._filter = filter or None
        self._columns = list(columns or [])
        self._known_total = total  # the browser's count; saves a counting call when given
        self._task: asyncio.Task[int] | None = None
        self._file_dialog: QFileDialog | None = None
        self._cancel_reported = False
        self._build()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        what = QLabel(
            f"All records of <b>{self._type_name}</b> matching "
            f"<code>{escape(self._filter or 'everything')}</code>, every page."
        )
        what.setWordWrap(True)
        self.csv_radio = QRadioButton("CSV (spreadsheet; nested attributes as dot paths)")
        self.json_radio = QRadioButton("JSON (the full records)")
        self.csv_radio.setChecked(True)
        fmt_group = QButtonGroup(self)
        fmt_group.addButton(self.csv_radio)
        fmt_group.addButton(self.json_radio)
        self.shown_columns = QRadioButton(f"The columns shown in the table ({len(self._columns)})")
        self.all_columns = QRadioButton("Every attribute")
        col_group = QButtonGroup(self)
        col_group.addButton(self.shown_columns)
        col_group.addButton(self.all_columns)
        (self.shown_columns if self._columns else self.all_columns).setChecked(True)
        self.shown_columns.setEnabled(bool(self._columns))
        self.csv_radio.toggled.connect(self._format_changed)

        self.path_edit = QLineEdit(str(self._default_path(ExportFormat.CSV)))
        self.path_edit.setAccessibleName("Export file")
        self.path_edit.setToolTip("The file the export is written to (replaced if it exists)")
        self.browse_button = QPushButton("Choose…")
        self.browse_button.setAccessibleDescription("Choose the export file")
        self.browse_button.clicked.connect(self._choose_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        form = QFormLayout()
        fmt_box = QVBoxLayout()
        fmt_box.addWidget(self.csv_radio)
        fmt_box.addWidget(self.json_radio)
        form.addRow("Format:", fmt_box)
        cols_box = QVBoxLayout()
        cols_box.addWidget(self.shown_columns)
        cols_box.addWidget(self.all_columns)
        form.addRow("CSV columns:", cols_box)
        form.addRow("Save to:", path_row)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("Ready.")
        self.status.setAccessibleDescription("Export status")
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._start_clicked)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.clicked.connect(self._cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(560, self.sizeHint().height())

    def _default_path(self, fmt: ExportFormat) -> Path:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(docs) if docs else Path.home()
        return folder / f"{self._type_name}-export-{date.today().isoformat()}.{fmt.value}"

    def _format_changed(self) -> None:
        fmt = self.format()
        self.shown_columns.setEnabled(fmt is ExportFormat.CSV and bool(self._columns))
        self.all_columns.setEnabled(fmt is ExportFormat.CSV)
        path = Path(self.path_edit.text())
        if path.suffix.lower() in (".csv", ".json"):
            self.path_edit.setText(str(path.with_suffix("." + fmt.value)))

    def _choose_file(self) -> None:
        # open(), not the static getSaveFileName: no nested event loop while exports run.
        dialog = QFileDialog(self, "Export to", self.path_edit.text())
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(
            "CSV (*.csv)" if self.format() is ExportFormat.CSV else "JSON (*.json)"
        )
        dialog.fileSelected.connect(self.path_edit.setText)
        self._file_dialog = dialog
        dialog.open()

    # -- running -----------------------------------------------------------------------------
    def format(self) -> ExportFormat:
        return ExportFormat.CSV if self.csv_radio.isChecked() else ExportFormat.JSON

    def _start_clicked(self) -> None:
        self.start()

    def is_running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, source: SourceFactory | None = None) -> asyncio.Task[int] | None:
        """Start the export (``source`` replaces the paginator, for tests and previews)."""
        if self.is_running():
            return self._task
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText("Choose a file to export to.")
            return None
        path = Path(text).expanduser()
        fmt = self.format()
        self._cancel_reported = False
        self._set_busy(True)
        coro = self._run(path, fmt, source)
        runner = getattr(self._session, "runner", None)
        if runner is not None:
            self._task = runner.run(coro, name=f"export {self._type_name}")
        else:
            self._task = asyncio.get_event_loop().create_task(coro)
        self._task.add_done_callback(self._task_done)
        return self._task

    def _task_done(self, task: asyncio.Task[int]) -> None:
        # Also covers a cancel that lands before the coroutine ever ran.
        self._set_busy(False)
        if task.cancelled() and not self._cancel_reported:
            self._report_cancelled()

    def _report_cancelled(self) -> None:
        self._cancel_reported = True
        self.status.setText("Cancelled. No file was written.")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.export_cancelled.emit()

    async def _run(self, path: Path, fmt: ExportFormat, source: SourceFactory | None) -> int:
        columns = (
            self._columns if fmt is ExportFormat.CSV and self.shown_columns.isChecked() else None
        )
        try:
            total: int | None = None
            records: AsyncIterable[dict[str, Any]]
            if source is None:
                client = self._session.client()
                total = self._known_total
                if total is None:
                    self.status.setText("Counting records…")
                    # show_total_count works for readers; entity.count is owner-only.
                    first = await client.entity_find(
                        self._type_name, self._filter, max_results=1, show_total_count=True
                    )
                    total = first.total_count
                records = result_set(client, self._type_name, self._filter)
            else:
                records = source()
            self._on_progress(0, total)
            count = await export_records(
                records, path, fmt, columns=columns, total=total, progress=self._on_progress
            )
        except asyncio.CancelledError:
            self._report_cancelled()
            raise
        except Exception as exc:
            self.status.setText(f"Export failed: {_plain_error(exc)} No file was written.")
            self.export_failed.emit(exc)
            return 0
        finally:
            self._set_busy(False)
        self.progress.setRange(0, max(count, 1))
        self.progress.setValue(max(count, 1))
        self.status.setText(f"Exported {count:,} records to {path}.")
        self.finished_export.emit(path, count)
        return count

    def _on_progress(self, done: int, total: int | None) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.status.setText(f"Exported {done:,} of {total:,} records…")
        else:
            self.progress.setRange(0, 0)  # busy indicator
            self.status.setText(f"Exported {done:,} records…")

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self.status.setText("Cancelling…")
            self._task.cancel()

    def _cancel_or_close(self) -> None:
        if self.is_running():
            self.cancel()
        else:
            self.close()

    def _set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.cancel_button.setText("Cancel" if busy else "Close")
        for widget in (
            self.csv_radio,
            self.json_radio,
            self.path_edit,
            self.browse_button,
            self.shown_columns,
            self.all_columns,
        ):
            widget.setEnabled(not busy)
        if not busy:
            self._format_changed()

    def closeEvent(self, event: Any) -> None:
        # Closing the window stops a running export (the partial file is removed).
        self.cancel()
        super().closeEvent(event)


def _plain_error(exc: BaseException) -> str:
    if isinstance(exc, CaptureError) and exc.meaning:
        return exc.meaning
    return f"{type(exc).__name__}: {exc}"
