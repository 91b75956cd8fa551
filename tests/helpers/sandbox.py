"""Shared sandbox fixtures and helpers for every test package.

Import the fixtures into a conftest (with `# noqa: F401`):
    from tests.helpers.sandbox import asgi_client, sandbox_app, sandbox_config, sandbox_server

- `sandbox_config`: a `SandboxConfig` on a fresh tmp data folder.
- `sandbox_server`: a running `SandboxServer` (real uvicorn on 127.0.0.1, free port).
- `sandbox_app`: the Starlette app with its lifespan running.
- `asgi_client`: an `httpx.AsyncClient` over `httpx.ASGITransport` to `sandbox_app`
  (base_url "http://sandbox.test").
- `demo_client(data_dir, feature)` / `basic_auth(client)`: the demo API client of a feature.
- `sandbox_client(http, server, feature)`: a `CaptureClient` acting as that demo client on a
  running `sandbox_server`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from capture_desktop.api import BasicAuth, CaptureClient
from capture_desktop.sandbox import SandboxConfig, SandboxServer, create_app, load_clients

ASGI_BASE_URL = "http://sandbox.test"
DEMO_PASSWORDS = {
    "alice@example.com": "Password1!",
    "bob@example.com": "Password2!",
    "carol@example.com": "Password3!",
    "dave@example.com": "Password4!",
}


def demo_client(data_dir: Path, feature: str) -> dict[str, Any]:
    """The demo client of `feature` (owner, access_issuer, direct_access, direct_read_access,
    login_client) from the data folder's clients.json."""
    for client in load_clients(data_dir):
        if client["features"] == [feature]:
            return client
    raise KeyError(feature)


def basic_auth(client: dict[str, Any]) -> httpx.BasicAuth:
    return httpx.BasicAuth(client["client_id"], client["client_secret"])


def sandbox_client(
    http: httpx.AsyncClient, server: SandboxServer, feature: str = "owner"
) -> CaptureClient:
    """The production client on ``server``'s real port, as the demo client of ``feature``."""
    client = demo_client(server.config.data_dir, feature)
    return CaptureClient(
        http, server.base_url, BasicAuth(client["client_id"], client["client_secret"])
    )


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(data_dir=tmp_path / "sandbox")


@pytest.fixture
def sandbox_server(sandbox_config: SandboxConfig) -> Iterator[SandboxServer]:
    server = SandboxServer(sandbox_config, port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def sandbox_app(sandbox_config: SandboxConfig) -> AsyncIterator[Starlette]:
    app = create_app(sandbox_config)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def asgi_client(sandbox_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=sandbox_app)
    async with httpx.AsyncClient(transport=transport, base_url=ASGI_BASE_URL) as client:
        yield client
