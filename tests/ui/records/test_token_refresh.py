"""Records through a real ``TokenKeeper``: when the sandbox rejects a token slot's access token
as expired (414), the keeper refreshes once, persists the new tokens and retries the call; the
user sees the record, not the error. When the refresh is rejected too, the slot needs sign-in
and nothing loops.

The keeper's clock is the real one while the sandbox's runs two hours ahead, so the keeper
still believes the access token valid and the 414 comes from the server, as it does when a
laptop wakes from sleep.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient, RecordSelector, TokenSet
from capture_desktop.auth.flows import AuthorizationCodeFlow
from capture_desktop.auth.token_keeper import TokenKeeper
from capture_desktop.sandbox import SandboxConfig, SandboxServer
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SecretStore, slot_key
from capture_desktop.store.slots import SlotStore
from tests.helpers.qt import wait_until
from tests.ui.records.editing import find_one, open_editor, open_view, save, set_value
from tests.ui.records.fakes import FakeSession

REDIRECT = "http://127.0.0.1:9/callback"
SERVICE = "capture-desktop-records-test"


class SandboxClock:
    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def clock() -> SandboxClock:
    return SandboxClock()


@pytest.fixture
def sandbox(sandbox_config: SandboxConfig, clock: SandboxClock) -> Iterator[SandboxServer]:
    """This module's sandbox runs on a clock the test can move (the others use real time)."""
    server = SandboxServer(sandbox_config, port=0, clock=clock)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def _bob_tokens(client: CaptureClient, bob_uuid: str) -> TokenSet:
    flow = AuthorizationCodeFlow(client)
    code = await flow.request_code("user", RecordSelector.by_uuid(bob_uuid), REDIRECT)
    return await flow.exchange(code)


@dataclass
class BobSlot:
    session: FakeSession
    keeper: TokenKeeper
    secrets: SecretStore
    slot_id: str
    first: TokenSet
    bob: dict[str, Any]


@pytest.fixture
def make_bob_slot(
    make_session: Callable[[str], FakeSession], owner_client: CaptureClient, tmp_path: Path
) -> Callable[[], Awaitable[BobSlot]]:
    """An owner session whose token keeper is a real TokenKeeper with one slot for Bob."""

    async def make() -> BobSlot:
        session = make_session("owner")
        bob = await find_one(owner_client, "bob@example.com")
        secrets = SecretStore(service=SERVICE, backend=MemoryKeyring())
        keeper = TokenKeeper(
            lambda _profile: session.client(), secrets, SlotStore(tmp_path / "slots.json")
        )
        tokens = await _bob_tokens(owner_client, bob["uuid"])
        slot = await keeper.save_token_set(
            "Sandbox", tokens, label="Bob QA", email="bob@example.com", record_uuid=bob["uuid"]
        )
        session.token_keeper = keeper  # type: ignore[assignment]
        return BobSlot(session, keeper, secrets, slot.slot_id, tokens, bob)

    return make


async def test_expired_access_token_is_refreshed_and_the_call_retried(
    qtbot: QtBot,
    home: Path,
    owner_client: CaptureClient,
    clock: SandboxClock,
    make_bob_slot: Callable[[], Awaitable[BobSlot]],
) -> None:
    it = await make_bob_slot()
    session, keeper, secrets, slot_id = it.session, it.keeper, it.secrets, it.slot_id
    view = await open_view(qtbot, session, home)
    clock.offset = 2 * 3600  # the access token (1 h) is expired on the server; refresh is not

    browser = view.browser
    browser.credentials.select_slot(slot_id)
    await wait_until(lambda: not session.runner.pending() and not browser.model.loading)
    assert [r["email"] for r in browser.model.rows] == ["bob@example.com"]
    # The keeper refreshed once: new tokens, and the single-use refresh token was rotated
    # and persisted before the retry used the new access token.
    access = await secrets.get(slot_key("Sandbox", slot_id, "access_token"))
    refresh = await secrets.get(slot_key("Sandbox", slot_id, "refresh_token"))
    assert access and access != it.first.access_token
    assert refresh and refresh != it.first.refresh_token
    assert keeper.slot(slot_id).state == "valid"

    # A save through the slot works on the refreshed token, with no second refresh.
    editor = await open_editor(view, it.bob["uuid"], slot_id=slot_id)
    set_value(editor, "Roberta", "givenName")
    await save(editor, "update")
    after = await owner_client.entity("user", RecordSelector.by_uuid(it.bob["uuid"]))
    assert after.data["givenName"] == "Roberta"
    assert await secrets.get(slot_key("Sandbox", slot_id, "access_token")) == access


async def test_rejected_refresh_marks_the_slot_needs_sign_in_without_looping(
    qtbot: QtBot,
    home: Path,
    clock: SandboxClock,
    sandbox: SandboxServer,
    make_bob_slot: Callable[[], Awaitable[BobSlot]],
) -> None:
    # Refresh tokens issued from now expire after 1 h: two hours on, the refresh is rejected.
    sandbox.sandbox.settings.update({"refresh_token_lifetime": 3600})
    it = await make_bob_slot()
    view = await open_view(qtbot, it.session, home)
    clock.offset = 2 * 3600
    browser = view.browser
    browser.credentials.select_slot(it.slot_id)
    await wait_until(lambda: not it.session.runner.pending() and not browser.model.loading)
    assert it.keeper.slot(it.slot_id).state == "needs_sign_in"
    assert browser.model.rows == []
    assert not browser.banner.isHidden()  # the user is told, not shown an empty list alone
