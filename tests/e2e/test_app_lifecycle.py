"""The whole app in a subprocess: `--sandbox` opens the sandbox profile, and SIGTERM (like
closing the window) quits cleanly, stopping the embedded sandbox. The app gets its own D-Bus
session and gnome-keyring: the sandbox secrets it stores never reach the developer's keyring."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.helpers.app_process import app_env
from tests.helpers.secret_service import PrivateSecretService

CODE = "from capture_desktop.app import run; raise SystemExit(run(['--sandbox']))"


def test_sandbox_start_and_clean_quit(
    tmp_path: Path, private_secret_service: PrivateSecretService
) -> None:
    _start_and_quit(tmp_path, private_secret_service.env)


def _start_and_quit(tmp_path: Path, keyring_env: dict[str, str]) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", CODE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=app_env(tmp_path, keyring_env),
        text=True,
    ) as proc:
        url = _drive(proc)
    profiles = json.loads((tmp_path / "config" / "profiles.json").read_text())
    names = [p["name"] for p in profiles["profiles"]]
    assert "Sandbox" in names
    try:
        httpx.get(f"{url}/__sandbox__/health", timeout=2)
    except httpx.TransportError:
        pass
    else:
        raise AssertionError("the embedded sandbox still answers after the app quit")


def _drive(proc: subprocess.Popen[str]) -> str:
    try:
        assert proc.stdout is not None and proc.stderr is not None
        marks = []
        for line in proc.stdout:
            marks.append(line.strip())
            if line.strip() == "ready":
                break
        assert marks[:2] == ["painted", "ready"]
        # The sandbox profile appears once the sandbox is up (it starts in the background).
        url = ""
        for line in proc.stderr:
            if "sandbox listening at" in line:
                url = line.rsplit(" ", 1)[1].strip()
            # Quit only once the profiles are saved and the owner profile is active.
            if "sandbox profile 'Sandbox' is active" in line:
                break
        assert url, "the app never said where the sandbox listens"
        assert httpx.get(f"{url}/__sandbox__/health", timeout=5).status_code == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return url
