"""The CI scripts cannot pass by skipping what they exist to prove."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_packaging_ci_fails_when_ci_would_skip_the_chroot_install() -> None:
    # As a non-root CI job, or one told PACKAGING_CHROOT=0: the Depends list and the installed
    # app's keyring would go unproven, so the run must fail (before the minutes of building).
    env = {**os.environ, "CI": "true", "PACKAGING_CHROOT": "0"}
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "ci.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "chroot install skipped under CI=true" in result.stdout
    assert "== packaging: build" not in result.stdout


def test_every_apt_get_waits_for_the_dpkg_lock() -> None:
    for script in (ROOT / ".ci" / "setup", ROOT / "packaging" / "ci.sh"):
        text = script.read_text(encoding="utf-8")
        host_calls = [
            line
            for line in text.splitlines()
            if re.search(r"\bapt-get\b", line)
            and not line.lstrip().startswith("#")
            and "chroot" not in line  # the throw-away chroot has no other apt running
        ]
        bare = [
            line
            for line in host_calls
            if "DPkg::Lock::Timeout" not in line and '"${APT[@]}"' not in line
        ]
        assert not bare, (script.name, bare)
    assert "APT=(apt-get -o DPkg::Lock::Timeout=600)" in (ROOT / ".ci" / "setup").read_text()
