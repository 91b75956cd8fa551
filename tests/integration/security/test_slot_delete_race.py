"""A refresh in flight never brings a deleted slot back, nor undoes what changed meanwhile.

Real parts: the sandbox on a real port (with added latency, so the refresh is in flight while
the user acts), the production HTTP client, and a real Secret Service (gnome-keyring on a
private D-Bus) whose items the tests enumerate.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from capture_desktop.api import CaptureClient, RecordSelector, make_http_client
from capture_desktop.api.models import TokenSet
from capture_desktop.auth import AuthorizationCodeFlow, TokenKeeper
from capture_desktop.sandbox import SandboxServer
from capture_desktop.store.secrets import SecretStore, client_secret_key, slot_key
from capture_desktop.store.slots import SlotStore
from tests.helpers.sandbox import sandbox_client
from tests.helpers.secret_service import PrivateSecretService

pytestmark = pytest.mark.secret_service

ALICE = RecordSelector.by_key("email", "alice@example.com")
REDIRECT = "http://127.0.0.1:8400/callback"
LATENCY_MS = 800  # how long the refresh stays in flight on the server


@dataclass
class World:
    server: SandboxServer
    client: CaptureClient
    store: SecretStore
    keeper: TokenKeeper
    slots_path: Path
    keyring: PrivateSecretService
    calling: asyncio.Event  # set when the keeper takes the client for a refresh call

    async def sign_in(self) -> TokenSet:
        return await AuthorizationCodeFlow(self.client).run("user", ALICE, REDIRECT)

    def slow_server(self) -> None:
        assert self.server.app is not None
        self.server.app.state.sandbox.settings.update({"latency_ms": LATENCY_MS})

    async def refresh_in_flight(self, slot_id: str) -> asyncio.Task[str]:
        """Start a refresh and return once its oauth/token request is on its way."""
        self.calling.clear()
        task = asyncio.create_task(self.keeper.refresh(slot_id))
        async with asyncio.timeout(10):
            await self.calling.wait()
        assert self.keeper.state(slot_id) == "refreshing"
        return task


@pytest.fixture
async def world(
    sandbox_server: SandboxServer, private_secret_service: PrivateSecretService, tmp_path: Path
) -> AsyncIterator[World]:
    async with make_http_client(timeout=10.0) as http:
        client = sandbox_client(http, sandbox_server)
        store = private_secret_service.store()
        slots_path = tmp_path / "token-slots.json"
        calling = asyncio.Event()

        def client_for(profile: str) -> CaptureClient:
            calling.set()  # the caller's task sends the request before it next yields
            return client

        keeper = TokenKeeper(client_for, store, SlotStore(slots_path))
        try:
            yield World(
                sandbox_server, client, store, keeper, slots_path, private_secret_service, calling
            )
        finally:
            await keeper.aclose()


async def test_deleting_a_slot_during_its_refresh_leaves_nothing(world: World) -> None:
    slot = await world.keeper.save_token_set("Doomed", await world.sign_in(), label="alice")
    world.slow_server()
    refresh = await world.refresh_in_flight(slot.slot_id)

    await world.keeper.delete_slot(slot.slot_id)
    await asyncio.gather(refresh, return_exceptions=True)

    assert world.keeper.slots() == []
    assert SlotStore(world.slots_path).load() == []  # as the next start would read it
    assert world.keyring.item_names() == []


async def test_deleting_a_profile_during_a_refresh_leaves_zero_keyring_items(
    world: World,
) -> None:
    await world.store.set(client_secret_key("Doomed"), "doomed-client-secret")
    await world.store.set(client_secret_key("Kept"), "kept-client-secret")
    first = await world.keeper.save_token_set("Doomed", await world.sign_in(), label="a")
    await world.keeper.save_token_set("Doomed", await world.sign_in(), label="b")
    kept = await world.keeper.save_token_set("Kept", await world.sign_in(), label="c")
    world.slow_server()
    refresh = await world.refresh_in_flight(first.slot_id)

    # What deleting a profile does: its slots through the keeper, then its secrets.
    ids = [s.slot_id for s in world.keeper.slots("Doomed")]
    await world.keeper.delete_profile_slots("Doomed")
    await world.store.delete_profile("Doomed", ids)
    await asyncio.gather(refresh, return_exceptions=True)

    names = world.keyring.item_names()
    assert [n for n in names if n.startswith("Doomed:")] == []
    assert client_secret_key("Kept") in names
    assert slot_key("Kept", kept.slot_id, "refresh_token") in names
    assert [s.profile for s in SlotStore(world.slots_path).load()] == ["Kept"]


async def test_an_auto_refresh_toggle_made_during_a_refresh_is_kept(world: World) -> None:
    slot = await world.keeper.save_token_set("P", await world.sign_in(), label="alice")
    assert slot.auto_refresh
    world.slow_server()
    refresh = await world.refresh_in_flight(slot.slot_id)

    await world.keeper.set_auto_refresh(slot.slot_id, False)
    await refresh

    assert world.keeper.slot(slot.slot_id).auto_refresh is False
    assert SlotStore(world.slots_path).get(slot.slot_id).auto_refresh is False


async def test_a_sign_in_during_a_refresh_is_not_overwritten_by_it(world: World) -> None:
    slot = await world.keeper.save_token_set("P", await world.sign_in(), label="alice")
    fresh = await world.sign_in()
    world.slow_server()
    refresh = await world.refresh_in_flight(slot.slot_id)

    await world.keeper.save_token_set("P", fresh, label="alice", slot_id=slot.slot_id)
    await asyncio.gather(refresh, return_exceptions=True)

    again = SecretStore(service=world.store.service, backend=world.store.backend())
    assert await again.get(slot_key("P", slot.slot_id, "access_token")) == fresh.access_token
    assert await again.get(slot_key("P", slot.slot_id, "refresh_token")) == fresh.refresh_token
    assert await world.keeper.access_token(slot.slot_id) == fresh.access_token
