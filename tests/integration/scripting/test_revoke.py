"""Revoke at the server: ``token revoke`` kills every token of the record, slots say so,
and a slot opened before the revocation gets the server's real error on its next call."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.credentials import AccessTokenAuth
from capture_desktop.api.errors import NoAccessGrant
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.auth.token_keeper import TokenKeeper
from capture_desktop.auth.token_types import SlotRevoked
from capture_desktop.sandbox import SandboxServer
from tests.integration.scripting.conftest import Cli

# Every process of a test shares one private gnome-keyring (tests/helpers/secret_service.py).
pytestmark = pytest.mark.secret_service


def _grant_count(server: SandboxServer) -> int:
    return sum(e["kind"] == "oauth_token" for e in server.sandbox.storage.events(1000))


def _new(cli: Cli, profile: str, record: str) -> str:
    return cli.ok("token", "new", "--profile", profile, "--record", record).strip()


async def _entity(http: httpx.AsyncClient, base_url: str, token: str) -> dict[str, Any]:
    answer = await http.post(
        f"{base_url}/entity",
        data={"type_name": "user", "attributes": '["email"]'},
        headers={"Authorization": f"OAuth {token}"},
    )
    body: dict[str, Any] = answer.json()
    return body


async def test_revoke_kills_every_token_of_the_record_at_the_server(
    cli: Cli,
    sandbox_profile: str,
    sandbox_server: SandboxServer,
    issuer: dict[str, Any],
    http: httpx.AsyncClient,
) -> None:
    first = _new(cli, sandbox_profile, "alice@example.com")
    second = _new(cli, sandbox_profile, "alice@example.com")
    other = _new(cli, sandbox_profile, "bob@example.com")
    first_token = cli.ok("token", "print", first).strip()
    second_token = cli.ok("token", "print", second).strip()
    assert (await _entity(http, sandbox_server.base_url, first_token))["stat"] == "ok"

    done = json.loads(cli.ok("token", "revoke", first, "--json"))

    assert sorted(done["revoked"]) == sorted([first, second])
    states = {s["slot"]: s["state"] for s in json.loads(cli.ok("token", "list", "--json"))}
    assert states == {first: "revoked", second: "revoked", other: "valid"}
    # The server, not just this app, forgot them.
    for token in (first_token, second_token):
        dead = await _entity(http, sandbox_server.base_url, token)
        assert (dead["stat"], dead["code"]) == ("error", 414)
    # A revoked slot is never refreshed: print says so (exit 3) without calling the server.
    before = _grant_count(sandbox_server)
    refused = cli.run("token", "print", first)
    assert refused.returncode == 3
    assert "revoked at the server" in refused.stderr and refused.stdout == ""
    assert _grant_count(sandbox_server) == before
    # The other record's slot is untouched, and the revocation is in the audit log.
    bob = cli.ok("token", "print", other).strip()
    assert (await _entity(http, sandbox_server.base_url, bob))["result"][
        "email"
    ] == "bob@example.com"
    audit = (cli.home / "data" / "audit.jsonl").read_text().splitlines()
    assert json.loads(audit[-1])["operation"] == "entity.deleteAccess"


async def test_an_open_slot_gets_the_real_error_and_stops_refreshing(
    cli: Cli,
    sandbox_profile: str,
    sandbox_server: SandboxServer,
    gui_keeper: TokenKeeper,
    gui_client: CaptureClient,
) -> None:
    keeper, client = gui_keeper, gui_client
    slot_id = _new(cli, sandbox_profile, "dave@example.com")
    record_uuid = keeper.slot(slot_id).record_uuid
    assert record_uuid

    async def whoami(token: str) -> object:
        return (await client.entity("user", auth=AccessTokenAuth(token))).data["email"]

    assert await keeper.call_with_retry(slot_id, whoami) == "dave@example.com"
    # Someone else revokes the record's access (another tool, the token panel elsewhere).
    await client.entity_delete_access("user", RecordSelector.by_uuid(record_uuid))
    before = _grant_count(sandbox_server)

    with pytest.raises(SlotRevoked) as caught:
        await keeper.call_with_retry(slot_id, whoami)

    # The call got 414, the one refresh attempt got the server's 413 "no access grant".
    assert isinstance(caught.value.__cause__, NoAccessGrant)
    assert caught.value.__cause__.code == 413
    assert _grant_count(sandbox_server) == before + 1
    assert keeper.state(slot_id) == "revoked"
    # From now on nothing is sent with the dead tokens, in this process or another.
    with pytest.raises(SlotRevoked):
        await keeper.access_token(slot_id)
    assert cli.run("token", "print", slot_id).returncode == 3
    assert _grant_count(sandbox_server) == before + 1
    assert json.loads(cli.ok("token", "list", "--json"))[0]["state"] == "revoked"
