"""A private Secret Service for one command: ``dbus-run-session`` + an unlocked gnome-keyring.

The command runs inside its own D-Bus session with a fresh keyring folder, so tests never touch
the developer's keyring and need no outer setup. Skipped where the two programs are missing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

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
