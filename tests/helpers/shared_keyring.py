"""A private, unlocked Secret Service for tests that spawn processes sharing one keyring.

An in-memory keyring lives in one process; the scripting commands run as separate processes
that must see each other's (and the test's) secrets. So each test gets its own D-Bus session
bus (``dbus-daemon``) and ``gnome-keyring-daemon --unlock`` on a fresh keyring folder: never
the developer's keyring. The processes are ended by their PIDs at teardown.

``shared_keyring`` yields the environment variables a child process needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

SECRET_SERVICE_BACKEND = "keyring.backends.SecretService.Keyring"


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CAPTURE_DESKTOP_REQUIRE_SECRET_SERVICE") == "1":
        pytest.fail(f"a real Secret Service was promised but is unusable: {reason}")
    pytest.skip(reason)


def _name_has_owner(env: dict[str, str], name: str) -> bool:
    probe = subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{name}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return "boolean true" in probe.stdout


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def shared_keyring(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    for tool in ("dbus-daemon", "dbus-send", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} is not installed")
    # A short path: D-Bus socket paths are limited to about 100 bytes.
    folder = Path(tmp_path_factory.mktemp("ss", numbered=True))
    bus = subprocess.Popen(
        [
            "dbus-daemon",
            "--session",
            "--nofork",
            "--print-address=1",
            f"--address=unix:path={folder}/bus",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    keyring_daemon: subprocess.Popen[str] | None = None
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()  # printed once the bus listens
        if not address:
            _unavailable("dbus-daemon did not start")
        env = {
            "DBUS_SESSION_BUS_ADDRESS": address,
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_RUNTIME_DIR": str(folder),
            "PYTHON_KEYRING_BACKEND": SECRET_SERVICE_BACKEND,
        }
        child_env = {**os.environ, **env}
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=child_env,
            text=True,
        )
        assert keyring_daemon.stdin is not None
        keyring_daemon.stdin.write("capture-desktop-test")  # the new keyring's password
        keyring_daemon.stdin.close()
        # Bounded: the daemon claims its bus name within milliseconds of starting.
        for _ in range(200):
            if _name_has_owner(child_env, "org.freedesktop.secrets"):
                break
            if keyring_daemon.poll() is not None:
                _unavailable("gnome-keyring-daemon exited at start")
        else:
            _unavailable("gnome-keyring-daemon never claimed org.freedesktop.secrets")
        yield env
    finally:
        if keyring_daemon is not None:
            _stop(keyring_daemon)
        _stop(bus)
        if bus.stdout is not None:
            bus.stdout.close()
