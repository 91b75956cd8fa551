"""SlotRefresher: one flight per slot, under the slot's file lock, persisted before use."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Literal

import pytest

from capture_desktop.api.errors import ApiError
from capture_desktop.auth.slot_refresh import SlotRefresher
from capture_desktop.auth.slot_values import SlotValues
from capture_desktop.auth.token_types import NeedsSignIn, SlotRevoked
from capture_desktop.store.secrets import slot_key
from capture_desktop.store.slot_lock import slot_lock_async
from capture_desktop.store.slots import SlotNotFound, SlotStore, TokenSlot
from tests.unit.auth.fakes import FakeAuth

SERVICE = "capture-desktop"


class World(FakeAuth):
    def __init__(self, tmp_path: Path) -> None:
        super().__init__()
        self.slots = SlotStore(tmp_path / "token-slots.json")
        self.values = SlotValues(self.secrets, self.slots)
        self.moving: dict[str, asyncio.Event] = {}
        self.deleting: set[str] = set()
        self.told: list[str] = []
        self.slot_changes = 0
        self.refresher = SlotRefresher(
            lambda profile: self.endpoint,
            self.slots,
            self.values,
            lambda slot_id: slot_lock_async(slot_id, folder=tmp_path / "locks"),
            moving=self.moving,
            deleting=self.deleting,
            on_state=self.told.append,
            on_slots=self._slots_changed,
        )

    def _slots_changed(self) -> None:
        self.slot_changes += 1

    async def slot(self) -> TokenSlot:
        slot = TokenSlot(slot_id="s1", label="alice", profile="Sandbox", kind="access")
        await self.values.store(slot, self.endpoint.issue())
        self.events.clear()
        return self.slots.get("s1")

    def item(self, kind: str) -> str | None:
        return self.secrets.keyring.get_password(SERVICE, slot_key("Sandbox", "s1", kind))  # type: ignore[arg-type]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


async def test_concurrent_refreshes_share_one_call_and_one_new_token(world: World) -> None:
    await world.slot()
    world.endpoint.gate = asyncio.Event()

    first = asyncio.ensure_future(world.refresher.refresh("s1"))
    await world.endpoint.entered.wait()
    assert world.refresher.running("s1") is not None
    others = [asyncio.ensure_future(world.refresher.refresh("s1")) for _ in range(5)]
    world.endpoint.gate.set()

    assert {await first, *await asyncio.gather(*others)} == {"at-2"}
    assert world.endpoint.calls == 1
    assert world.refresher.running("s1") is None
    assert world.told[0] == "s1"  # told when it started, and again when it ended
    assert world.item("refresh_token") == "rt-2"


async def test_the_new_refresh_token_is_stored_before_the_caller_gets_the_access_token(
    world: World,
) -> None:
    await world.slot()

    token = await world.refresher.refresh("s1")
    world.events.append(("handed_out", str(token)))

    assert world.events == [
        ("oauth_token", "rt-1"),
        ("secret.set", "refresh_token", "rt-2"),
        ("secret.set", "access_token", "at-2"),
        ("handed_out", "at-2"),
    ]


async def test_a_slot_refreshed_since_the_caller_looked_is_not_refreshed_again(
    world: World,
) -> None:
    seen = await world.slot()
    world.clock.advance(3600)
    await world.refresher.refresh("s1")

    assert await world.refresher.refresh("s1", seen_expiry=seen.expires_at) is None
    assert await world.refresher.refresh("s1", seen_token="at-1") is None
    assert world.endpoint.calls == 1


async def test_a_refused_refresh_token_needs_sign_in_with_the_server_s_reason(
    world: World,
) -> None:
    await world.slot()
    world.endpoint.revoke_all()

    with pytest.raises(NeedsSignIn):
        await world.refresher.refresh("s1")

    slot = world.slots.get("s1")
    assert slot.state == "needs_sign_in"
    assert slot.reason is not None and "refresh token has already been used" in slot.reason
    with pytest.raises(NeedsSignIn):  # nothing retries it
        await world.refresher.refresh("s1")
    assert world.endpoint.calls == 1


async def test_a_grant_deleted_at_the_server_revokes_the_slot_and_drops_its_values(
    world: World,
) -> None:
    await world.slot()
    world.endpoint.fail_with = ApiError.from_payload(
        {"stat": "error", "code": 413, "error": "no_access_grant"}, 400
    )

    with pytest.raises(SlotRevoked):
        await world.refresher.refresh("s1")

    assert world.slots.get("s1").state == "revoked"
    assert (world.item("access_token"), world.item("refresh_token")) == (None, None)


async def test_a_slot_deleted_during_its_refresh_gets_nothing_written_back(
    world: World,
) -> None:
    await world.slot()
    world.endpoint.gate = asyncio.Event()
    refresh = asyncio.ensure_future(world.refresher.refresh("s1"))
    await world.endpoint.entered.wait()

    world.deleting.add("s1")
    world.endpoint.gate.set()

    with pytest.raises(SlotNotFound):
        await refresh
    assert world.item("refresh_token") == "rt-1"
    assert not world.values.pending_slots()


class _ObservedGate(asyncio.Event):
    """The gate a profile rename sets; says when a refresh starts waiting on it."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = asyncio.Event()

    async def wait(self) -> Literal[True]:
        self.waiting.set()
        return await super().wait()


async def test_a_refresh_waits_while_the_slot_moves_to_a_new_profile_name(
    world: World,
) -> None:
    await world.slot()
    gate = world.moving["s1"] = _ObservedGate()

    refresh = asyncio.ensure_future(world.refresher.refresh("s1"))
    await gate.waiting.wait()
    assert world.endpoint.calls == 0
    assert world.refresher.running("s1") is not None

    gate.set()
    assert await refresh == "at-2"
    assert world.endpoint.calls == 1
