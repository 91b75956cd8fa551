"""A rotated refresh token that the keyring refused to store is reported at once, can be
saved again, and a restart without it says why instead of a silent needs-sign-in.

Real parts: the sandbox on a real port, the production HTTP client, and a real Secret Service
(gnome-keyring on a private D-Bus) that gets locked before the refresh, so it refuses the
write; the retry uses an in-memory keyring that is made to refuse and then accept.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.errors import KeyringLocked

from capture_desktop.api import RecordSelector, make_http_client
from capture_desktop.auth import AuthorizationCodeFlow, NeedsSignIn, TokenKeeper
from capture_desktop.sandbox import SandboxServer
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SERVICE, SecretStore, SecretStoreError, slot_key
from capture_desktop.store.slots import SlotStore
from tests.helpers.sandbox import sandbox_client
from tests.helpers.secret_service import PrivateSecretService

ALICE = RecordSelector.by_key("email", "alice@example.com")
REDIRECT = "http://127.0.0.1:8400/callback"


@pytest.mark.secret_service
async def test_a_refused_save_is_reported_at_once_and_the_next_start_explains(
    sandbox_server: SandboxServer, private_secret_service: PrivateSecretService, tmp_path: Path
) -> None:
    slots_path = tmp_path / "s.json"
    states: list[str] = []
    async with make_http_client(timeout=10.0) as http:
        client = sandbox_client(http, sandbox_server)
        store = private_secret_service.store()
        keeper = TokenKeeper(lambda profile: client, store, SlotStore(slots_path))
        slot = await keeper.save_token_set(
            "P", await AuthorizationCodeFlow(client).run("user", ALICE, REDIRECT), label="a"
        )
        keeper.subscribe(lambda slot_id, state: states.append(state))
        private_secret_service.lock()

        with pytest.raises(SecretStoreError):
            await keeper.refresh(slot.slot_id)

        assert keeper.state(slot.slot_id) == "unsaved"
        assert states[-1] == "unsaved"  # reported at once, as an event
        reason = keeper.slot(slot.slot_id).reason
        assert reason is not None and "could not be saved" in reason
        await keeper.aclose()

    # The app quits with the token unsaved. The next start never shows a silent needs-sign-in.
    restarted = TokenKeeper(lambda profile: client, store, SlotStore(slots_path))
    assert restarted.state(slot.slot_id) == "needs_sign_in"
    assert restarted.slot(slot.slot_id).reason == reason
    with pytest.raises(NeedsSignIn):
        await restarted.access_token(slot.slot_id)


class RefusingKeyring(MemoryKeyring):
    """In memory; refuses writes while ``locked``."""

    locked = False

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.locked:
            raise KeyringLocked("the keyring is locked")
        super().set_password(service, username, password)


async def test_retry_saving_stores_the_token_and_clears_the_report(
    sandbox_server: SandboxServer, tmp_path: Path
) -> None:
    backend = RefusingKeyring()
    async with make_http_client(timeout=10.0) as http:
        client = sandbox_client(http, sandbox_server)
        keeper = TokenKeeper(
            lambda profile: client, SecretStore(backend=backend), SlotStore(tmp_path / "s.json")
        )
        slot = await keeper.save_token_set(
            "P", await AuthorizationCodeFlow(client).run("user", ALICE, REDIRECT), label="a"
        )
        backend.locked = True
        with pytest.raises(SecretStoreError):
            await keeper.refresh(slot.slot_id)
        assert keeper.unsaved() == [slot.slot_id]

        backend.locked = False
        await keeper.retry_save(slot.slot_id)

        assert keeper.unsaved() == []
        assert keeper.state(slot.slot_id) == "valid"
        assert keeper.slot(slot.slot_id).reason is None
        stored = backend.get_password(SERVICE, slot_key("P", slot.slot_id, "refresh_token"))
        assert stored is not None and stored != slot.slot_id
        # The saved token is the rotated one: it refreshes again.
        assert await keeper.refresh(slot.slot_id)
        await keeper.aclose()
