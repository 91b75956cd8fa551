"""TokenKeeper against the sandbox (ASGITransport): real rotation, real 414, real rejection."""

from __future__ import annotations

from pathlib import Path

import pytest

from capture_desktop.api import AccessTokenAuth, RecordSelector
from capture_desktop.auth import AuthorizationCodeFlow, NeedsSignIn, TokenKeeper, refresh
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SERVICE, SecretStore, slot_key
from capture_desktop.store.slots import SlotStore
from tests.unit.auth.conftest import AsgiSandbox
from tests.unit.auth.fakes import FakeClock

ALICE = RecordSelector.by_key("email", "alice@example.com")
REDIRECT = "http://127.0.0.1:8400/callback"


async def _keeper_with_alice(
    sandbox: AsgiSandbox, tmp_path: Path, clock: FakeClock
) -> tuple[TokenKeeper, str, MemoryKeyring]:
    client = sandbox.client("owner")
    backend = MemoryKeyring()
    keeper = TokenKeeper(
        lambda profile: client,
        SecretStore(backend=backend),
        SlotStore(tmp_path / "s.json"),
        clock=clock,
    )
    tokens = await AuthorizationCodeFlow(client).run("user", ALICE, REDIRECT)
    slot = await keeper.save_token_set("Sandbox", tokens, label="alice", email="alice@example.com")
    return keeper, slot.slot_id, backend


async def test_414_from_the_sandbox_refreshes_once_and_retries(
    asgi_sandbox: AsgiSandbox, tmp_path: Path
) -> None:
    keeper_clock = FakeClock()  # the keeper believes the token is fresh...
    keeper, slot_id, backend = await _keeper_with_alice(asgi_sandbox, tmp_path, keeper_clock)
    asgi_sandbox.clock.advance(3601)  # ...but the server has moved past its expiry
    client = asgi_sandbox.client("owner")
    used: list[str] = []

    async def read_record(token: str) -> str:
        used.append(token)
        record = await client.entity("user", auth=AccessTokenAuth(token))
        return str(record.data["email"])

    assert await keeper.call_with_retry(slot_id, read_record) == "alice@example.com"
    assert len(used) == 2 and used[0] != used[1]
    stored = backend.get_password(SERVICE, slot_key("Sandbox", slot_id, "access_token"))
    assert stored == used[1]


async def test_expiry_on_the_clock_refreshes_for_real(
    asgi_sandbox: AsgiSandbox, tmp_path: Path
) -> None:
    keeper, slot_id, backend = await _keeper_with_alice(asgi_sandbox, tmp_path, asgi_sandbox.clock)
    key = slot_key("Sandbox", slot_id, "refresh_token")
    first_refresh = backend.get_password(SERVICE, key)
    first = await keeper.access_token(slot_id)
    asgi_sandbox.clock.advance(3600 - 30)
    assert keeper.state(slot_id) == "expiring"
    second = await keeper.access_token(slot_id)
    assert second != first
    assert backend.get_password(SERVICE, key) not in (None, first_refresh)
    assert keeper.state(slot_id) == "valid"


async def test_spent_refresh_token_means_needs_sign_in(
    asgi_sandbox: AsgiSandbox, tmp_path: Path
) -> None:
    keeper, slot_id, backend = await _keeper_with_alice(asgi_sandbox, tmp_path, asgi_sandbox.clock)
    stolen = backend.get_password(SERVICE, slot_key("Sandbox", slot_id, "refresh_token"))
    assert stolen is not None
    await refresh(asgi_sandbox.client("owner"), stolen)  # someone else spent it
    asgi_sandbox.clock.advance(3601)
    with pytest.raises(NeedsSignIn):
        await keeper.access_token(slot_id)
    assert keeper.state(slot_id) == "needs_sign_in"
