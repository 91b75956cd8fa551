"""Keyrings a test may reach, and the guard that fails a test reaching any other.

A test (or the app it starts) may store secrets in exactly two places:

* the in-memory backend in-process (``tests/helpers/keyring.py``), or no keyring at all for an
  app subprocess (``memory_backend_env()``: no session bus);
* a private Secret Service: a D-Bus session and an unlocked gnome-keyring that belong to the
  test run (``.ci/test`` exports its bus as ``CAPTURE_DESKTOP_PRIVATE_DBUS``) or to one test
  (the ``private_secret_service`` fixture, ``tests/helpers/secret_service.py``).

``keyring_guard`` (autouse, in ``tests/conftest.py``) fails a test when keyring's Secret Service
backend opens a D-Bus connection to any other bus, or when the test starts the app with an
environment that would reach one. Run with plain ``pytest`` on a desktop, a test therefore fails
instead of overwriting the user's real keyring items.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

MEMORY_BACKEND = "capture_desktop.store.memory_backend.MemoryKeyring"
# libdbus's "no session bus" address: nothing reachable, keyring falls back to its fail backend.
NO_BUS = "disabled:"
# Buses started for one test (tests/helpers/secret_service.py); .ci/test's is read from the env.
_test_buses: set[str] = set()
# Code that starts the app when a test runs it with ``python -c``.
_APP_ENTRY_POINTS = ("capture_desktop.app", "capture_desktop.cli", "capture_desktop.__main__")


def private_buses() -> set[str]:
    run_bus = os.environ.get("CAPTURE_DESKTOP_PRIVATE_DBUS", "")
    return _test_buses | ({run_bus} if run_bus else set())


def allow_test_bus(address: str) -> None:
    """Let app subprocesses use ``address``: a bus that a test fixture started itself."""
    _test_buses.add(address)


def forget_test_bus(address: str) -> None:
    _test_buses.discard(address)


def memory_backend_env() -> dict[str, str]:
    """Environment entries that keep an app subprocess off every real keyring: no session bus
    at all, and keyring pointed at the in-memory backend. (Measured: the app then reports "no
    keyring", as on a machine without one; a test that needs the app to store secrets uses
    the ``private_secret_service`` fixture instead.)"""
    return {"PYTHON_KEYRING_BACKEND": MEMORY_BACKEND, "DBUS_SESSION_BUS_ADDRESS": NO_BUS}


def _reason_env_is_unsafe(env: Mapping[str, str]) -> str | None:
    """Why an app started with ``env`` could reach a keyring outside the allowed ones."""
    if env.get("PYTHON_KEYRING_BACKEND") == MEMORY_BACKEND:
        return None
    bus = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if bus in _test_buses or bus == NO_BUS:
        return None
    if not bus:
        return "no private D-Bus session and no in-memory backend (libdbus may find the user's bus)"
    return (
        f"its D-Bus session {bus!r} is not one the test started "
        "(use the private_secret_service fixture or memory_backend_env())"
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
