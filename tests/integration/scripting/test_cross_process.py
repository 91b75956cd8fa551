"""Single-use refresh tokens shared by many processes: exactly one refresh, one new token.

Twenty ``capture-desktop token print`` processes (and a GUI-side ``TokenKeeper`` in this
process) all find the same slot stale at once. The per-slot file lock lets one refresh; the
others re-read the slot under the lock and print the token it stored.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import httpx
import pytest

from capture_desktop.auth.token_keeper import TokenKeeper, utc_now
from capture_desktop.sandbox import SandboxServer
from capture_desktop.store.slots import SlotStore
from tests.integration.scripting.conftest import Cli

# Every process of a test shares one private gnome-keyring (tests/helpers/secret_service.py).
pytestmark = pytest.mark.secret_service

PROCESSES = 20


def _grants(server: SandboxServer) -> list[str]:
    events = server.sandbox.storage.events(limit=1000)
    return [e["grant_type"] for e in events if e["kind"] == "oauth_token"]


def _reuses(server: SandboxServer) -> int:
    return sum(e["kind"] == "refresh_token_reuse" for e in server.sandbox.storage.events(1000))


def _make_stale(cli: Cli, slot_id: str) -> None:
    store = SlotStore(cli.home / "data" / "token-slots.json")
    slot = store.get(slot_id)
    store.put(dataclasses.replace(slot, expires_at=utc_now() - timedelta(seconds=1)))


async def _print_many(cli: Cli, slot_id: str, count: int) -> list[tuple[int, str, str]]:
    async def one() -> tuple[int, str, str]:
        proc = await asyncio.create_subprocess_exec(
            *cli.command("token", "print", slot_id),
            env=cli.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
        assert proc.returncode is not None
        return proc.returncode, out.decode(), err.decode()

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def test_twenty_processes_on_an_expired_token_refresh_once(
    cli: Cli, sandbox_profile: str, sandbox_server: SandboxServer
) -> None:
    slot_id = cli.ok("token", "new", "--profile", sandbox_profile, "--record", "alice@example.com")
    slot_id = slot_id.strip()
    old_token = cli.ok("token", "print", slot_id).strip()
    _make_stale(cli, slot_id)
    assert _grants(sandbox_server) == ["authorization_code"]

    results = await _print_many(cli, slot_id, PROCESSES)

    assert [(code, err) for code, _, err in results] == [(0, "")] * PROCESSES
    printed = {out.strip() for _, out, _ in results}
    assert len(printed) == 1
    new_token = printed.pop()
    assert new_token != old_token
    assert _grants(sandbox_server) == ["refresh_token", "authorization_code"]
    assert _reuses(sandbox_server) == 0
    # And the one new token is the valid one at the server.
    async with httpx.AsyncClient(trust_env=False) as http:
        answer = await http.post(
            f"{sandbox_server.base_url}/entity",
            data={"type_name": "user", "attributes": '["email"]'},
            headers={"Authorization": f"OAuth {new_token}"},
        )
    assert answer.json()["result"]["email"] == "alice@example.com"


async def test_processes_and_the_gui_share_one_refresh_and_the_gui_sees_it(
    cli: Cli, sandbox_profile: str, sandbox_server: SandboxServer, gui_keeper: TokenKeeper
) -> None:
    slot_id = cli.ok("token", "new", "--profile", sandbox_profile, "--record", "bob@example.com")
    slot_id = slot_id.strip()
    _make_stale(cli, slot_id)
    # The GUI has the slot on screen, and sees it expired too.
    assert gui_keeper.state(slot_id) == "expired"
    # A slow server keeps the first refresh in flight while the processes start and find
    # the slot stale: the interleaving where a second refresh would spend the token again.
    # (The assertions hold for every interleaving; this only makes the hard one likely.)
    sandbox_server.sandbox.settings.update({"latency_ms": 4000})

    results, gui_token = await asyncio.gather(
        _print_many(cli, slot_id, PROCESSES // 2), gui_keeper.access_token(slot_id)
    )

    assert [code for code, _, _ in results] == [0] * (PROCESSES // 2)
    assert {out.strip() for _, out, _ in results} == {gui_token}
    assert _grants(sandbox_server) == ["refresh_token", "authorization_code"]
    assert _reuses(sandbox_server) == 0
    # Whoever refreshed, the GUI's view of the slot follows the file without a restart.
    gui_keeper.poll()
    assert gui_keeper.state(slot_id) == "valid"
    assert (
        gui_keeper.slot(slot_id).expires_at
        == SlotStore(cli.home / "data" / "token-slots.json").get(slot_id).expires_at
    )


async def test_the_gui_notices_a_slot_another_process_added(
    cli: Cli, sandbox_profile: str, gui_keeper: TokenKeeper
) -> None:
    assert gui_keeper.slots() == []
    changes: list[None] = []
    gui_keeper.subscribe_slots(lambda: changes.append(None))
    slot_id = cli.ok("token", "new", "--profile", sandbox_profile, "--record", "carol@example.com")
    gui_keeper.poll()
    assert [s.slot_id for s in gui_keeper.slots()] == [slot_id.strip()]
    assert changes
