"""TokenKeeper: single flight, persist-before-use, 414 retry, needs_sign_in, expiry."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from capture_desktop.api.errors import AccessTokenExpired, ApiError, NetworkError
from capture_desktop.api.models import CreationToken, TokenSet
from capture_desktop.auth.token_keeper import NeedsSignIn, NoRefreshToken, SlotExpired, TokenKeeper
from capture_desktop.store.secrets import SecretStoreError, slot_key
from capture_desktop.store.slots import SlotState, SlotStore
from tests.unit.auth.fakes import FakeAuth


class World(FakeAuth):
    def __init__(self, tmp_path: Path) -> None:
        super().__init__()
        self.slot_path = tmp_path / "token-slots.json"
        self.keeper = self.new_keeper()
        self.states: list[tuple[str, SlotState]] = []
        self.keeper.subscribe(lambda slot_id, state: self.states.append((slot_id, state)))

    def new_keeper(self) -> TokenKeeper:
        return TokenKeeper(
            lambda profile: self.endpoint,
            self.secrets,
            SlotStore(self.slot_path),
            clock=self.clock,
        )

    async def slot(self, **kwargs: object) -> str:
        slot = await self.keeper.save_token_set(
            "Sandbox",
            self.endpoint.issue(),
            label="alice",
            **kwargs,  # type: ignore[arg-type]
        )
        return slot.slot_id


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


async def test_valid_slot_hands_out_its_token_without_refreshing(world: World) -> None:
    slot_id = await world.slot()
    assert await world.keeper.access_token(slot_id) == "at-1"
    assert world.endpoint.calls == 0
    assert world.keeper.state(slot_id) == "valid"
    stored = world.secrets.keyring.get_password(
        "capture-desktop", f"Sandbox:slot:{slot_id}:refresh_token"
    )
    assert stored == "rt-1"


async def test_hundred_concurrent_callers_share_one_refresh(world: World) -> None:
    slot_id = await world.slot()
    world.clock.advance(3600)
    world.endpoint.gate = asyncio.Event()
    callers = [asyncio.create_task(world.keeper.access_token(slot_id)) for _ in range(100)]
    await world.endpoint.entered.wait()
    assert world.keeper.state(slot_id) == "refreshing"
    world.endpoint.gate.set()
    tokens = await asyncio.gather(*callers)
    assert world.endpoint.calls == 1
    assert set(tokens) == {"at-2"}
    assert world.keeper.state(slot_id) == "valid"
    # Late callers after the refresh see a valid slot and do not refresh again.
    assert await world.keeper.access_token(slot_id) == "at-2"
    assert world.endpoint.calls == 1


async def test_new_refresh_token_is_persisted_before_the_access_token_is_handed_out(
    world: World,
) -> None:
    slot_id = await world.slot()
    world.events.clear()
    world.secrets.writing_refresh.clear()
    world.clock.advance(3600)
    world.secrets.hold_refresh_write = asyncio.Event()

    async def consumer() -> str:
        token = await world.keeper.access_token(slot_id)
        world.events.append(("handed_out", token))
        return token

    task = asyncio.create_task(consumer())
    await world.secrets.writing_refresh.wait()
    # The server has answered, the refresh-token write is in progress: nobody has the token.
    assert world.endpoint.calls == 1
    assert not task.done()
    world.secrets.hold_refresh_write.set()
    assert await task == "at-2"
    assert world.events == [
        ("oauth_token", "rt-1"),
        ("secret.set", "refresh_token", "rt-2"),
        ("secret.set", "access_token", "at-2"),
        ("handed_out", "at-2"),
    ]
    # The slot file on disk has the new expiry before the token is used, too.
    reloaded = SlotStore(world.slot_path).get(slot_id)
    assert reloaded.expires_at == world.clock() + timedelta(seconds=3600)


async def test_failed_persist_withholds_the_token_and_retries_the_write_not_the_refresh(
    world: World,
) -> None:
    slot_id = await world.slot()
    world.clock.advance(3600)
    world.secrets.fail_writes = True
    with pytest.raises(SecretStoreError):
        await world.keeper.access_token(slot_id)
    assert world.endpoint.calls == 1
    world.secrets.fail_writes = False
    assert await world.keeper.access_token(slot_id) == "at-2"
    assert world.endpoint.calls == 1  # the spent rt-1 was not replayed
    key = slot_key("Sandbox", slot_id, "refresh_token")
    assert world.secrets.keyring.get_password("capture-desktop", key) == "rt-2"


async def test_414_refreshes_once_and_retries_once(world: World) -> None:
    slot_id = await world.slot()
    seen: list[str] = []

    async def entity_call(token: str) -> str:
        seen.append(token)
        if token == "at-1":  # the server already considers it expired
            raise ApiError.from_payload(
                {"stat": "error", "code": 414, "error": "access_token_expired"}
            )
        return f"record via {token}"

    assert await world.keeper.call_with_retry(slot_id, entity_call) == "record via at-2"
    assert seen == ["at-1", "at-2"]
    assert world.endpoint.calls == 1


async def test_414_twice_is_raised_not_looped(world: World) -> None:
    slot_id = await world.slot()
    attempts = 0

    async def always_expired(token: str) -> None:
        nonlocal attempts
        attempts += 1
        raise ApiError.from_payload({"stat": "error", "code": 414, "error": "access_token_expired"})

    with pytest.raises(AccessTokenExpired):
        await world.keeper.call_with_retry(slot_id, always_expired)
    assert attempts == 2
    assert world.endpoint.calls == 1


async def test_concurrent_414s_share_one_refresh(world: World) -> None:
    slot_id = await world.slot()

    async def call(token: str) -> str:
        await asyncio.sleep(0)
        if token == "at-1":
            raise ApiError.from_payload({"stat": "error", "code": 414, "error": "x"})
        return token

    results = await asyncio.gather(
        *(world.keeper.call_with_retry(slot_id, call) for _ in range(50))
    )
    assert set(results) == {"at-2"}
    assert world.endpoint.calls == 1


async def test_revoked_refresh_token_moves_to_needs_sign_in_and_stays(world: World) -> None:
    slot_id = await world.slot()
    world.endpoint.revoke_all()
    world.clock.advance(3600)
    with pytest.raises(NeedsSignIn, match="sign in again"):
        await world.keeper.access_token(slot_id)
    assert world.keeper.state(slot_id) == "needs_sign_in"
    assert (slot_id, "needs_sign_in") in world.states
    with pytest.raises(NeedsSignIn):
        await world.keeper.access_token(slot_id)
    with pytest.raises(NeedsSignIn):
        await world.keeper.refresh(slot_id)
    world.keeper.poll()
    assert world.endpoint.calls == 1  # never retried, never looped
    # It survives a restart: the state is in the slot file.
    assert world.new_keeper().state(slot_id) == "needs_sign_in"
    # A new sign-in refills the same slot.
    await world.keeper.save_token_set(
        "Sandbox", world.endpoint.issue(), label="alice", slot_id=slot_id
    )
    assert world.keeper.state(slot_id) == "valid"
    assert await world.keeper.access_token(slot_id) == "at-2"


async def test_transient_failure_keeps_the_slot(world: World) -> None:
    slot_id = await world.slot()
    world.clock.advance(3600)
    world.endpoint.fail_with = NetworkError("connection reset")
    with pytest.raises(NetworkError):
        await world.keeper.access_token(slot_id)
    assert world.keeper.state(slot_id) == "expired"
    world.endpoint.fail_with = None
    assert await world.keeper.access_token(slot_id) == "at-2"


async def test_states_follow_the_fake_clock(world: World) -> None:
    slot_id = await world.slot(auto_refresh=False)
    assert world.states == [(slot_id, "valid")]
    world.clock.advance(3600 - 61)
    world.keeper.poll()
    assert world.keeper.state(slot_id) == "valid"
    world.clock.advance(2)
    world.keeper.poll()
    assert world.states[-1] == (slot_id, "expiring")
    assert await world.keeper.access_token(slot_id) == "at-1"  # still usable, not refreshed
    world.clock.advance(60)
    world.keeper.poll()
    assert world.states[-1] == (slot_id, "expired")
    with pytest.raises(SlotExpired):
        await world.keeper.access_token(slot_id)
    assert world.endpoint.calls == 0
    assert [s for _, s in world.states] == ["valid", "expiring", "expired"]


async def test_auto_refresh_at_the_margin_in_the_background(world: World) -> None:
    slot_id = await world.slot()
    back_to_valid = asyncio.Event()
    world.keeper.subscribe(
        lambda sid, state: (
            back_to_valid.set() if state == "valid" and world.endpoint.calls else None
        )
    )
    world.clock.advance(3600 - 30)
    world.keeper.poll()
    await back_to_valid.wait()
    assert [s for _, s in world.states] == ["valid", "expiring", "refreshing", "valid"]
    assert world.endpoint.calls == 1
    world.keeper.poll()
    assert world.endpoint.calls == 1
    assert await world.keeper.access_token(slot_id) == "at-2"


async def test_short_lived_token_is_not_expiring_from_birth(world: World) -> None:
    world.endpoint.lifetime = 30  # shorter than the 60 s margin
    slot_id = await world.slot()
    assert world.keeper.state(slot_id) == "valid"
    world.clock.advance(16)
    assert world.keeper.state(slot_id) == "expiring"


async def test_bare_access_token_cannot_refresh(world: World) -> None:
    now = world.clock()
    bare = TokenSet("bare-at", None, now + timedelta(seconds=60), now)
    slot = await world.keeper.save_token_set("Sandbox", bare, label="bare")
    assert not slot.auto_refresh
    world.clock.advance(61)
    with pytest.raises(SlotExpired):
        await world.keeper.access_token(slot.slot_id)
    assert world.endpoint.calls == 0


async def test_creation_token_slot(world: World) -> None:
    now = world.clock()
    token = CreationToken("ct-1", "user", now + timedelta(seconds=100), now)
    slot = await world.keeper.save_creation_token("Sandbox", token, label="creator")
    assert slot.kind == "creation" and slot.type_name == "user"
    assert await world.keeper.creation_token(slot.slot_id) == "ct-1"
    with pytest.raises(ValueError, match="creation"):
        await world.keeper.access_token(slot.slot_id)
    world.clock.advance(101)
    world.keeper.poll()
    assert world.keeper.state(slot.slot_id) == "expired"
    with pytest.raises(SlotExpired):
        await world.keeper.creation_token(slot.slot_id)


async def test_slots_survive_a_restart(world: World) -> None:
    slot_id = await world.slot()
    fresh = world.new_keeper()
    assert [s.slot_id for s in fresh.slots("Sandbox")] == [slot_id]
    assert fresh.slot(slot_id).client_id == "client-1"
    assert await fresh.access_token(slot_id) == "at-1"


async def test_delete_slot_removes_its_secrets(world: World) -> None:
    slot_id = await world.slot()
    other = await world.slot()
    changes: list[None] = []
    world.keeper.subscribe_slots(lambda: changes.append(None))
    await world.keeper.delete_slot(slot_id)
    assert changes == [None]
    assert [s.slot_id for s in world.keeper.slots()] == [other]
    assert all(slot_id not in name for name in world.secrets.keyring.usernames("capture-desktop"))
    assert await world.keeper.delete_profile_slots("Sandbox") == 1
    assert len(world.secrets.keyring) == 0


async def test_a_failing_subscriber_does_not_break_the_keeper(world: World) -> None:
    def boom(slot_id: str, state: SlotState) -> None:
        raise RuntimeError("subscriber bug")

    world.keeper.subscribe(boom)
    slot_id = await world.slot()
    assert await world.keeper.access_token(slot_id) == "at-1"


async def test_watcher_polls_and_stops(world: World) -> None:
    world.endpoint.lifetime = 3600
    slot_id = await world.slot(auto_refresh=False)
    world.clock.advance(3600)
    expired = asyncio.Event()
    world.keeper.subscribe(lambda sid, st: expired.set() if st == "expired" else None)
    world.keeper.start(max_interval=0.01)
    await expired.wait()
    await world.keeper.aclose()
    assert world.keeper.state(slot_id) == "expired"


async def test_refresh_without_a_refresh_token_keeps_the_valid_token(world: World) -> None:
    now = world.clock()
    bare = TokenSet("bare-at", None, now + timedelta(seconds=600), now)
    slot = await world.keeper.save_token_set("Sandbox", bare, label="native")
    assert not slot.refreshable
    with pytest.raises(NoRefreshToken):
        await world.keeper.refresh(slot.slot_id)
    assert world.keeper.state(slot.slot_id) == "valid"
    assert await world.keeper.access_token(slot.slot_id) == "bare-at"
    assert world.endpoint.calls == 0


async def test_an_older_slot_without_refresh_token_is_recognised(world: World) -> None:
    """Slots saved before the keeper recorded 'refreshable': the access token is in the
    keyring (written after the refresh token), the refresh token is not, so there never was
    one. The slot stays valid and is marked as not refreshable."""
    now = world.clock()
    bare = TokenSet("bare-at", None, now + timedelta(seconds=600), now)
    slot = await world.keeper.save_token_set("Sandbox", bare, label="native")
    store = world.keeper._slots
    store.put(dataclasses.replace(store.get(slot.slot_id), refreshable=True))
    restarted = world.new_keeper()
    with pytest.raises(NoRefreshToken):
        await restarted.refresh(slot.slot_id)
    assert restarted.state(slot.slot_id) == "valid"
    assert not restarted.slot(slot.slot_id).refreshable


async def test_a_session_only_token_outlives_another_process_changing_the_slot_file(
    world: World,
) -> None:
    slot_id = await world.slot(session_only=True)
    # A script (another process) saves a slot of its own: the GUI re-reads the file.
    other = world.new_keeper()
    await other.save_token_set("Sandbox", world.endpoint.issue(), label="script")
    assert world.keeper.reload_if_changed()
    assert sorted(s.label for s in world.keeper.slots("Sandbox")) == ["alice", "script"]
    # Its values were only ever in this process's memory: still there, still nowhere else.
    assert await world.keeper.access_token(slot_id) == "at-1"
    assert world.endpoint.calls == 0
    assert world.keeper.slot(slot_id).session_only
    assert slot_id not in world.slot_path.read_text()
