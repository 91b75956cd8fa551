"""Renaming a profile moves its client secret and token slots (metadata and keyring items):
nothing stays under the old name, and deleting the renamed profile leaves the keyring clean."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from capture_desktop.auth.token_keeper import TokenKeeper
from capture_desktop.sandbox import load_clients
from capture_desktop.services.sandbox_service import SANDBOX_PROFILE
from capture_desktop.services.session import Session
from capture_desktop.store import paths
from capture_desktop.store.profiles import Profile, ProfileExists
from capture_desktop.store.secrets import SERVICE, SecretStoreError, slot_key
from capture_desktop.store.slots import SlotStore
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot, creation_slot

OLD, NEW = "Team app", "Team app (renamed)"


def _items(keyring: Any, profile: str) -> list[str]:
    return [name for name in keyring.usernames(SERVICE) if name.startswith(f"{profile}:")]


def _snapshot(keyring: Any) -> dict[str, str]:
    return {name: keyring.get_password(SERVICE, name) for name in keyring.usernames(SERVICE)}


async def _team_profile(session: Session) -> Profile:
    """A plain (non-sandbox) profile on the sandbox with the owner client, made active."""
    owner = next(c for c in load_clients(session.sandbox.data_dir) if c["features"] == ["owner"])
    assert session.sandbox.base_url is not None
    profile = Profile(name=OLD, base_url=session.sandbox.base_url, client_id=owner["client_id"])
    await session.save_profile(profile, owner["client_secret"])
    await session.activate(OLD)
    return profile


def _fresh_keeper(session: Session) -> TokenKeeper:
    """A keeper reading only the slot file and the keyring (no in-memory token cache)."""
    return TokenKeeper(session._client_for, session.secrets, SlotStore(paths.slots_file()))


async def test_rename_moves_slots_and_delete_leaves_no_keyring_item(
    sandbox_session: Session, memory_keyring: Any
) -> None:
    session = sandbox_session
    profile = await _team_profile(session)
    access = await access_slot(session)
    creation = await creation_slot(session)
    token = await session.tokens.token_value(access.slot_id)
    assert len(_items(memory_keyring, OLD)) == 4  # client secret, access, refresh, creation

    await session.save_profile(dataclasses.replace(profile, name=NEW), replace=OLD)

    assert session.require_profile().name == NEW
    assert {s.slot_id for s in session.tokens.slots()} == {access.slot_id, creation.slot_id}
    assert all(s.profile == NEW for s in session.tokens.slots())
    assert _items(memory_keyring, OLD) == []
    assert memory_keyring.get_password(SERVICE, slot_key(NEW, access.slot_id, "access_token"))
    # What survives a restart: the slot file on disk and the keyring, no cache.
    fresh = _fresh_keeper(session)
    assert {s.slot_id for s in fresh.slots(NEW)} == {access.slot_id, creation.slot_id}
    assert fresh.slots(OLD) == []
    assert await fresh.access_token(access.slot_id) == token
    assert await fresh.creation_token(creation.slot_id)
    # The moved refresh token still works, and the new one lands under the new name.
    refreshed = await fresh.refresh(access.slot_id)
    key = slot_key(NEW, access.slot_id, "access_token")
    assert memory_keyring.get_password(SERVICE, key) == refreshed
    assert _items(memory_keyring, OLD) == []

    await session.delete_profile(NEW)

    assert _items(memory_keyring, OLD) == []
    assert _items(memory_keyring, NEW) == []
    assert _fresh_keeper(session).slots() == []


async def test_rename_onto_an_existing_name_touches_no_secret(
    sandbox_session: Session, memory_keyring: Any
) -> None:
    session = sandbox_session
    profile = await _team_profile(session)
    slot = await access_slot(session)
    before = {
        name: memory_keyring.get_password(SERVICE, name)
        for name in memory_keyring.usernames(SERVICE)
    }

    with pytest.raises(ProfileExists):
        await session.save_profile(dataclasses.replace(profile, name=SANDBOX_PROFILE), replace=OLD)

    after = {
        name: memory_keyring.get_password(SERVICE, name)
        for name in memory_keyring.usernames(SERVICE)
    }
    assert after == before
    assert session.tokens.slot(slot.slot_id).profile == OLD


class _FailingWrites:
    """The session's secret store, refusing writes under one profile name."""

    def __init__(self, inner: Any, refused: str) -> None:
        self._inner, self._refused, self.writes = inner, refused, 0

    async def get(self, key: str) -> str | None:
        value: str | None = await self._inner.get(key)
        return value

    async def set(self, key: str, value: str) -> None:
        if key.startswith(f"{self._refused}:slot:"):
            self.writes += 1
            if self.writes > 1:  # the first item goes through: a failure part-way
                raise SecretStoreError("The keyring failed: test")
        await self._inner.set(key, value)

    async def delete(self, key: str) -> bool:
        done: bool = await self._inner.delete(key)
        return done

    async def delete_slot(self, profile: str, slot_id: str) -> int:
        count: int = await self._inner.delete_slot(profile, slot_id)
        return count


