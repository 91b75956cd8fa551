"""The canary test: the real ``capture-desktop --debug`` (a subprocess) with a real Secret
Service and the sandbox on a real port. The app reads the client secret, refreshes an expired
slot for real (the sandbox issues a new token pair), and quits. Then every canary (the client
secret, the authorization code, every token issued before and during the run, read back from
the keyring afterwards) is searched for in stderr, stdout and every file under the app's
config, data, cache and log folders: zero hits.
"""

from __future__ import annotations

import json
import shlex
import sys
import textwrap
from pathlib import Path

import pytest

from capture_desktop.api import RecordSelector, make_http_client
from capture_desktop.auth import AuthorizationCodeFlow
from capture_desktop.sandbox import SandboxServer
from tests.helpers.app_process import app_env, entry_point, run_until
from tests.helpers.sandbox import demo_client, sandbox_client
from tests.helpers.secret_service import PrivateSecretService

pytestmark = pytest.mark.secret_service

SEED = textwrap.dedent(
    """
    import asyncio, json, sys
    from datetime import datetime, timedelta, timezone
    from capture_desktop.store import paths
    from capture_desktop.store.profiles import Profile, ProfileStore
    from capture_desktop.store.secrets import SecretStore, client_secret_key, slot_key
    from capture_desktop.store.slots import SlotStore, TokenSlot

    base_url, client_id, secret, refresh, access = sys.argv[1:6]
    store = ProfileStore(paths.profiles_file())
    store.load()
    store.put(Profile(name="Canary", base_url=base_url, client_id=client_id))
    now = datetime.now(timezone.utc)
    SlotStore(paths.slots_file()).put(TokenSlot(
        slot_id="canaryslot", label="canary", profile="Canary", kind="access",
        client_id=client_id, expires_at=now - timedelta(minutes=1),
        issued_at=now - timedelta(hours=1)))

    async def main():
        secrets = SecretStore()
        await secrets.set(client_secret_key("Canary"), secret)
        await secrets.set(slot_key("Canary", "canaryslot", "refresh_token"), refresh)
        await secrets.set(slot_key("Canary", "canaryslot", "access_token"), access)

    asyncio.run(main())
    """
)
DUMP = textwrap.dedent(
    """
    import json, secretstorage
    connection = secretstorage.dbus_init()
    items = secretstorage.get_default_collection(connection).search_items(
        {"service": "capture-desktop"})
    print("keyring " + json.dumps(
        {i.get_attributes()["username"]: i.get_secret().decode() for i in items}), flush=True)
    """
)


async def test_no_canary_anywhere_after_a_debug_run(
    tmp_path: Path, private_secret_service: PrivateSecretService, sandbox_server: SandboxServer
) -> None:
    owner = demo_client(sandbox_server.config.data_dir, "owner")
    async with make_http_client(timeout=10.0) as http:
        flow = AuthorizationCodeFlow(sandbox_client(http, sandbox_server))
        alice = RecordSelector.by_key("email", "alice@example.com")
        code = await flow.request_code("user", alice, "http://127.0.0.1:8400/callback")
        tokens = await flow.exchange(code)
    assert tokens.refresh_token is not None
    canaries = {
        "client secret": owner["client_secret"],
        "authorization code": code.code,
        "first refresh token": tokens.refresh_token,
        "first access token": tokens.access_token,
    }
    stdout, stderr, home = _run_app(
        tmp_path, private_secret_service, sandbox_server.base_url, owner["client_id"], canaries
    )

    dumped = next(line for line in stdout.splitlines() if line.startswith("keyring "))
    items = json.loads(dumped.removeprefix("keyring "))
    rotated = items["Canary:slot:canaryslot:refresh_token"]
    assert rotated != tokens.refresh_token, "the app did not refresh through the sandbox"
    canaries["rotated refresh token"] = rotated
    canaries["new access token"] = items["Canary:slot:canaryslot:access_token"]

    places = {"stderr": stderr, "stdout": stdout.replace(dumped, "")}
    for path in home.rglob("*"):
        if path.is_file():
            places[str(path.relative_to(home))] = path.read_bytes().decode("utf-8", "replace")
    assert any(name.startswith("logs") for name in places), "the log file is missing"
    hits = [(what, where) for what, value in canaries.items()
            for where, text in places.items() if value in text]  # fmt: skip
    assert hits == []


def _run_app(
    tmp_path: Path,
    keyring: PrivateSecretService,
    base_url: str,
    client_id: str,
    canaries: dict[str, str],
) -> tuple[str, str, Path]:
    home = tmp_path / "home"
    (tmp_path / "seed.py").write_text(SEED)
    (tmp_path / "dump.py").write_text(DUMP)
    seed = [sys.executable, str(tmp_path / "seed.py"), base_url, client_id,
            canaries["client secret"], canaries["first refresh token"],
            canaries["first access token"]]  # fmt: skip
    script = (
        f'{shlex.join(seed)} && {{ {shlex.join(entry_point())} --debug & echo "pid $!"; '
        f'wait $!; echo "exit $?"; {shlex.join([sys.executable, str(tmp_path / "dump.py")])}; }}'
    )
    stdout, stderr = run_until(
        script,
        app_env(home, keyring.env),
        lambda line: "oauth/token" in line and "-> 200" in line,
    )
    assert "exit 0" in stdout, stdout + stderr
    return stdout, stderr, home
