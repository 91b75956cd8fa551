"""The sandbox on a real uvicorn port, and a CaptureClient on the production HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from capture_desktop.api import CaptureClient, RequestLog, make_http_client
from capture_desktop.sandbox import RuntimeSettings, SandboxConfig, SandboxServer
from tests.unit.api.sandbox_env import MovableClock, SandboxEnv


@dataclass
class Live:
    env: SandboxEnv
    server: SandboxServer
    client: CaptureClient
    log: RequestLog


def _serve(data_dir: Path) -> Iterator[tuple[SandboxEnv, SandboxServer]]:
    clock = MovableClock()
    server = SandboxServer(SandboxConfig(data_dir=data_dir), port=0, clock=clock.epoch)
    server.start()
    try:
        assert server.app is not None
        yield SandboxEnv(server.app, data_dir, clock), server
    finally:
        server.stop()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[SandboxEnv, SandboxServer]]:
    yield from _serve(tmp_path / "sandbox")


@pytest.fixture(scope="module")
def shared_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SandboxEnv, SandboxServer]]:
    """One server for many short tests; ``shared_live`` undoes their settings and clock."""
    yield from _serve(tmp_path_factory.mktemp("shared") / "sandbox")


@pytest.fixture
async def shared_live(shared_server: tuple[SandboxEnv, SandboxServer]) -> AsyncIterator[Live]:
    env, server = shared_server
    defaults = RuntimeSettings.from_config(SandboxConfig(data_dir=env.data_dir)).as_dict()
    log = RequestLog()
    try:
        async with make_http_client(timeout=10.0) as http:
            client = CaptureClient(
                http, server.base_url, env.creds("owner"), request_log=log, clock=env.clock.utc
            )
            yield Live(env, server, client, log)
    finally:
        env.settings(**defaults)
        env.clock.offset = 0.0


@pytest.fixture
async def live(served: tuple[SandboxEnv, SandboxServer]) -> AsyncIterator[Live]:
    env, server = served
    log = RequestLog(history=1000)
    async with make_http_client(timeout=10.0) as http:
        client = CaptureClient(
            http, server.base_url, env.creds("owner"), request_log=log, clock=env.clock.utc
        )
        yield Live(env, server, client, log)
