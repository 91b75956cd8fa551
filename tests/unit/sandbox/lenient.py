"""A second sandbox app started with `lenient=True`, for the tests of strict-mode switches.
Import `lenient_api_fixture` into a test module; tests ask for `lenient_api`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from capture_desktop.sandbox import SandboxConfig, create_app
from tests.helpers.sandbox import ASGI_BASE_URL
from tests.unit.sandbox.conftest import Api, FakeClock


@pytest.fixture(name="lenient_api")
async def lenient_api_fixture(tmp_path: Path) -> AsyncIterator[Api]:
    config = SandboxConfig(data_dir=tmp_path / "lenient", lenient=True)
    app = create_app(config, clock=FakeClock())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=ASGI_BASE_URL) as http:
            yield Api(http, app, config.data_dir)
