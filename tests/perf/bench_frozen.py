"""Benchmark: the frozen app's start to first paint, next to the source run's (target <= 1.3x).

Needs a built bundle (``python packaging/build.py``); it is skipped without one. The timing
itself is ``packaging/startup.py`` (the same script ``packaging/ci.sh`` runs against the
installed .deb): one warm-up run each, then alternating runs, medians. Run:

    .venv/bin/python tests/perf/bench_frozen.py [--runs 5]
    .venv/bin/python -m pytest -q -s tests/perf/bench_frozen.py     # the same, as a test
Not collected by the normal suite (the file name does not start with ``test_``).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "packaging" / "build" / "dist" / "capture-desktop" / "capture-desktop"


def run(runs: int = 5) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        str(REPO / "packaging" / "startup.py"),
        "--runs",
        str(runs),
        "--source",
        f"{shlex.quote(sys.executable)} -m capture_desktop",
        "--frozen",
        shlex.quote(str(FROZEN)),
    ]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.perf
@pytest.mark.skipif(not FROZEN.exists(), reason="no frozen bundle: run packaging/build.py first")
def test_frozen_start_to_first_paint_within_1_3x_of_source() -> None:
    result = run()
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr


if __name__ == "__main__":
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    outcome = run(runs)
    print(outcome.stdout, outcome.stderr, sep="")
    raise SystemExit(outcome.returncode)
