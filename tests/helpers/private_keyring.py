"""Keyrings a test may reach, and the guard that fails a test reaching any other.

A test (or the app it starts) may store secrets in exactly two places:

* the in-memory backend in-process (``tests/helpers/keyring.py``), or no keyring at all for an
  app subprocess (``memory_backend_env()``: no session bus);
* a private Secret Service: a D-Bus session and an unlocked gnome-keyring that belong to the
  test run (``.ci/test`` exports its bus as ``CAPTURE_DESKTOP_PRIVATE_DBUS``) or to one test
  (``private_secret_service()``).

``keyring_guard`` (autouse, in ``tests/conftest.py``) fails a test when keyring's Secret Service
backend opens a D-Bus connection to any other bus, or when the test starts the app with an
environment that would reach one. Run with plain ``pytest`` on a desktop, a test therefore fails
instead of overwriting the user's real keyring items.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

MEMORY_BACKEND = "capture_desktop.store.memory_backend.MemoryKeyring"
# libdbus's "no session bus" address: nothing reachable, keyring falls back to its fail backend.
NO_BUS = "disabled:"
SECRETS_NAME = "org.freedesktop.secrets"
# Buses started for one test by private_secret_service(); .ci/test's is read from the env.
_TEST_BUSES: set[str] = set()
# Code that starts the app when a test runs it with ``python -c``.
_APP_ENTRY_POINTS = ("capture_desktop.app", "capture_desktop.cli", "capture_desktop.__main__")


def private_buses() -> set[str]:
    run_bus = os.environ.get("CAPTURE_DESKTOP_PRIVATE_DBUS", "")
    return _TEST_BUSES | ({run_bus} if run_bus else set())


def memory_backend_env() -> dict[str, str]:
    """Environment entries that keep an app subprocess off every real keyring: no session bus
    at all, and keyring pointed at the in-memory backend. (Measured: the app then reports "no
    keyring", as on a machine without one; a test that needs the app to store secrets uses
    ``private_secret_service()`` instead.)"""
    return {"PYTHON_KEYRING_BACKEND": MEMORY_BACKEND, "DBUS_SESSION_BUS_ADDRESS": NO_BUS}


def _reason_env_is_unsafe(env: Mapping[str, str]) -> str | None:
    """Why an app started with ``env`` could reach a keyring outside the allowed ones."""
    if env.get("PYTHON_KEYRING_BACKEND") == MEMORY_BACKEND:
        return None
    bus = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if bus in _TEST_BUSES or bus == NO_BUS:
        return None
    if not bus:
        return "no private D-Bus session and no in-memory backend (libdbus may find the user's bus)"
    return (
        f"its D-Bus session {bus!r} is not one the test started "
        "(use private_secret_service() or memory_backend_env())"
    )


def _is_app_command(args: Any) -> bool:
    """True for a command line that starts the app: ``-m capture_desktop``, code importing its
    entry points, or the frozen ``capture-desktop`` executable (not the Qt-free core or the
    sandbox CLI, which never touch a keyring)."""
    if isinstance(args, (str, bytes, os.PathLike)):
        parts: Sequence[Any] = [args]
    else:
        parts = list(args)
    words = [os.fsdecode(p) if isinstance(p, (bytes, os.PathLike)) else str(p) for p in parts]
    if any(a == "-m" and b == "capture_desktop" for a, b in itertools.pairwise(words)):
        return True
    if any(Path(w.split()[0]).name == "capture-desktop" for w in words if w.strip()):
        return True
    return any(entry in w for w in words for entry in _APP_ENTRY_POINTS)


class KeyringGuard:
    """Patches the two ways out of the test process: keyring's D-Bus connection and Popen."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def _violation(self, message: str) -> None:
        # In the test's thread the error fails the test where it happened; from a worker
        # thread (keyring calls run in one) it may be swallowed, so teardown fails the test.
        if threading.current_thread() is not threading.main_thread():
            self.violations.append(message)
        raise AssertionError(message)

    def check_bus(self) -> None:
        bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        if bus and bus not in private_buses():
            message = (
                f"keyring tried to reach the Secret Service on {bus!r}, which is not a private "
                "test session: run under .ci/test, or use the memory_keyring fixture"
            )
            self._violation(message)

    def check_popen(self, args: Any, env: Mapping[str, str] | None) -> None:
        if not _is_app_command(args):
            return
        reason = _reason_env_is_unsafe(os.environ if env is None else env)
        if reason is not None:
            message = f"a test started the app with a keyring it must not reach: {reason}"
            self._violation(message)


@pytest.fixture(autouse=True)
def keyring_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[KeyringGuard]:
    guard = KeyringGuard()
    try:
        import secretstorage
    except ImportError:  # pragma: no cover - secretstorage comes with keyring on Linux
        pass
    else:
        real_init = secretstorage.dbus_init

        def guarded_init() -> Any:
            guard.check_bus()
            return real_init()

        monkeypatch.setattr(secretstorage, "dbus_init", guarded_init)

    real_popen_init = subprocess.Popen.__init__

    def guarded_popen_init(self: subprocess.Popen[Any], args: Any, *a: Any, **kw: Any) -> None:
        guard.check_popen(args, kw.get("env"))
        real_popen_init(self, args, *a, **kw)

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded_popen_init)
    yield guard
    if guard.violations:
        pytest.fail("keyring guard: " + "; ".join(guard.violations), pytrace=False)


@contextmanager
def private_secret_service(timeout: float = 20.0) -> Iterator[dict[str, str]]:
    """A D-Bus session and an unlocked gnome-keyring of our own; yields the env to give a child.

    Needs ``dbus-daemon``, ``gnome-keyring-daemon`` and ``gdbus`` (``.ci/setup`` installs them);
    fails (never skips) without them, because a test that needs it must not silently fall back.
    """
    for tool in ("dbus-daemon", "gnome-keyring-daemon", "gdbus"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: .ci/setup installs it")
    folder = Path(tempfile.mkdtemp(prefix="capture-desktop-keyring-"))
    procs: list[subprocess.Popen[bytes]] = []
    bus_addr = ""
    try:
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
        )
        procs.append(bus)
        assert bus.stdout is not None
        bus_addr = bus.stdout.readline().decode().strip()
        assert bus_addr.startswith("unix:"), f"dbus-daemon printed {bus_addr!r}"
        _TEST_BUSES.add(bus_addr)
        env = {
            "DBUS_SESSION_BUS_ADDRESS": bus_addr,
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_RUNTIME_DIR": str(folder),
        }
        child_env = {**os.environ, **env}
        child_env.pop("PYTHON_KEYRING_BACKEND", None)
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=child_env,
        )
        procs.append(keyring_daemon)
        assert keyring_daemon.stdin is not None
        keyring_daemon.stdin.write(b"capture-desktop-test")
        keyring_daemon.stdin.close()
        # Wait for the Secret Service name on our bus (gdbus does the waiting, bounded).
        subprocess.run(
            [
                "gdbus",
                "wait",
                "--session",
                "--timeout",
                str(int(timeout)),
                "org.freedesktop.secrets",
            ],
            env=child_env,
            check=True,
            timeout=timeout + 5,
        )
        yield env
    finally:
        _TEST_BUSES.discard(bus_addr)
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if procs and procs[0].stdout is not None:
            procs[0].stdout.close()
        shutil.rmtree(folder, ignore_errors=True)
