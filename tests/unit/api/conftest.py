"""Fixtures for the api unit tests: a scripted fake Capture and a client on MockTransport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from capture_desktop.api import BasicAuth, CaptureClient, RequestLog
from tests.unit.api.fakes import FakeCapture, FakeClock, make_client
from tests.unit.api.sandbox_env import SandboxEnv, make_env

CLIENT_ID = "client-one"
SECRET = "canary-secret-9f8e7d6c5b4a"


@pytest.fixture
def fake() -> FakeCapture:
    return FakeCapture()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
async def client(
    fake: FakeCapture, clock: FakeClock, request_log: RequestLog
) -> AsyncIterator[CaptureClient]:
    capture, http = make_client(
        fake, BasicAuth(CLIENT_ID, SECRET), clock=clock, request_log=request_log
    )
    async with http:
        yield capture


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxEnv]:
    env = make_env(tmp_path / "sandbox")
    try:
        yield env
    finally:
        env.close()


@pytest.fixture
async def capture(sandbox: SandboxEnv, request_log: RequestLog) -> AsyncIterator[CaptureClient]:
    """An owner client on the sandbox through ASGITransport (no sockets)."""
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app))
    async with http:
        yield CaptureClient(
            http, "http://127.0.0.1", sandbox.creds("owner"), request_log=request_log,
            clock=sandbox.clock.utc,
        )  # fmt: skip
