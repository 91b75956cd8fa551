"""``capture-desktop --debug`` (the real entry point, a subprocess) with canary secrets in a
real Secret Service: neither the log file nor stderr may contain any of them, and the
third-party loggers that print call arguments or results stay quiet at DEBUG."""

from __future__ import annotations

import shlex
import socket
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers.app_process import app_env, entry_point, run_until
from tests.helpers.secret_service import PrivateSecretService

pytestmark = pytest.mark.secret_service

CANARIES = {
    "client_secret": "CANARYcs7Qx9client0secret",
    "refresh_token": "CANARYrt4Wz2refresh0token",
    "access_token": "CANARYat8Lm5access0token",
}
NOISY = ("qasync", "asyncio", "keyring", "secretstorage", "jeepney", "h11", "uvicorn", "httpcore")

SEED = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import datetime, timedelta, timezone
    from capture_desktop.store import paths
    from capture_desktop.store.profiles import Profile, ProfileStore
    from capture_desktop.store.secrets import SecretStore, client_secret_key, slot_key
    from capture_desktop.store.slots import SlotStore, TokenSlot

    base_url, secret, refresh, access = sys.argv[1:5]
    store = ProfileStore(paths.profiles_file())
    store.load()
    store.put(Profile(name="Canary", base_url=base_url, client_id="canary-client"))
    now = datetime.now(timezone.utc)
    # Expired with auto-refresh on: the watcher reads the refresh token right after start.
    SlotStore(paths.slots_file()).put(TokenSlot(
        slot_id="canaryslot", label="canary", profile="Canary", kind="access",
        expires_at=now - timedelta(hours=1), issued_at=now - timedelta(hours=2)))

    async def main():
        secrets = SecretStore()
        await secrets.set(client_secret_key("Canary"), secret)
        await secrets.set(slot_key("Canary", "canaryslot", "refresh_token"), refresh)
        await secrets.set(slot_key("Canary", "canaryslot", "access_token"), access)

    asyncio.run(main())
    """
)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_debug_log_and_stderr_hold_no_secret(
    tmp_path: Path, private_secret_service: PrivateSecretService
) -> None:
    home = tmp_path / "home"
    seed = tmp_path / "seed.py"
    seed.write_text(SEED)
    base_url = f"http://127.0.0.1:{_closed_port()}"
    argv = [sys.executable, str(seed), base_url, *CANARIES.values()]
    script = f'{shlex.join(argv)} && echo "pid $$" && exec {shlex.join(entry_point())} --debug'
    # The refresh attempt (to a closed port) has read the refresh token by then.
    _stdout, stderr = run_until(
        script,
        app_env(home, private_secret_service.env),
        lambda line: "background refresh of slot canaryslot failed" in line,
    )

    log_file = (home / "logs" / "capture-desktop.log").read_text()
    # Debug logging is really on (else the scan proves nothing).
    assert " DEBUG capture_desktop" in log_file or "DEBUG capture_desktop" in stderr
    for where, text in (("log file", log_file), ("stderr", stderr)):
        for name, canary in CANARIES.items():
            assert canary not in text, f"the {name} leaked into the {where}"
        for logger in NOISY:
            assert f"DEBUG {logger}" not in text, f"{logger} logs at DEBUG into the {where}"
