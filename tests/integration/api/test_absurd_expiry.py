"""A server that answers a refresh with an absurd ``expires_in`` (a real HTTP server on a
loopback port, the production HTTP client, the real keeper): no ``OverflowError``, and the
rotated refresh token is never lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from capture_desktop.api import BasicAuth, CaptureClient, make_http_client
from capture_desktop.api.models import TokenSet
from capture_desktop.auth import TokenKeeper
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SERVICE, SecretStore, slot_key
from capture_desktop.store.slots import SlotStore
from tests.helpers.json_server import json_server


@pytest.mark.parametrize("expires_in", [10**12, 2**63, 10**30, "99999999999999999999999", -5])
async def test_absurd_expires_in_keeps_the_rotated_refresh_token(
    tmp_path: Path, expires_in: object
) -> None:
    body: dict[str, object] = {
        "stat": "ok",
        "access_token": "at-new",
        "refresh_token": "rt-new-rotated",
    }
    body["expires_in"] = expires_in
    backend = MemoryKeyring()
    async with json_server(body) as base_url, make_http_client(proxy="none") as http:
        client = CaptureClient(http, base_url, BasicAuth("cid", "client-secret-x"))
        keeper = TokenKeeper(
            lambda profile: client, SecretStore(backend=backend), SlotStore(tmp_path / "s.json")
        )
        now = datetime.now(UTC)
        old = TokenSet("at-old", "rt-old-spent", now + timedelta(hours=1), now)
        slot = await keeper.save_token_set("P", old, label="alice")

        assert await keeper.refresh(slot.slot_id) == "at-new"

        stored = backend.get_password(SERVICE, slot_key("P", slot.slot_id, "refresh_token"))
        assert stored == "rt-new-rotated"
        refreshed = keeper.slot(slot.slot_id)
        assert refreshed.expires_at is not None and refreshed.expires_at >= now
        # The slot file stays readable at the next start.
        assert SlotStore(tmp_path / "s.json").get(slot.slot_id).expires_at == refreshed.expires_at
        await keeper.aclose()