async def test_a_failed_keyring_write_leaves_the_profile_and_its_tokens_as_they_were(
    sandbox_session: Session, memory_keyring: Any
) -> None:
    session = sandbox_session
    profile = await _team_profile(session)
    slot = await access_slot(session)
    before = sorted(_items(memory_keyring, OLD))
    keeper = session.tokens.keeper
    keeper._secrets = _FailingWrites(session.secrets, NEW)

    with pytest.raises(SecretStoreError):
        await session.save_profile(dataclasses.replace(profile, name=NEW), replace=OLD)

    assert session.profile_store.names().count(OLD) == 1
    assert NEW not in session.profile_store.names()
    assert sorted(_items(memory_keyring, OLD)) == before
    assert _items(memory_keyring, NEW) == []
    fresh = _fresh_keeper(session)
    assert [s.slot_id for s in fresh.slots(OLD)] == [slot.slot_id]
    assert await fresh.access_token(slot.slot_id)


class _PausingWrites(_FailingWrites):
    """Holds the first slot write under the new name until ``resume`` is set."""

    def __init__(self, inner: Any, new: str) -> None:
        super().__init__(inner, new)
        self.paused, self.resume = asyncio.Event(), asyncio.Event()

    async def set(self, key: str, value: str) -> None:
        if key.startswith(f"{self._refused}:slot:") and not self.paused.is_set():
            self.paused.set()
            await self.resume.wait()
        await self._inner.set(key, value)


async def test_a_refresh_during_the_rename_lands_under_the_new_name(
    sandbox_session: Session, memory_keyring: Any
) -> None:
    session = sandbox_session
    profile = await _team_profile(session)
    slot = await access_slot(session)
    keeper = session.tokens.keeper
    keeper._secrets = pausing = _PausingWrites(session.secrets, NEW)
    renamed = dataclasses.replace(profile, name=NEW)
    rename = asyncio.ensure_future(session.save_profile(renamed, replace=OLD))
    await pausing.paused.wait()
    refresh = asyncio.ensure_future(keeper.refresh(slot.slot_id))
    # Under way: waiting for the move (or, were nothing to hold it, already done).
    await wait_until(lambda: keeper.state(slot.slot_id) == "refreshing" or refresh.done())
    pausing.resume.set()

    await rename
    token = await refresh

    assert _items(memory_keyring, OLD) == []
    assert (
        memory_keyring.get_password(SERVICE, slot_key(NEW, slot.slot_id, "access_token")) == token
    )
    fresh = _fresh_keeper(session)
    assert [s.profile for s in fresh.slots()] == [NEW]
    assert await fresh.refresh(slot.slot_id)  # the newest refresh token was kept
