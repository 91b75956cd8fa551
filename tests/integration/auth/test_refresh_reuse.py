"""A refresh token used by someone else first (a thief with a copy): the sandbox revokes the
grant, and the app's slot says it needs a new sign-in and why, now and after a restart.

Real parts: the sandbox on a real port, the production HTTP client, the real keeper.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from capture_desktop.api import RecordSelector, make_http_client
from capture_desktop.auth import AuthorizationCodeFlow, NeedsSignIn, TokenKeeper
from capture_desktop.sandbox import SandboxServer
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SERVICE, SecretStore, slot_key
from capture_desktop.store.slots import SlotStore
from tests.helpers.sandbox import sandbox_client

ALICE = RecordSelector.by_key("email", "alice@example.com")
REDIRECT = "http://127.0.0.1:8400/callback"


async def test_a_reused_refresh_token_shows_needs_sign_in_with_the_reason(
    sandbox_server: SandboxServer, tmp_path: Path
) -> None:
    backend = MemoryKeyring()
    states: list[tuple[str, str]] = []
    async with make_http_client(timeout=10.0) as http:
        client = sandbox_client(http, sandbox_server)
        keeper = TokenKeeper(
            lambda profile: client, SecretStore(backend=backend), SlotStore(tmp_path / "s.json")
        )
        keeper.subscribe(lambda slot_id, state: states.append((slot_id, state)))
        tokens = await AuthorizationCodeFlow(client).run("user", ALICE, REDIRECT)
        slot = await keeper.save_token_set("P", tokens, label="alice")
        copy = backend.get_password(SERVICE, slot_key("P", slot.slot_id, "refresh_token"))
        assert copy is not None
        await client.oauth_token("refresh_token", refresh_token=copy)  # the thief, first

        with pytest.raises(NeedsSignIn):
            await keeper.refresh(slot.slot_id)
        await keeper.aclose()

    shown = keeper.slot(slot.slot_id)
    assert shown.state == "needs_sign_in"
    assert (slot.slot_id, "needs_sign_in") in states
    assert shown.reason is not None and "already been used" in shown.reason
    assert "sign in again" in shown.reason.lower()
    # The next start shows the same state and reason, never a silent needs-sign-in.
    again = SlotStore(tmp_path / "s.json").get(slot.slot_id)
    assert again.state == "needs_sign_in" and again.reason == shown.reason
