"""ExportDialog against the sandbox on a real port: every page of a search, and cancel."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.request_log import RequestLog
from capture_desktop.sandbox.config import SandboxConfig
from capture_desktop.sandbox.server import SandboxServer
from capture_desktop.ui.records.export import ExportDialog
from tests.helpers.qt import wait_signal, wait_until
from tests.ui.console.sandbox_calls import owner_client

SEEDED = 450  # plus the 4 demo users: three pages of 200


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    """The shared fixture's config, with generated users (overrides tests.helpers.sandbox)."""
    return SandboxConfig(data_dir=tmp_path / "sandbox", seed_users=SEEDED)


class Session:
    """What the dialog uses of the app's Session: ``client()``."""

    def __init__(self, client: CaptureClient) -> None:
        self._client = client

    def client(self) -> CaptureClient:
        return self._client


async def test_csv_and_json_include_every_page(
    qtbot: QtBot, tmp_path: Path, sandbox_server: SandboxServer
) -> None:
    log = RequestLog()
    finds: list[Any] = []
    log.subscribe(lambda e: finds.append(e) if e.operation == "entity.find" else None)
    server = sandbox_server
    async with httpx.AsyncClient() as http:
        client, _ = owner_client(http, server, log)
        total = await client.entity_count("user", "id > 2")
        assert total > 400  # ids are not contiguous (plural elements use ids too)

        dialog = ExportDialog(Session(client), "user", "id > 2", ["id", "uuid", "email"])
        qtbot.addWidget(dialog)
        dialog.path_edit.setText(str(tmp_path / "users.csv"))
        dialog.start()
        _path, count = await wait_signal(dialog.finished_export, timeout=60)
        assert count == total
        with (tmp_path / "users.csv").open(newline="") as fh:
            rows = list(csv.DictReader(fh))
        ids = [int(r["id"]) for r in rows]
        assert ids == sorted(set(ids)) and len(ids) == total and min(ids) > 2
        assert all(r["uuid"] and "@" in r["email"] for r in rows)
        assert len(finds) >= 3, "more than one page was fetched"
        assert f"{total:,}" in dialog.status.text() or str(total) in dialog.status.text()

        dialog.json_radio.setChecked(True)
        dialog.start()
        _path, count = await wait_signal(dialog.finished_export, timeout=60)
        data = json.loads((tmp_path / "users.json").read_text())
        assert [r["id"] for r in data] == ids
        assert "primaryAddress" in data[0], "JSON carries the full records"


async def test_cancel_mid_export_writes_nothing(
    qtbot: QtBot, tmp_path: Path, sandbox_server: SandboxServer
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    server = sandbox_server
    server.sandbox.settings.update({"latency_ms": 150})  # slow pages: time to cancel
    async with httpx.AsyncClient() as http:
        client, _ = owner_client(http, server, RequestLog())
        dialog = ExportDialog(Session(client), "user", None, ["id", "email"], total=SEEDED + 4)
        qtbot.addWidget(dialog)
        dialog.path_edit.setText(str(out / "users.csv"))
        task = dialog.start()
        assert task is not None
        await wait_until(lambda: "Exported 200 of" in dialog.status.text(), timeout=30)
        cancelled: list[bool] = []
        dialog.export_cancelled.connect(lambda: cancelled.append(True))
        dialog.cancel_button.click()
        await wait_until(lambda: bool(cancelled))
        await wait_until(task.done)
        assert task.cancelled()
        assert list(out.iterdir()) == []
        assert dialog.export_button.isEnabled()
