"""The "Sandbox controls" panel, one test per control, driven through its widgets (typed
values, clicked buttons) against the app's own sandbox on a real port. Each test checks the
effect at the sandbox (a call fails with 510, a token no longer works), the status bar line
while the control is active, and that Reset brings things back."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSpinBox

from capture_desktop.api.credentials import AccessTokenAuth, CreationTokenAuth
from capture_desktop.api.errors import ApiError, CaptureError
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.auth.flows import AuthorizationCodeFlow
from capture_desktop.auth.token_types import SlotRevoked
from capture_desktop.sandbox import ADMIN_TOKEN_HEADER
from capture_desktop.services.sandbox_admin import SETTINGS_PATH
from capture_desktop.services.session import Session
from capture_desktop.ui.main_window import MainWindow
from capture_desktop.ui.sandbox_controls import SandboxControlsPanel
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot, creation_slot, user_uuid

REDIRECT = "http://127.0.0.1:9/callback"


@pytest.fixture
async def window(sandbox_session: Session) -> Any:
    window = MainWindow(sandbox_session)
    window.show()
    yield window
    window.close()
    window.deleteLater()
    await asyncio.sleep(0)  # let the panel's client close on the loop


@pytest.fixture
async def panel(window: MainWindow) -> SandboxControlsPanel:
    assert window.act_sandbox_controls.isVisible()  # a sandbox profile is active
    window.act_sandbox_controls.trigger()
    panels = [w for w in window._windows if isinstance(w, SandboxControlsPanel)]
    assert len(panels) == 1
    await wait_until(lambda: bool(window.sandbox_controls.settings))
    return panels[0]


async def server_settings(session: Session) -> dict[str, Any]:
    """What the sandbox itself reports (read with this run's admin token)."""
    sandbox = session.sandbox
    assert sandbox is not None and sandbox.base_url is not None
    token = sandbox.admin_token
    assert token
    async with httpx.AsyncClient(trust_env=False) as http:
        got = await http.get(sandbox.base_url + SETTINGS_PATH, headers={ADMIN_TOKEN_HEADER: token})
    got.raise_for_status()
    result: dict[str, Any] = got.json()
    return result


async def type_value(window: MainWindow, box: QSpinBox, value: int, key: str, want: Any) -> None:
    """Type ``value`` into the spin box as a user would, press Enter, and wait until the
    panel's service reports the sandbox answering ``key == want``."""
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, str(value))
    QTest.keyClick(box, Qt.Key.Key_Return)
    await wait_until(lambda: now(window, key) == want)


def now(window: MainWindow, key: str) -> Any:
    """The setting as the sandbox last reported it to the panel's service."""
    return window.sandbox_controls.settings.get(key)


def faults_text(window: MainWindow) -> str:
    return window.faults_note.text()


async def count_users(session: Session) -> int:
    return await session.client().entity_count("user")


