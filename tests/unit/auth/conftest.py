"""Fixtures for flow tests: the sandbox app over ASGITransport sharing a fake clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from capture_desktop.api import BasicAuth, CaptureClient
from capture_desktop.sandbox import SandboxConfig, create_app
from tests.helpers.sandbox import ASGI_BASE_URL, demo_client
from tests.unit.auth.fakes import FakeClock


@dataclass
class AsgiSandbox:
    http: httpx.AsyncClient
    clock: FakeClock
    data_dir: Path

    def client(self, feature: str = "owner") -> CaptureClient:
        creds = demo_client(self.data_dir, feature)
        return CaptureClient(
            self.http,
            ASGI_BASE_URL,
            BasicAuth(creds["client_id"], creds["client_secret"]),
            allow_insecure=True,  # http://sandbox.test is in-process, never on the network
            clock=self.clock,
        )

    def client_id(self, feature: str) -> str:
        return str(demo_client(self.data_dir, feature)["client_id"])


@pytest.fixture
async def asgi_sandbox(tmp_path: Path) -> AsyncIterator[AsgiSandbox]:
    clock = FakeClock()
    data_dir = tmp_path / "sandbox"
    app = create_app(SandboxConfig(data_dir=data_dir), clock=lambda: clock().timestamp())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=ASGI_BASE_URL) as http:
            yield AsgiSandbox(http, clock, data_dir)
