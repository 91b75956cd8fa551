"""Real-port fixtures: the sandbox on uvicorn, an httpx client that never uses a proxy."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.helpers.keyring import memory_keyring  # noqa: F401
from tests.helpers.sandbox import sandbox_config, sandbox_server  # noqa: F401


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        yield client
