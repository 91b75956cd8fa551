"""The console against the sandbox on a real port: real calls, real errors, real secrets.

Every secret the session used or received (client secret, authorization code, access and
refresh tokens) must be absent from the table, the detail pane and the redacted curl; the
revealed curl, after the explicit choice, is runnable against the same sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import shutil
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from capture_desktop.api.errors import ApiError
from capture_desktop.api.request_log import RequestLog
from capture_desktop.sandbox.server import SandboxServer
from capture_desktop.ui.console.model import IsErrorRole
from capture_desktop.ui.console.view import ConsoleView
from tests.helpers.console import table_text
from tests.helpers.sandbox import demo_client
from tests.ui.console.fake_session import ConsoleSession
from tests.ui.console.sandbox_calls import make_calls, owner_client

Session = ConsoleSession


async def test_console_against_sandbox(qtbot: QtBot, sandbox_server: SandboxServer) -> None:
    session = Session()
    view = ConsoleView(session)
    qtbot.addWidget(view)
    log = RequestLog()
    log.subscribe(session.request_logged.emit)
    server = sandbox_server
    async with httpx.AsyncClient() as http:
        client, owner = owner_client(http, server, log)
        secrets = await make_calls(client, owner)

        ops = [view.proxy.index(r, 1).data() for r in range(view.model.rowCount())]
        assert ops == [
            "entityType.list",
            "entity.find",
            "entity.count",
            "entity",
            "access/getAuthorizationCode",
            "oauth/token",
            "entity",
            "entity.find",
        ]
        errors = [view.proxy.index(r, 0).data(IsErrorRole) for r in range(len(ops))]
        assert errors == [False, False, False, True, False, False, False, True]
        assert [view.proxy.index(r, 2).data() for r in (0, 2, 6)] == [
            "basic",
            "params",
            "access_token",
        ]
        assert all(view.proxy.index(r, 5).data() for r in (3, 7)), "request ids shown"

        shown = table_text(view)
        for row in range(len(ops)):
            view.select_row(row)
            shown += view.detail.all_text()
            curl = view.copy_curl()
            assert curl is not None
            shown += curl
        for secret in secrets.values:
            assert secret not in shown, "a secret reached the console"
        # The code exchange is there, masked, with its placeholders in curl.
        view.select_row(5)
        assert "grant_type" in view.detail.params.toPlainText()
        assert "$CAPTURE_AUTHORIZATION_CODE" in (view.copy_curl() or "")

        # Reveal (explicit choice) then run the curl: the sandbox accepts it.
        view.select_row(1)
        view.reveal_button.click()
        assert view.copier.reveal_button is not None
        view.copier.reveal_button.click()
        revealed = QGuiApplication.clipboard().text()
        assert secrets.client_secret in revealed
        QGuiApplication.clipboard().clear()
        if shutil.which("curl"):  # the machine's curl runs the revealed command
            out = await run_curl(revealed)
            assert '"stat":"ok"' in out.replace(" ", "")
            assert "alice@example.com" in out


async def run_curl(command: str) -> str:
    argv = shlex.split(command.replace("\\\n", " "))
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def test_console_in_the_app_session(
    qtbot: QtBot,
    sandbox_server: SandboxServer,
    memory_keyring: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app's own wiring: Session (keyring secret, profile) -> request_logged -> console."""
    from capture_desktop.services.session import Session as AppSession
    from capture_desktop.store.profiles import Profile

    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(tmp_path / "home"))
    owner = demo_client(sandbox_server.config.data_dir, "owner")
    session = AppSession()
    await session.start()
    try:
        profile = Profile("Sandbox", sandbox_server.base_url, owner["client_id"])
        await session.save_profile(profile, owner["client_secret"], reactivate=False)
        await session.activate("Sandbox")
        view = ConsoleView(session)
        qtbot.addWidget(view)
        before = view.model.rowCount()  # calls made before the console existed are replayed
        client = session.client()
        await client.entity_find("user", "email = 'bob@example.com'")
        with contextlib.suppress(ApiError):
            await client.entity_find("user", "email contains 'bob'")
        rows = range(before, view.model.rowCount())
        finds = [r for r in rows if view.model.event_at(r).operation == "entity.find"]
        assert len(finds) == 2  # (the session may add its own calls, e.g. clients/list)
        last = finds[-1]
        assert view.proxy.index(finds[0], 3).data() == "200"
        assert view.proxy.index(last, 3).data() == "error 485"
        view.select_row(last)
        assert "email contains 'bob'" in view.detail.params.toPlainText()
        everything = table_text(view) + view.detail.all_text() + (view.copy_curl() or "")
        assert owner["client_secret"] not in everything
    finally:
        await session.aclose()
