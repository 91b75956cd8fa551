"""A private Secret Service for one test: gnome-keyring, unlocked, on a D-Bus daemon of its own.

The ``private_secret_service`` fixture (registered in ``tests/conftest.py``) starts both daemons
on a fresh keyring folder, points the test process at that bus, and yields a
``PrivateSecretService``: ``env`` for an app subprocess (or a shell that starts several), a
``store()`` for in-process code, and ways to look into or lock the keyring. The keyring guard
(``tests/helpers/keyring_guard.py``) lets the test and its children reach that bus and no other,
so the developer's keyring is never touched. Both daemons are ended by their pids.

Where the programs are missing the test is skipped with the reason; under ``.ci/test`` (which
sets ``CAPTURE_DESKTOP_REQUIRE_SECRET_SERVICE=1`` where the machine has them) or ``CI=true`` it
fails instead, because a skip there would hide a broken setup.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

from tests.helpers.keyring_guard import allow_test_bus, forget_test_bus

if TYPE_CHECKING:
    from capture_desktop.store.secrets import SecretStore

SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"
KEYRING_PASSWORD = "capture-desktop-test"
SECRETS_NAME = "org.freedesktop.secrets"
TOOLS = ("dbus-daemon", "gnome-keyring-daemon", "gdbus")


def unavailable(reason: str) -> NoReturn:
    """Skip the test, or fail it where a real Secret Service was promised."""
    if os.environ.get("CAPTURE_DESKTOP_REQUIRE_SECRET_SERVICE") == "1" or (
        os.environ.get("CI") == "true"
    ):
        pytest.fail(f"a real Secret Service was promised but is unusable: {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class PrivateSecretService:
    """A running private Secret Service.

    ``env`` holds what a child process needs (bus, keyring folders, the Secret Service
    backend); merge it over ``os.environ``. ``service`` is a keyring service name of this
    test's own, for in-process stores.
    """

    address: str
    env: dict[str, str]
    service: str = field(default_factory=lambda: f"capture-desktop-test-{uuid.uuid4().hex[:8]}")

    def child_env(self, **extra: str) -> dict[str, str]:
        """``os.environ`` with this keyring's entries (and ``extra``) on top."""
        return {**os.environ, **self.env, **extra}

    def store(self) -> SecretStore:
        # Imported here: every test's conftest loads this module, and keyring is not cheap.
        from keyring.backends import SecretService

        from capture_desktop.store.secrets import SecretStore

        return SecretStore(service=self.service, backend=SecretService.Keyring())

    def item_names(self) -> list[str]:
        """Every item of ``service``, enumerated on the Secret Service itself."""
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            collection = secretstorage.get_default_collection(connection)
            items = collection.search_items({"service": self.service})
            return sorted(item.get_attributes()["username"] for item in items)
        finally:
            connection.close()

    def lock(self) -> None:
        """Lock the keyring, as a user or a screen lock would: writes are then refused."""
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            secretstorage.get_default_collection(connection).lock()
        finally:
            connection.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_secret_service(timeout: float = 20.0) -> Iterator[PrivateSecretService]:
    """Starts ``dbus-daemon`` and an unlocked ``gnome-keyring-daemon``; ends both by pid.

    Leaves the test process's environment alone (the fixture sets the bus).
    """
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        unavailable(f"needs {', '.join(missing)} for a private Secret Service (.ci/setup)")
    # A short path: D-Bus and keyring socket paths are limited to about 100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="cd-keyring-"))
    procs: list[subprocess.Popen[bytes]] = []
    address = ""
    try:
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        procs.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()  # printed once the bus listens
        if not address.startswith("unix:"):
            unavailable(f"dbus-daemon did not start (it printed {address!r})")
        allow_test_bus(address)
        env = {
            "DBUS_SESSION_BUS_ADDRESS": address,
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_RUNTIME_DIR": str(folder),
            "PYTHON_KEYRING_BACKEND": SECRET_SERVICE_BACKEND,
        }
        daemon_env = {**os.environ, **env}
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=daemon_env,
        )
        procs.append(keyring_daemon)
        assert keyring_daemon.stdin is not None
        keyring_daemon.stdin.write(KEYRING_PASSWORD.encode())  # the new keyring's password
        keyring_daemon.stdin.close()
        # gdbus does the waiting for the Secret Service name on our bus, bounded.
        waited = subprocess.run(
            ["gdbus", "wait", "--session", "--timeout", str(int(timeout)), SECRETS_NAME],
            env=daemon_env,
            capture_output=True,
            timeout=timeout + 5,
            check=False,
        )
        if waited.returncode != 0:
            unavailable(f"gnome-keyring-daemon never served the bus: {waited.stderr!r}")
        yield PrivateSecretService(address, env)
    finally:
        if address:
            forget_test_bus(address)
        for proc in reversed(procs):
            _stop(proc)
            if proc.stdout is not None:
                proc.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def private_secret_service(monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateSecretService]:
    """A private Secret Service that this test's process uses too (its session bus)."""
    with running_secret_service() as service:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", service.address)
        try:
            yield service
        finally:
            # WORKAROUND: secretstorage/jeepney (keyring's backend) never close their D-Bus
            # connections; collect them here rather than as unraisable warnings later.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)
                gc.collect()
