"""The keyring guard (tests/helpers/keyring_guard.py) stops a test from reaching a keyring
outside the in-memory backend and the private D-Bus sessions: in-process and in an app child."""

from __future__ import annotations

import subprocess
import sys

import pytest
from keyring.backends import SecretService

from tests.helpers.keyring_guard import KeyringGuard, memory_backend_env
from tests.helpers.secret_service import PrivateSecretService

APP = [sys.executable, "-m", "capture_desktop", "--self-test"]


def test_secret_service_on_a_foreign_bus_fails_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    # The address a desktop session exports; the guard must stop before connecting to it.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    with pytest.raises(AssertionError, match="not a private test session"):
        SecretService.Keyring().set_password("capture-desktop-guard", "u", "never stored")


def test_secret_service_on_a_private_bus_is_allowed(
    private_secret_service: PrivateSecretService,
) -> None:
    # The fixture has pointed this process at its bus.
    backend = SecretService.Keyring()
    backend.set_password("capture-desktop-guard", "u", "value")
    assert backend.get_password("capture-desktop-guard", "u") == "value"
    backend.delete_password("capture-desktop-guard", "u")


def test_starting_the_app_on_the_users_bus_fails() -> None:
    guard = KeyringGuard()
    user_env = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}
    with pytest.raises(AssertionError, match="is not one the test started"):
        guard.check_popen(APP, user_env)
    with pytest.raises(AssertionError, match="no private D-Bus session"):
        guard.check_popen(["/opt/capture-desktop/capture-desktop"], {})
    with pytest.raises(AssertionError):
        guard.check_popen([sys.executable, "-c", "from capture_desktop.app import run"], {})


def test_app_with_memory_backend_or_private_bus_is_allowed(
    private_secret_service: PrivateSecretService,
) -> None:
    guard = KeyringGuard()
    guard.check_popen(APP, memory_backend_env())
    guard.check_popen(APP, private_secret_service.env)
    # Its bus alone, without the Secret Service backend named, is allowed too.
    bus_only = {"DBUS_SESSION_BUS_ADDRESS": private_secret_service.address}
    guard.check_popen(APP, bus_only)
    # The Qt-free core and the sandbox CLI never touch a keyring.
    guard.check_popen([sys.executable, "-m", "capture_desktop.sandbox", "--help"], {})


def test_the_guard_is_active_for_popen() -> None:
    with pytest.raises(AssertionError, match="a test started the app"):
        subprocess.Popen([*APP], env={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/x"})
