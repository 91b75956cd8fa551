"""The app holds the embedded sandbox's per-run admin token, and only it changes settings."""

from __future__ import annotations

import httpx

from capture_desktop.sandbox import ADMIN_TOKEN_HEADER
from capture_desktop.services.session import Session


async def test_the_app_holds_the_admin_token_of_its_sandbox(sandbox_session: Session) -> None:
    service = sandbox_session.sandbox
    token = service.admin_token
    assert token
    url = f"{service.base_url}/__sandbox__/settings"
    async with httpx.AsyncClient() as http:
        refused = await http.post(url, json={"latency_ms": 5})
        assert refused.status_code == 401
        changed = await http.post(url, json={"latency_ms": 5}, headers={ADMIN_TOKEN_HEADER: token})
        assert changed.status_code == 200 and changed.json()["latency_ms"] == 5
        await http.post(url, json={"latency_ms": 0}, headers={ADMIN_TOKEN_HEADER: token})
    await service.stop()
    assert service.admin_token is None
