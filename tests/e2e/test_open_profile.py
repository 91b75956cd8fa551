"""``capture-desktop --profile NAME`` opens the GUI on that profile (the app as a process)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from capture_desktop.store.profiles import Profile, ProfileStore
from tests.helpers.app_process import app_env
from tests.helpers.keyring_guard import memory_backend_env

CODE = "from capture_desktop.cli import main; raise SystemExit(main(sys.argv[1:]))"


def _open(home: Path, *args: str) -> str | None:
    with subprocess.Popen(
        [sys.executable, "-c", "import sys; " + CODE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        # No real keyring: the profile choice needs none.
        env=app_env(home, memory_backend_env()),
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            for line in proc.stdout:  # "started": start-up, including --profile, is done
                if line.strip() == "started":
                    break
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    settings = json.loads((home / "config" / "settings.json").read_text())
    last: str | None = settings.get("last_profile")
    return last


def test_profile_option_opens_that_profile(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config" / "profiles.json")
    for name in ("alpha", "beta"):
        store.put(Profile(name=name, base_url=f"https://{name}.example.com", client_id="c1"))
    assert _open(tmp_path) == "alpha"  # without the option: the usual first profile
    assert _open(tmp_path, "--profile", "beta") == "beta"
    # An unknown name is reported (non-modally) and the app stays on the usual profile.
    assert _open(tmp_path, "--profile", "gamma") == "beta"
