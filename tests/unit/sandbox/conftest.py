"""Fixtures for the sandbox unit tests: the app on a fake clock, over httpx.ASGITransport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from capture_desktop.sandbox import ADMIN_TOKEN_HEADER, SandboxConfig, create_app
from capture_desktop.sandbox.clients import FEATURES
from capture_desktop.sandbox.state import Sandbox
from tests.helpers.sandbox import ASGI_BASE_URL, basic_auth, demo_client


class FakeClock:
    """Epoch seconds that move only when a test says so."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def encode(params: dict[str, Any]) -> dict[str, str]:
    """Capture's form encoding: structured values as JSON, booleans as true/false."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, dict | list):
            out[key] = json.dumps(value)
        else:
            out[key] = str(value)
    return out


class Api:
    """Calls the sandbox as a given demo client (by feature) and checks the envelope."""

    def __init__(self, http: httpx.AsyncClient, app: Starlette, data_dir: Path) -> None:
        self.http = http
        self.app = app
        self.clients = {feature: demo_client(data_dir, feature) for feature in FEATURES}

    @property
    def sandbox(self) -> Sandbox:
        state: Sandbox = self.app.state.sandbox
        return state

    @property
    def admin(self) -> dict[str, str]:
        """Headers that authorise the sandbox's admin routes for this app."""
        return {ADMIN_TOKEN_HEADER: self.app.state.admin_token}

    async def raw(
        self,
        path: str,
        as_: str | None = "owner",
        /,
        *,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> httpx.Response:
        if as_ is None:
            return await self.http.post(path, data=encode(params), headers=headers)
        auth = basic_auth(self.clients[as_])
        return await self.http.post(path, data=encode(params), auth=auth, headers=headers)

    async def ok(self, path: str, as_: str | None = "owner", /, **params: Any) -> dict[str, Any]:
        response = await self.raw(path, as_, **params)
        body: dict[str, Any] = response.json()
        assert response.status_code == 200, body
        assert body["stat"] == "ok", body
        return body

    async def error(
        self, path: str, code: int, as_: str | None = "owner", /, **params: Any
    ) -> dict[str, Any]:
        response = await self.raw(path, as_, **params)
        body: dict[str, Any] = response.json()
        assert body["stat"] == "error", body
        assert body["code"] == code, body
        if path != "/oauth/token":
            assert response.status_code == 200
        assert len(body["request_id"]) == 16
        return body

    async def create_user(self, **attributes: Any) -> dict[str, Any]:
        body = await self.ok("/entity.create", type_name="user", attributes=attributes)
        return body

    async def record(self, record_id: int) -> dict[str, Any]:
        body = await self.ok("/entity", type_name="user", id=record_id)
        result: dict[str, Any] = body["result"]
        return result


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(data_dir=tmp_path / "data")


@pytest.fixture
async def app(config: SandboxConfig, clock: FakeClock) -> AsyncIterator[Starlette]:
    application = create_app(config, clock=clock)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=ASGI_BASE_URL) as client:
        yield client


@pytest.fixture
def api(http: httpx.AsyncClient, app: Starlette, config: SandboxConfig) -> Api:
    return Api(http, app, config.data_dir)
