"""ExportDialog: runs the export on the loop, shows progress, cancels cleanly (hand-made pages)."""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

from pytestqt.qtbot import QtBot

from capture_desktop.ui.records.export import ExportDialog
from tests.helpers.qt import wait_signal, wait_until


def rec(i: int) -> dict[str, Any]:
    return {"id": i, "uuid": f"u{i}", "email": f"u{i}@example.com", "name": {"given": f"G{i}"}}


async def records(n: int) -> AsyncIterator[dict[str, Any]]:
    for i in range(1, n + 1):
        if i % 100 == 1:
            await asyncio.sleep(0)  # a page boundary
        yield rec(i)


def make(qtbot: QtBot, tmp_path: Path, name: str, columns: list[str] | None = None) -> ExportDialog:
    dialog = ExportDialog(
        cast(Any, object()), "user", "email = 'x'", columns or ["id", "email", "name.given"]
    )
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / name))
    return dialog


async def test_csv_export_shows_progress_and_finishes(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make(qtbot, tmp_path, "users.csv")
    dialog.show()
    assert not dialog.isModal()
    task = dialog.start(lambda: records(450))
    assert task is not None
    assert not dialog.export_button.isEnabled()
    assert dialog.cancel_button.text() == "Cancel"
    path, count = await wait_signal(dialog.finished_export)
    assert count == 450 and Path(path) == tmp_path / "users.csv"
    with (tmp_path / "users.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 450
    assert rows[449] == {"id": "450", "email": "u450@example.com", "name.given": "G450"}
    assert "Exported 450 records" in dialog.status.text()
    assert dialog.export_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"
    dialog.close()


async def test_json_export_switches_extension(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make(qtbot, tmp_path, "users.csv")
    dialog.json_radio.setChecked(True)
    assert dialog.path_edit.text().endswith("users.json")
    assert not dialog.shown_columns.isEnabled()
    dialog.start(lambda: records(120))
    _path, count = await wait_signal(dialog.finished_export)
    assert count == 120
    data = json.loads((tmp_path / "users.json").read_text())
    assert data[0] == rec(1) and len(data) == 120
    dialog.close()


async def test_cancel_stops_and_leaves_no_file(qtbot: QtBot, tmp_path: Path) -> None:
    gate = asyncio.Event()

    async def stalls() -> AsyncIterator[dict[str, Any]]:
        for i in range(1, 201):
            yield rec(i)
        await gate.wait()  # the third page never arrives
        yield rec(999)

    dialog = make(qtbot, tmp_path, "partial.csv")
    dialog.show()
    task = dialog.start(stalls)
    assert task is not None
    await wait_until(lambda: dialog.progress.value() >= 200 or "200" in dialog.status.text())
    cancelled: list[bool] = []
    dialog.export_cancelled.connect(lambda: cancelled.append(True))
    dialog.cancel_button.click()
    await wait_until(lambda: bool(cancelled))
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert list(tmp_path.iterdir()) == []
    assert "Cancelled" in dialog.status.text()
    assert dialog.export_button.isEnabled()
    dialog.close()


async def test_failure_is_reported_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    async def broken() -> AsyncIterator[dict[str, Any]]:
        yield rec(1)
        raise OSError("disk full")

    dialog = make(qtbot, tmp_path, "x.csv")
    dialog.start(broken)
    (exc,) = await wait_signal(dialog.export_failed)
    assert isinstance(exc, OSError)
    assert "Export failed" in dialog.status.text()
    assert list(tmp_path.iterdir()) == []
    dialog.close()
