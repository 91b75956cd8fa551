"""A sandbox on a real port and a realistic set of calls for the console (tests, screenshots).

``running_sandbox(tmp)`` starts ``SandboxServer`` (uvicorn in its own thread, port 0);
``owner_client(...)`` builds a ``CaptureClient`` with the owner demo client over a real
``httpx.AsyncClient``; ``make_calls`` runs a QA-like session: lists, a find, a missing record
(error 310), an authorization code + exchange (codes and tokens to redact), a read with the
access token and a bad filter (error).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.credentials import AccessTokenAuth, BasicAuth, ParamsAuth
from capture_desktop.api.errors import ApiError
from capture_desktop.api.request_log import RequestLog
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.sandbox.clients import client_for_feature
from capture_desktop.sandbox.config import SandboxConfig
from capture_desktop.sandbox.server import SandboxServer

REDIRECT_URI = "http://127.0.0.1:8765/callback"


@contextlib.contextmanager
def running_sandbox(data_dir: Path, **config: Any) -> Iterator[SandboxServer]:
    server = SandboxServer(SandboxConfig(data_dir=data_dir, **config), port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Secrets:
    """Every secret value the calls used or received (for leak assertions)."""

    client_secret: str
    values: list[str]


def owner_client(
    http: httpx.AsyncClient, server: SandboxServer, log: RequestLog
) -> tuple[CaptureClient, dict[str, Any]]:
    owner = client_for_feature(server.config.data_dir, "owner")
    client = CaptureClient(
        http,
        server.base_url,
        BasicAuth(owner["client_id"], owner["client_secret"]),
        request_log=log,
    )
    return client, owner


async def make_calls(client: CaptureClient, owner: dict[str, Any]) -> Secrets:
    secrets = Secrets(owner["client_secret"], [owner["client_secret"]])
    await client.entity_type_list()
    found = await client.entity_find("user", "email = 'alice@example.com'", show_total_count=True)
    alice = found.results[0]
    await client.entity_count("user", auth=ParamsAuth(owner["client_id"], owner["client_secret"]))
    with contextlib.suppress(ApiError):
        await client.entity("user", RecordSelector.by_uuid("00000000-0000-0000-0000-000000000000"))
    code = await client.get_authorization_code(
        "user", RecordSelector.by_uuid(alice["uuid"]), REDIRECT_URI
    )
    secrets.values.append(code.code)
    tokens = await client.oauth_token(code=code.code, redirect_uri=REDIRECT_URI)
    secrets.values += [t for t in (tokens.access_token, tokens.refresh_token) if t]
    await client.entity("user", auth=AccessTokenAuth(tokens.access_token))
    with contextlib.suppress(ApiError):
        await client.entity_find("user", "displayName contains 'x'")
    return secrets
