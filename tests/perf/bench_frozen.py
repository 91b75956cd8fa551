"""Benchmark: the frozen app's start to first paint, next to the source run's.

Needs a built bundle (``python packaging/build.py``); it is skipped without one. The timing
itself is ``packaging/startup.py`` (the same script ``packaging/ci.sh`` runs against the
installed .deb): one warm-up run each, then alternating runs, medians. Run:

    .venv/bin/python -m tests.perf.bench_frozen [--runs 5]
    .venv/bin/python -m tests.perf                 # every benchmark, one table
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

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


if __name__ == "__main__":
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    if not FROZEN.exists():
        raise SystemExit(f"no frozen bundle at {FROZEN}: run packaging/build.py first")
    outcome = run(runs)
    print(outcome.stdout, outcome.stderr, sep="")
    ratio = re.search(r"^startup frozen/source: ([0-9.]+)", outcome.stdout, re.MULTILINE)
    if ratio:
        print(f"PERF-FIGURES {json.dumps({'frozen.ratio': float(ratio.group(1))})}", flush=True)
    raise SystemExit(outcome.returncode)
