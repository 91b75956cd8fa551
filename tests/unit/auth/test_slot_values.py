"""SlotValues: where a slot's token values live and the order they are written in."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from capture_desktop.api.models import CreationToken, TokenSet
from capture_desktop.auth.slot_values import SlotValues
from capture_desktop.store.secrets import SecretStoreError, slot_key
from capture_desktop.store.slots import SlotStore, TokenSlot
from tests.unit.auth.fakes import FakeClock, RecordingSecrets

SERVICE = "capture-desktop"


class RecordingSlots(SlotStore):
    """The real slot file on a tmp path; each metadata write is recorded beside the keyring's."""

    def __init__(self, path: Path, events: list[tuple[str, ...]]) -> None:
        super().__init__(path)
        self.events = events

    def put(self, slot: TokenSlot) -> None:
        super().put(slot)
        self.events.append(("slots.put", slot.slot_id, str(slot.expires_at)))


class World:
    def __init__(self, tmp_path: Path, secrets: RecordingSecrets | None = None) -> None:
        self.events: list[tuple[str, ...]] = []
        self.clock = FakeClock()
        self.secrets = secrets or RecordingSecrets(self.events)
        self.slot_path = tmp_path / "token-slots.json"
        self.slots = RecordingSlots(self.slot_path, self.events)
        self.unsaved_reports: list[str] = []
        self.values = SlotValues(self.secrets, self.slots, on_unsaved=self.unsaved_reports.append)

    def token_set(self, serial: int, *, refresh: bool = True) -> TokenSet:
        now = self.clock()
        return TokenSet(
            access_token=f"at-{serial}",
            refresh_token=f"rt-{serial}" if refresh else None,
            expires_at=now + timedelta(seconds=3600),
            issued_at=now,
            client_id="client-1",
        )

    def slot(self, slot_id: str = "s1", *, session_only: bool = False) -> TokenSlot:
        return TokenSlot(
            slot_id=slot_id,
            label="alice",
            profile="Sandbox",
            kind="access",
            session_only=session_only,
        )

    async def unsaved_refresh(self) -> None:
        """Slot s1 signed in with set 1, then refreshed to set 2 while the keyring refused."""
        await self.values.store(self.slot(), self.token_set(1))
        self.secrets.fail_writes = True
        with pytest.raises(SecretStoreError):
            await self.values.save_refreshed(self.slots.get("s1"), self.token_set(2))
        self.secrets.fail_writes = False

    def item(self, profile: str, slot_id: str, kind: str) -> str | None:
        return self.secrets.keyring.get_password(SERVICE, slot_key(profile, slot_id, kind))  # type: ignore[arg-type]

    def items_of(self, profile: str) -> list[str]:
        return sorted(n for n in self.secrets.keyring.usernames(SERVICE) if n.startswith(profile))


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


async def test_refresh_token_then_access_token_then_metadata(world: World) -> None:
    token_set = world.token_set(1)
    await world.values.store(world.slot(), token_set)

    assert world.events == [
        ("secret.set", "refresh_token", "rt-1"),
        ("secret.set", "access_token", "at-1"),
        ("slots.put", "s1", str(token_set.expires_at)),
    ]
    on_disk = SlotStore(world.slot_path).get("s1")
    assert on_disk.expires_at == token_set.expires_at
    assert on_disk.state == "valid"
    assert not on_disk.unsaved


async def test_a_refreshed_set_is_written_in_the_same_order(world: World) -> None:
    await world.values.store(world.slot(), world.token_set(1))
    world.events.clear()
    world.clock.advance(3600)
    refreshed = world.token_set(2)

    await world.values.save_refreshed(world.slots.get("s1"), refreshed)

    assert world.events == [
        ("secret.set", "refresh_token", "rt-2"),
        ("secret.set", "access_token", "at-2"),
        ("slots.put", "s1", str(refreshed.expires_at)),
    ]
    assert world.values.pending_slots() == []


async def test_a_failed_keyring_write_keeps_the_new_tokens_pending_and_reported(
    world: World,
) -> None:
    await world.values.store(world.slot(), world.token_set(1))
    world.clock.advance(3600)
    world.secrets.fail_writes = True

    with pytest.raises(SecretStoreError):
        await world.values.save_refreshed(world.slots.get("s1"), world.token_set(2))

    assert world.values.pending_slots() == ["s1"]
    assert world.values.is_pending("s1")
    assert world.unsaved_reports == ["s1"]
    # The spent rt-1 is still in the keyring; the only copy of rt-2 is in memory.
    assert world.item("Sandbox", "s1", "refresh_token") == "rt-1"
    assert await world.values.get(world.slots.get("s1"), "refresh_token") == "rt-2"
    # Said on disk too, for the next start.
    on_disk = SlotStore(world.slot_path).get("s1")
    assert on_disk.unsaved
    assert on_disk.reason is not None and "could not be saved" in on_disk.reason

    # A flush while the keyring still refuses keeps it pending and says so again.
    with pytest.raises(SecretStoreError):
        await world.values.flush("s1")
    assert world.values.pending_slots() == ["s1"]
    assert world.unsaved_reports == ["s1", "s1"]

    world.secrets.fail_writes = False
    await world.values.flush("s1")

    assert world.values.pending_slots() == []
    assert world.item("Sandbox", "s1", "refresh_token") == "rt-2"
    assert world.item("Sandbox", "s1", "access_token") == "at-2"
    assert not SlotStore(world.slot_path).get("s1").unsaved


