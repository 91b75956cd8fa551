"""SecretStore over keyring: one item per secret, worker thread, no fallback, clear errors."""

from __future__ import annotations

import threading
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked

from capture_desktop.store import remove_profile
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.profiles import Profile, ProfileNotFound, ProfileStore
from capture_desktop.store.secrets import (
    SERVICE,
    SecretStore,
    SecretStoreError,
    SecretStoreLocked,
    SecretStoreUnavailable,
    SecretTooLarge,
    client_secret_key,
    slot_key,
)
from capture_desktop.store.slots import SlotStore, TokenSlot
from tests.helpers.keyring import memory_keyring, use_memory_keyring  # noqa: F401


class ThreadRecordingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.add(threading.get_ident())
        return super().get_password(service, username)


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Prompt dismissed")


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise ConnectionError("D-Bus went away")


class PlaintextFileKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backends (refused by module name)."""


PlaintextFileKeyring.__module__ = "keyrings.alt.file"


async def test_round_trip_one_item_per_secret(memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    store = SecretStore()
    await store.set(client_secret_key("Prod"), "s3cret")
    await store.set(slot_key("Prod", "slot1", "refresh_token"), "rt")
    assert await store.get("Prod:client_secret") == "s3cret"
    assert memory_keyring.usernames(SERVICE) == [
        "Prod:client_secret",
        "Prod:slot:slot1:refresh_token",
    ]
    assert await store.delete("Prod:client_secret") is True
    assert await store.delete("Prod:client_secret") is False
    assert await store.get("Prod:client_secret") is None


def test_memory_keyring_is_active_inside_and_restored_after() -> None:
    sentinel = null.Keyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(sentinel)
    try:
        with use_memory_keyring() as backend:
            assert keyring.get_keyring() is backend
            keyring.set_password(SERVICE, "k", "v")
            assert backend.get_password(SERVICE, "k") == "v"
        assert keyring.get_keyring() is sentinel
    finally:
        keyring.set_keyring(previous)


def test_memory_backend_is_never_auto_selected() -> None:
    assert MemoryKeyring.priority < fail.Keyring.priority


async def test_calls_run_in_a_worker_thread() -> None:
    backend = ThreadRecordingKeyring()
    await SecretStore(backend=backend).get("x")
    assert backend.threads and threading.get_ident() not in backend.threads


async def test_size_is_checked() -> None:
    store = SecretStore(backend=MemoryKeyring())
    await store.set("ok", "x" * 1280)
    with pytest.raises(SecretTooLarge, match="2560"):
        await store.set("big", "x" * 1281)
    with pytest.raises(SecretTooLarge):
        await store.set("big", "é" * 1281)


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), PlaintextFileKeyring()])
async def test_unusable_backends_raise_with_install_advice(
    backend: KeyringBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    store = SecretStore(backend=backend)
    for call in (store.check_available(), store.set("k", "v"), store.get("k")):
        with pytest.raises(SecretStoreUnavailable, match="gnome-keyring"):
            await call
    assert not any(Path.cwd().glob("*.cfg"))  # nothing fell back to a file here


async def test_fail_backend_as_the_active_keyring() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(SecretStoreUnavailable, match="Secret Service"):
            await SecretStore().set("Prod:client_secret", "s")
    finally:
        keyring.set_keyring(previous)


async def test_locked_keyring() -> None:
    with pytest.raises(SecretStoreLocked, match="Prompt dismissed"):
        await SecretStore(backend=LockedKeyring()).get("k")


async def test_backend_errors_are_translated() -> None:
    with pytest.raises(SecretStoreError, match="D-Bus went away") as info:
        await SecretStore(backend=BrokenKeyring()).set("k", "v")
    assert isinstance(info.value.__cause__, ConnectionError)


async def test_delete_profile_removes_only_its_secrets() -> None:
    backend = MemoryKeyring()
    store = SecretStore(backend=backend)
    for profile in ("A", "B"):
        await store.set(client_secret_key(profile), "s")
        for kind in ("access_token", "refresh_token"):
            await store.set(slot_key(profile, f"{profile}1", kind), "t")  # type: ignore[arg-type]
    assert await store.delete_profile("A", ["A1"]) == 3
    assert backend.usernames(SERVICE) == [
        "B:client_secret",
        "B:slot:B1:access_token",
        "B:slot:B1:refresh_token",
    ]


async def test_remove_profile_everywhere(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    secrets = SecretStore(backend=backend)
    profiles = ProfileStore(tmp_path / "profiles.json")
    slots = SlotStore(tmp_path / "slots.json")
    profiles.put(Profile("A", "https://a.example", "cid"))
    profiles.put(Profile("B", "https://b.example", "cid"))
    slots.put(TokenSlot("s1", "alice", "A", "access"))
    slots.put(TokenSlot("s2", "bob", "B", "access"))
    await secrets.set(client_secret_key("A"), "x")
    await secrets.set(slot_key("A", "s1", "refresh_token"), "rt")
    await secrets.set(slot_key("B", "s2", "refresh_token"), "rt")
    await remove_profile("A", profiles, slots, secrets)
    assert profiles.names() == ["B"]
    assert [s.slot_id for s in slots.list()] == ["s2"]
    assert backend.usernames(SERVICE) == ["B:slot:s2:refresh_token"]
    with pytest.raises(ProfileNotFound):
        await remove_profile("A", profiles, slots, secrets)
