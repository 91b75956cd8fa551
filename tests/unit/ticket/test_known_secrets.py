"""The final scan knows every secret in the keyring and every token the client has seen."""

from __future__ import annotations

from pathlib import Path

from capture_desktop.redaction import register_secrets
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.profiles import Profile
from capture_desktop.store.secrets import SecretStore, client_secret_key, slot_key
from capture_desktop.store.slots import TokenSlot
from capture_desktop.ticket import find_leaks, gather_known_secrets
from tests.helpers.keyring import memory_keyring  # noqa: F401


async def test_keyring_values_and_seen_tokens_are_all_scanned(
    memory_keyring: MemoryKeyring,  # noqa: F811
    tmp_path: Path,
) -> None:
    store = SecretStore()
    profile = Profile(name="qa", base_url="https://qa.example.com", client_id="c1")
    slot = TokenSlot(slot_id="s1", label="alice", profile="qa", kind="access")
    await store.set(client_secret_key("qa"), "client-secret-value-1")
    await store.set(slot_key("qa", "s1", "access_token"), "access-token-value-1")
    await store.set(slot_key("qa", "s1", "refresh_token"), "refresh-token-value-1")
    register_secrets(["code-seen-in-memory-1"])

    known = await gather_known_secrets(store, [profile], [slot], {"the PKCE verifier": "v" * 50})

    assert known["the client secret of profile 'qa'"] == "client-secret-value-1"
    assert known["the access token of token slot 'alice'"] == "access-token-value-1"
    assert known["the refresh token of token slot 'alice'"] == "refresh-token-value-1"
    assert "code-seen-in-memory-1" in known.values()
    text = {"Markdown report": "refresh: refresh-token-value-1"}
    assert find_leaks(text, known) == [
        "the refresh token of token slot 'alice' in the Markdown report"
    ]