async def test_a_fresh_sign_in_without_refresh_token_removes_the_old_one(world: World) -> None:
    await world.values.store(world.slot(), world.token_set(1))

    await world.values.store(world.slots.get("s1"), world.token_set(2, refresh=False))

    assert world.item("Sandbox", "s1", "refresh_token") is None
    assert await world.values.get(world.slots.get("s1"), "refresh_token") is None
    assert await world.values.get(world.slots.get("s1"), "access_token") == "at-2"


async def test_session_only_values_never_reach_the_keyring(world: World) -> None:
    await world.values.store(world.slot(session_only=True), world.token_set(1))

    assert world.items_of("Sandbox") == []
    assert not world.slot_path.exists() or "s1" not in world.slot_path.read_text()
    slot = world.slots.get("s1")
    assert await world.values.get(slot, "access_token") == "at-1"
    # Another process's write makes cached keyring values stale, not session-only ones.
    world.values.reread_keyring()
    assert await world.values.get(slot, "refresh_token") == "rt-1"


async def test_values_are_read_from_the_keyring_once_then_from_memory(world: World) -> None:
    await world.values.store(world.slot(), world.token_set(1))
    other_process = SlotValues(RecordingSecrets([]), SlotStore(world.slot_path))
    other_process.secrets = world.secrets
    slot = world.slots.get("s1")

    assert await other_process.get(slot, "access_token") == "at-1"
    world.secrets.keyring.set_password(SERVICE, slot_key("Sandbox", "s1", "access_token"), "x")
    assert await other_process.get(slot, "access_token") == "at-1"
    other_process.reread_keyring()
    assert await other_process.get(slot, "access_token") == "x"


async def test_a_creation_token_is_in_the_keyring_before_its_slot_is_listed(
    world: World,
) -> None:
    slot = TokenSlot(slot_id="c1", label="new user", profile="Sandbox", kind="creation")
    now = world.clock()
    token = CreationToken(
        token="ct-1", type_name="user", expires_at=now + timedelta(seconds=60), issued_at=now
    )

    await world.values.store_creation(slot, token)

    assert [e[0] for e in world.events] == ["secret.set", "slots.put"]
    assert world.item("Sandbox", "c1", "creation_token") == "ct-1"
    assert await world.values.get(world.slots.get("c1"), "creation_token") == "ct-1"


async def test_revoked_values_leave_the_keyring_and_memory(world: World) -> None:
    await world.unsaved_refresh()

    await world.values.mark_revoked(world.slots.get("s1"))

    assert SlotStore(world.slot_path).get("s1").state == "revoked"
    assert world.items_of("Sandbox") == []
    assert world.values.pending_slots() == []
    assert world.values.cached("s1", "access_token") is None


class _RefusingDeletes(RecordingSecrets):
    async def delete_slot(self, profile: str, slot_id: str) -> int:
        raise SecretStoreError("The keyring failed: test")


async def test_deleting_removes_the_values_before_the_metadata(tmp_path: Path) -> None:
    world = World(tmp_path, _RefusingDeletes([]))
    await world.values.store(world.slot(), world.token_set(1))

    # The keyring refuses: the slot stays listed, so its items are not orphaned out of sight.
    with pytest.raises(SecretStoreError):
        await world.values.delete(world.slots.get("s1"))
    assert [s.slot_id for s in SlotStore(world.slot_path).list()] == ["s1"]


async def test_deleting_a_slot_removes_its_items_and_its_metadata(world: World) -> None:
    await world.values.store(world.slot(), world.token_set(1))

    await world.values.delete(world.slots.get("s1"))
    world.values.forget("s1")

    assert world.items_of("Sandbox") == []
    assert SlotStore(world.slot_path).list() == []
    assert world.values.cached("s1", "access_token") is None


class _FailingSecondWrite(RecordingSecrets):
    """Refuses the second item written under profile ``Team``: a move failing part-way."""

    def __init__(self) -> None:
        super().__init__([])
        self.writes = 0

    async def set(self, key: str, value: str) -> None:
        if key.startswith("Team:"):
            self.writes += 1
            if self.writes > 1:
                raise SecretStoreError("The keyring failed: test")
        await super().set(key, value)


async def test_a_move_failing_part_way_changes_nothing(tmp_path: Path) -> None:
    world = World(tmp_path, _FailingSecondWrite())
    await world.values.store(world.slot(), world.token_set(1))
    before = world.items_of("Sandbox")

    with pytest.raises(SecretStoreError):
        await world.values.move(world.slots.list("Sandbox"), "Sandbox", "Team")

    assert world.items_of("Team") == []
    assert world.items_of("Sandbox") == before
    assert world.item("Sandbox", "s1", "refresh_token") == "rt-1"
    assert SlotStore(world.slot_path).get("s1").profile == "Sandbox"


async def test_a_move_writes_the_newest_values_under_the_new_name(world: World) -> None:
    await world.unsaved_refresh()

    await world.values.move(world.slots.list("Sandbox"), "Sandbox", "Team")

    assert world.items_of("Sandbox") == []
    assert world.item("Team", "s1", "refresh_token") == "rt-2"
    assert world.item("Team", "s1", "access_token") == "at-2"
    assert SlotStore(world.slot_path).get("s1").profile == "Team"
    assert world.values.pending_slots() == []


async def test_a_slot_that_needs_sign_in_says_why_and_keeps_nothing_in_memory(
    world: World,
) -> None:
    await world.values.store(world.slot(), world.token_set(1))

    world.values.mark_needs_sign_in("s1", "The server refused this slot's refresh token.")

    on_disk = SlotStore(world.slot_path).get("s1")
    assert (on_disk.state, on_disk.reason) == (
        "needs_sign_in",
        "The server refused this slot's refresh token.",
    )
    assert world.values.cached("s1", "refresh_token") is None
