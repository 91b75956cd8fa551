"""The client against the sandbox on a real port: every flow, every error code, real
transport failures and runnable curl commands."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess

import httpx
import pytest

from capture_desktop.api import (
    AccessTokenAuth,
    CaptureClient,
    NetworkError,
    ParamsAuth,
    RecordSelector,
    TimeoutError_,
    iter_find,
    make_http_client,
    to_curl,
)
from tests.integration.api.conftest import Live
from tests.unit.api.error_scenarios import SCENARIOS
from tests.unit.api.every_flow import run_every_flow


async def test_every_flow_over_a_socket(live: Live) -> None:
    canaries = await run_every_flow(live.client, live.env)
    events = live.log.events()
    assert {e.operation for e in events} >= {
        "entity", "entity.count", "entity.create", "entity.update", "entityType.list",
        "access/getAuthorizationCode", "access/getAccessToken", "access/getCreationToken",
        "oauth/token", "oauth/auth_native_traditional", "clients/list",
    }  # fmt: skip
    text = "\n".join(repr(e) + to_curl(e) for e in events)
    assert not [c for c in canaries if c in text]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_error_codes_over_a_socket(shared_live: Live, name: str) -> None:
    scenario, expected = SCENARIOS[name]
    with pytest.raises(expected):
        await scenario(shared_live.client, shared_live.env)


async def test_remaining_operations_over_a_socket(live: Live) -> None:
    client = live.client
    found = await client.entity_find("user", "givenName = 'Bob'", attributes=["uuid"])
    sel = RecordSelector.by_uuid(found.results[0]["uuid"])
    await client.entity_replace("user", sel, attribute_name="statuses", value=[{"status": "x"}])
    bulk = await client.entity_bulk_create("user", [{"email": "bulk@example.com"}])
    assert bulk.items[0].uuid
    schema = await client.entity_type("user")
    assert schema.name == "user"
    await client.entity_delete("user", RecordSelector.by_uuid(bulk.items[0].uuid or ""))
    assert await client.entity_count("user") == 4


async def test_paginator_over_10k_records_on_a_socket(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from capture_desktop.api import BasicAuth
    from capture_desktop.sandbox import SandboxConfig, SandboxServer, client_for_feature

    data_dir = tmp_path_factory.mktemp("big")
    with SandboxServer(SandboxConfig(data_dir=data_dir, seed_users=10_000)) as server:
        owner = client_for_feature(data_dir, "owner")
        async with make_http_client() as http:
            client = CaptureClient(
                http, server.base_url, BasicAuth(owner["client_id"], owner["client_secret"])
            )
            ids = [r["id"] async for r in iter_find(client, "user", page_size=2500,
                                                    attributes=["id"])]  # fmt: skip
    assert len(ids) == len(set(ids)) == 10_004 and ids == sorted(ids)


async def test_connection_refused_is_a_network_error() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with make_http_client() as http:
        client = CaptureClient(http, f"http://127.0.0.1:{port}", ParamsAuth("c", "s"))
        with pytest.raises(NetworkError) as info:
            await client.entity_count("user")
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_slow_server_is_a_timeout(live: Live) -> None:
    live.env.settings(latency_ms=600)
    async with make_http_client(timeout=0.1) as http:
        client = CaptureClient(http, live.server.base_url, live.env.creds())
        with pytest.raises(TimeoutError_):
            await client.entity_count("user")


async def test_dropped_connection_is_a_network_error(live: Live) -> None:
    live.env.settings(drop_rate=1.0)
    with pytest.raises(NetworkError):
        await live.client.entity_count("user")


def _curl(command: str, **env: str) -> dict[str, object]:
    result = subprocess.run(
        ["bash", "-c", command], env={"PATH": os.environ["PATH"], **env},
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    body: dict[str, object] = json.loads(result.stdout)
    return body


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
async def test_copied_curl_commands_run(live: Live) -> None:
    owner = live.env.client("owner")
    client: CaptureClient = live.client
    await client.entity_count("user", "givenName = 'Alice'")
    await client.entity_count("user", auth=ParamsAuth(owner["client_id"], owner["client_secret"]))
    tokens = await client.get_access_token(
        "user", RecordSelector.by_key("email", "bob@example.com")
    )
    await client.entity("user", auth=AccessTokenAuth(tokens.access_token), attributes=["email"])
    await client.entity_count("user", auth=live.env.creds("owner", "signed"))
    basic, params, _, token, signed = live.log.events()
    secret = owner["client_secret"]
    assert _curl(to_curl(basic), CAPTURE_CLIENT_SECRET=secret) == {"total_count": 1, "stat": "ok"}
    assert _curl(to_curl(params), CAPTURE_CLIENT_SECRET=secret)["total_count"] == 4
    assert _curl(to_curl(basic, reveal=True))["total_count"] == 1
    read = _curl(to_curl(token), CAPTURE_ACCESS_TOKEN=tokens.access_token)
    assert read["result"] == {"email": "bob@example.com"}
    assert _curl(to_curl(signed, reveal=True))["total_count"] == 4  # within the skew window
    refused = _curl(to_curl(basic), CAPTURE_CLIENT_SECRET="wrong")
    assert refused["code"] == 402