async def test_latency(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    await type_value(window, panel.latency, 400, "latency_ms", 400)
    assert (await server_settings(session))["latency_ms"] == 400
    assert faults_text(window) == "faults on: latency 400 ms"
    assert "400 ms" in panel.current["latency"].text()
    loop = asyncio.get_running_loop()
    started = loop.time()
    await count_users(session)
    assert loop.time() - started >= 0.4
    panel.resets["latency"].click()
    await wait_until(lambda: now(window, "latency_ms") == 0)
    assert (await server_settings(session))["latency_ms"] == 0
    assert faults_text(window) == ""
    assert panel.latency.value() == 0


async def test_error_rate_with_code_510(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    panel.error_code.setCurrentIndex(panel.error_code.findData(510))
    await wait_until(lambda: now(window, "error_code") == 510)
    await type_value(window, panel.error_rate, 20, "error_rate", 0.2)
    assert faults_text(window) == "faults on: 510 at 20%"
    await type_value(window, panel.error_rate, 100, "error_rate", 1.0)
    with pytest.raises(ApiError) as failed:
        await count_users(session)
    assert failed.value.code == 510
    panel.resets["errors"].click()
    await wait_until(lambda: now(window, "error_rate") == 0)
    assert (await server_settings(session))["error_rate"] == 0
    assert faults_text(window) == ""
    assert await count_users(session) > 0


async def test_error_rate_with_code_500(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    assert panel.error_code.currentData() == 500
    await type_value(window, panel.error_rate, 100, "error_rate", 1.0)
    with pytest.raises(ApiError) as failed:
        await count_users(session)
    assert failed.value.code == 500
    assert faults_text(window) == "faults on: 500 at 100%"
    panel.reset_all_button.click()
    await wait_until(lambda: now(window, "error_rate") == 0)
    assert await count_users(session) > 0


async def test_dropped_connections(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    await type_value(window, panel.drop_rate, 100, "drop_rate", 1.0)
    assert faults_text(window) == "faults on: drops at 100%"
    with pytest.raises(CaptureError) as failed:
        await count_users(session)
    assert not isinstance(failed.value, ApiError)  # the connection broke; no answer came
    panel.resets["drops"].click()
    await wait_until(lambda: now(window, "drop_rate") == 0)
    assert await count_users(session) > 0


async def test_rate_limit(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    await type_value(window, panel.rate_limit, 1, "rate_limit_per_second", 1.0)
    assert faults_text(window) == "faults on: rate limit 1/s"
    # Five calls at once: unless they spread over five one-second windows, some are over 1/s.
    results = await asyncio.gather(
        *(count_users(session) for _ in range(5)), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, ApiError)]
    assert refused and all(r.code == 510 for r in refused)
    panel.resets["rate_limit"].click()
    await wait_until(lambda: now(window, "rate_limit_per_second") is None)
    assert panel.rate_limit.text() == "off"
    counts = await asyncio.gather(*(count_users(session) for _ in range(5)))
    assert all(n > 0 for n in counts)


async def test_code_lifetime(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    start = panel.code_lifetime.value()
    await type_value(window, panel.code_lifetime, 0, "code_lifetime", 0)
    assert faults_text(window) == "faults on: code lives 0 s"
    uuid = await user_uuid(session, "alice@example.com")
    flow = AuthorizationCodeFlow(session.client())
    with pytest.raises(ApiError) as failed:
        await flow.run("user", RecordSelector.by_uuid(uuid), REDIRECT)
    assert failed.value.code == 415  # the code had expired before the exchange
    panel.resets["code"].click()
    await wait_until(lambda: now(window, "code_lifetime") == start)
    tokens = await flow.run("user", RecordSelector.by_uuid(uuid), REDIRECT)
    assert tokens.access_token


async def test_access_token_lifetime(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    start = panel.access_lifetime.value()
    await type_value(window, panel.access_lifetime, 0, "access_token_lifetime", 0)
    assert faults_text(window) == "faults on: access token lives 0 s"
    uuid = await user_uuid(session, "alice@example.com")
    flow = AuthorizationCodeFlow(session.client())
    tokens = await flow.run("user", RecordSelector.by_uuid(uuid), REDIRECT)
    assert tokens.expires_at <= tokens.issued_at
    with pytest.raises(ApiError) as failed:
        await session.client().entity(
            "user", RecordSelector.by_uuid(uuid), auth=AccessTokenAuth(tokens.access_token)
        )
    assert failed.value.code == 414
    panel.resets["access"].click()
    await wait_until(lambda: now(window, "access_token_lifetime") == start)
    assert panel.access_lifetime.value() == start
    assert faults_text(window) == ""


async def test_creation_token_lifetime(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    start = panel.creation_lifetime.value()
    await type_value(window, panel.creation_lifetime, 0, "creation_token_lifetime", 0)
    assert faults_text(window) == "faults on: creation token lives 0 s"
    token = await session.client().get_creation_token("user")
    with pytest.raises(ApiError) as failed:
        await session.client().entity_create(
            "user", {"email": "new@example.com"}, auth=CreationTokenAuth(token.token)
        )
    assert failed.value.code == 417
    panel.resets["creation"].click()
    await wait_until(lambda: now(window, "creation_token_lifetime") == start)
    token = await session.client().get_creation_token("user")
    created = await session.client().entity_create(
        "user", {"email": "new@example.com"}, auth=CreationTokenAuth(token.token)
    )
    assert created


async def test_expire_this_token_now(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    slot = await access_slot(session)
    creation = await creation_slot(session)
    await wait_until(lambda: panel.slot_box.count() == 2)
    token = await session.tokens.token_value(slot.slot_id)
    auth = AccessTokenAuth(token)
    selector = RecordSelector.by_uuid(slot.record_uuid)
    assert await session.client().entity("user", selector, auth=auth)
    panel.slot_box.setCurrentIndex(panel.slot_box.findData(slot.slot_id))
    panel.expire_button.click()
    await wait_until(lambda: "expired" in panel.message.text())
    with pytest.raises(ApiError) as failed:
        await session.client().entity("user", selector, auth=auth)
    assert failed.value.code == 414
    # A creation slot's token expires the same way.
    value = await session.tokens.token_value(creation.slot_id)
    panel.slot_box.setCurrentIndex(panel.slot_box.findData(creation.slot_id))
    panel.message.clear()
    panel.expire_button.click()
    await wait_until(lambda: "expired" in panel.message.text())
    with pytest.raises(ApiError) as failed:
        await session.client().entity_create(
            "user", {"email": "late@example.com"}, auth=CreationTokenAuth(value)
        )
    assert failed.value.code == 417


async def test_revoke_this_refresh_token(window: MainWindow, panel: SandboxControlsPanel) -> None:
    session = window.session
    slot = await access_slot(session, "bob@example.com")
    await wait_until(lambda: panel.slot_box.count() == 1)
    refresh_token = await session.tokens.keeper.refresh_token(slot.slot_id)
    assert refresh_token
    panel.slot_box.setCurrentIndex(0)
    panel.revoke_button.click()
    await wait_until(lambda: "revoked" in panel.message.text())
    # The app's next refresh is refused at the sandbox, and the slot says so.
    with pytest.raises(SlotRevoked):
        await session.tokens.refresh(slot.slot_id)
    state = session.tokens.slot(slot.slot_id)
    assert state is not None and state.state == "revoked"


async def test_panel_shows_what_is_in_force(window: MainWindow, sandbox_session: Session) -> None:
    """A fault set elsewhere (the sandbox CLI, another tester) is what the panel shows."""
    sandbox = sandbox_session.sandbox
    assert sandbox is not None and sandbox.base_url is not None
    token = sandbox.admin_token
    assert token
    async with httpx.AsyncClient(trust_env=False) as http:
        changed = await http.post(
            sandbox.base_url + SETTINGS_PATH,
            json={"error_rate": 0.25, "error_code": 510, "latency_ms": 50},
            headers={ADMIN_TOKEN_HEADER: token},
        )
        changed.raise_for_status()
    window.act_sandbox_controls.trigger()
    panel = next(w for w in window._windows if isinstance(w, SandboxControlsPanel))
    await wait_until(lambda: panel.error_rate.value() == 25)
    assert panel.error_code.currentData() == 510
    assert panel.latency.value() == 50
    assert "510 at 25%" in panel.current["errors"].text()
    assert faults_text(window) == "faults on: 510 at 25%, latency 50 ms"
    panel.reset_all_button.click()
    await wait_until(lambda: faults_text(window) == "")
    settings = await server_settings(sandbox_session)
    assert settings["error_rate"] == 0 and settings["latency_ms"] == 0
