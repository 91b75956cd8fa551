"""Building the project (what ``pip install`` and ``packaging/build.py`` do) prints no setuptools
warning: a deprecation today is a failed install on the date it names (the license table,
2027-02-18), and an unlisted package is one a non-editable install would drop."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# setuptools' warning classes, and distutils-style "warning: ..." lines from its commands.
WARNING = re.compile(r"\w*Warning\b|^\s*warning:", re.MULTILINE)


def test_building_the_wheel_prints_no_setuptools_warning(tmp_path: Path) -> None:
    # With pip's default build isolation, as a user's install, against the build-system
    # requirements in pyproject.toml. Byte-compiling stays on so its notice does not count.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path), str(ROOT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    # pip's own notes about this machine's index configuration are not the build's.
    lines = [line for line in output.splitlines() if not line.startswith("WARNING: Location")]
    warnings = [line for line in lines if WARNING.search(line)]
    assert not warnings, "\n".join(warnings)
    assert list(tmp_path.glob("capture_desktop-*.whl"))
