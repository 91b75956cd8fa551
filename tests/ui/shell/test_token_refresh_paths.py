"""Token panel paths beyond the happy one: a token without a refresh token, and Reveal after
a refresh, on the real sandbox."""

from __future__ import annotations

import dataclasses
from typing import Any

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.auth.flows import AuthorizationCodeFlow
from capture_desktop.services.session import Session
from capture_desktop.ui.token_model import COL_STATUS
from capture_desktop.ui.token_panel import TokenPanel
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot, user_uuid


async def _slot_without_refresh_token(session: Session) -> Any:
    """As a native sign-in that returned no refresh token leaves it."""
    uuid = await user_uuid(session, "carol@example.com")
    flow = AuthorizationCodeFlow(session.client())
    tokens = await flow.run("user", RecordSelector.by_uuid(uuid), "http://127.0.0.1:9/callback")
    return await session.tokens.keeper.save_token_set(
        session.require_profile().name,
        dataclasses.replace(tokens, refresh_token=None),
        label="carol (native)",
        email="carol@example.com",
        record_uuid=uuid,
    )


async def test_refresh_is_disabled_without_a_refresh_token(
    sandbox_session: Session, panel: TokenPanel
) -> None:
    slot = await _slot_without_refresh_token(sandbox_session)
    await wait_until(lambda: panel.model.rowCount() == 1)
    panel.table.selectRow(0)
    assert not panel.refresh_button.isEnabled()
    assert "no refresh token" in panel.refresh_button.toolTip().lower()
    assert not panel.auto_button.isEnabled()
    # Even if a refresh is asked for (a stale click, a script), the valid token stays valid.
    await panel._guarded(panel._refresh, panel.selected())
    assert sandbox_session.tokens.slot(slot.slot_id).state == "valid"
    assert str(panel.model.data(panel.model.index(0, COL_STATUS))) == "valid"
    assert "Refreshing" not in panel.status.text()
    assert "Something went wrong" not in panel.banner.text()
    token = await sandbox_session.tokens.token_value(slot.slot_id)
    assert token


async def test_reveal_shows_the_current_token_after_a_refresh(
    sandbox_session: Session, panel: TokenPanel
) -> None:
    slot = await access_slot(sandbox_session)
    await wait_until(lambda: panel.model.rowCount() == 1)
    panel.table.selectRow(0)
    panel.reveal_button.click()
    old = await sandbox_session.tokens.token_value(slot.slot_id)
    await wait_until(lambda: panel.d_value.text() == old)
    panel.refresh_button.click()
    await wait_until(lambda: "refreshed" in panel.status.text())
    new = await sandbox_session.tokens.token_value(slot.slot_id)
    assert new != old
    await wait_until(lambda: panel.d_value.text() == new, timeout=5)
    assert "Refreshing" not in panel.status.text()


async def test_refresh_history_survives_a_restart_without_token_values(
    sandbox_session: Session, panel: TokenPanel
) -> None:
    from capture_desktop.auth.token_keeper import TokenKeeper
    from capture_desktop.services.token_service import TokenService
    from capture_desktop.store import paths
    from capture_desktop.store.refresh_history import RefreshHistoryStore
    from capture_desktop.store.slots import SlotStore

    slot = await access_slot(sandbox_session)
    old = await sandbox_session.tokens.token_value(slot.slot_id)
    await wait_until(lambda: panel.model.rowCount() == 1)
    panel.table.selectRow(0)
    panel.refresh_button.click()
    await wait_until(lambda: bool(sandbox_session.tokens.history(slot.slot_id)))
    new = await sandbox_session.tokens.token_value(slot.slot_id)
    refresh_token = await sandbox_session.tokens.keeper._secret(
        sandbox_session.tokens.keeper._slots.get(slot.slot_id), "refresh_token"
    )
    saved = paths.refresh_history_file().read_text()
    for secret in (old, new, refresh_token):
        assert secret and secret not in saved

    # A new service (the next start of the app) reads it back.
    async def no_client(profile: str) -> CaptureClient:
        raise AssertionError("reading the history back must not need a client")

    again = TokenService(
        TokenKeeper(no_client, sandbox_session.secrets, SlotStore(paths.slots_file())),
        active_profile=sandbox_session.profile,
        slots_changed=lambda: None,
        slot_state_changed=lambda slot_id, state: None,
        client_for=no_client,
        history_store=RefreshHistoryStore(paths.refresh_history_file()),
    )
    try:
        history = again.history(slot.slot_id)
        assert len(history) == 1 and history[0].ok
        assert history[0].describe() == sandbox_session.tokens.history(slot.slot_id)[0].describe()
    finally:
        await again.aclose()


async def test_an_older_slot_without_refresh_token_is_not_flipped_nor_logged(
    sandbox_session: Session, panel: TokenPanel
) -> None:
    slot = await _slot_without_refresh_token(sandbox_session)
    store = sandbox_session.tokens.keeper._slots
    # As saved before slots recorded whether they can be refreshed.
    store.put(dataclasses.replace(store.get(slot.slot_id), refreshable=True, auto_refresh=True))
    await wait_until(lambda: panel.model.rowCount() == 1)
    panel.reload()
    panel.table.selectRow(0)
    assert panel.refresh_button.isEnabled()
    panel.refresh_button.click()
    await wait_until(lambda: not panel.refresh_button.property("busy") and panel.banner.isVisible())
    assert sandbox_session.tokens.slot(slot.slot_id).state == "valid"
    assert sandbox_session.tokens.history(slot.slot_id) == [], "nothing was refreshed"
    assert not panel.refresh_button.isEnabled(), "now known: it cannot be refreshed"
    assert "cannot be refreshed" in panel.banner.text()
