"""The built-in sandbox: started off the GUI thread, one profile per demo client, secrets in
the keyring, stopped on close."""

from __future__ import annotations

from typing import Any

import httpx

from capture_desktop.services.session import Session
from capture_desktop.store.secrets import client_secret_key


async def test_sandbox_profiles_are_made_from_clients_json(
    sandbox_session: Session, memory_keyring: Any
) -> None:
    session = sandbox_session
    names = [p.name for p in session.profiles()]
    assert names[0] == "Sandbox"
    assert "Sandbox · direct_read_access" in names
    active = session.profile()
    assert active is not None and active.name == "Sandbox" and active.sandbox
    assert active.environment == "sandbox"
    assert session.features() == ["owner"]
    stored = memory_keyring.get_password("capture-desktop", client_secret_key("Sandbox"))
    assert stored  # the owner client's secret went to the keyring, not to the profile file
    profile_file = session.profile_store.path.read_text()
    assert stored not in profile_file
    # The read-only client works and reports what it may do.
    readonly = session.profile_store.get("Sandbox · direct_read_access")
    report = await session.test_connection(readonly, await session.client_secret(readonly.name))
    assert report.ok
    assert "Reading user records: allowed." in report.notes


async def test_sandbox_stops_when_asked(sandbox_session: Session) -> None:
    service = sandbox_session.sandbox
    url = service.base_url
    async with httpx.AsyncClient() as http:
        assert (await http.get(f"{url}/__sandbox__/health")).status_code == 200
        await service.stop()
        assert not service.running
        try:
            await http.get(f"{url}/__sandbox__/health", timeout=2)
        except httpx.TransportError:
            pass
        else:
            raise AssertionError("the sandbox still answers after stop()")
