"""A private Secret Service: gnome-keyring, unlocked, on a D-Bus daemon of the test's own.

``session_command`` runs a shell script (a subprocess under test) inside ``dbus-run-session``;
the ``private_secret_service`` fixture serves the test process itself. Either way the keyring
folder is fresh, so tests never touch the developer's keyring and need no outer setup. Skipped
where the programs are missing (failed when ``.ci/test`` promised a Secret Service).
"""

from __future__ import annotations

import gc
import os
import shlex
import shutil
import subprocess
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from capture_desktop.store.secrets import SecretStore
from tests.helpers.private_keyring import _TEST_BUSES

KEYRING_PASSWORD = "capture-desktop-test"


def require_secret_service_tools() -> None:
    missing = [p for p in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(p)]
    if missing:
        if os.environ.get("CAPTURE_DESKTOP_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"a real Secret Service was promised but {missing} is missing")
        pytest.skip(f"needs {', '.join(missing)} for a private Secret Service")


def session_command(keyring_home: Path, script: str) -> list[str]:
    """argv that runs the shell ``script`` in a private D-Bus session with an unlocked keyring.

    The script may ``exec`` the program under test, so its pid (``$$``) is the program's.
    """
    keyring_home.mkdir(parents=True, exist_ok=True)
    unlock = (
        f"printf {shlex.quote(KEYRING_PASSWORD)} | "
        f"XDG_DATA_HOME={shlex.quote(str(keyring_home))} "
        "gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1"
    )
    return ["dbus-run-session", "--", "sh", "-c", f"{unlock}; {script}"]


def secret_service_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment that makes ``keyring`` use the Secret Service backend, nothing else."""
    env = dict(os.environ if base is None else base)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.SecretService.Keyring"
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # dbus-run-session sets its own
    return env


def run_in_session(keyring_home: Path, script: str, env: dict[str, str], timeout: float) -> str:
    """Run ``script`` to completion in a private session; returns stdout (raises on failure)."""
    done = subprocess.run(
        session_command(keyring_home, script),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class PrivateSecretService:
    """A gnome-keyring Secret Service on a private D-Bus daemon, for in-process tests."""

    address: str
    service: str

    def store(self) -> SecretStore:
        from keyring.backends import SecretService

        return SecretStore(service=self.service, backend=SecretService.Keyring())

    def item_names(self) -> list[str]:
        """Every item of this service, enumerated on the Secret Service itself."""
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            collection = secretstorage.get_default_collection(connection)
            items = collection.search_items({"service": self.service})
            return sorted(item.get_attributes()["username"] for item in items)
        finally:
            connection.close()


@pytest.fixture
def private_secret_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PrivateSecretService]:
    """Starts ``dbus-daemon`` and an unlocked ``gnome-keyring-daemon`` (both stopped by pid)."""
    missing = [p for p in ("dbus-daemon", "gnome-keyring-daemon") if not shutil.which(p)]
    if missing:
        if os.environ.get("CAPTURE_DESKTOP_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"a real Secret Service was promised but {missing} is missing")
        pytest.skip(f"needs {', '.join(missing)} for a private Secret Service")
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    daemon: subprocess.Popen[str] | None = None
    address = ""
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        env = dict(
            os.environ,
            DBUS_SESSION_BUS_ADDRESS=address,
            XDG_DATA_HOME=str(tmp_path / "keyring-data"),
        )
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        assert daemon.stdin is not None and daemon.stdout is not None
        daemon.stdin.write(KEYRING_PASSWORD)
        daemon.stdin.close()
        # It prints its control socket once it serves the bus.
        assert daemon.stdout.readline().startswith("GNOME_KEYRING_CONTROL="), "keyring failed"
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        # The keyring guard lets the test reach this bus, and no other.
        _TEST_BUSES.add(address)
        yield PrivateSecretService(address, f"capture-desktop-test-{uuid.uuid4().hex[:8]}")
    finally:
        _TEST_BUSES.discard(address)
        for proc in (daemon, bus):
            if proc is not None:
                proc.terminate()
                proc.wait(10)
                for stream in (proc.stdout,):
                    if stream is not None:
                        stream.close()
        # WORKAROUND for secretstorage/jeepney: keyring's backend never closes its D-Bus
        # connections; collect them here rather than as unraisable warnings later.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()


def lock_default_collection() -> None:
    """Lock the keyring, as a user or a screen lock would: writes are then refused."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        secretstorage.get_default_collection(connection).lock()
    finally:
        connection.close()
