"""Startup benchmark: the frozen app's start to first paint, next to the source run's.

``python packaging/startup.py --source "CMD..." --frozen "CMD..." [--runs 5] [--max-ratio 1.3]``

Each command starts the real app, offscreen, with a fresh temporary CAPTURE_DESKTOP_HOME per
run and ``CAPTURE_DESKTOP_PAINT_PROBE=1``, the app's own hook (``capture_desktop/app.py``) that
prints ``painted`` at the main window's first paint. Time runs from spawning the process to
reading that line (interpreter or bootloader start included); then the process is killed. One
warm-up run each (it also compiles the source run's .pyc files), then the measured runs
alternate between the two, so a noisy neighbour on the machine hits both alike. Prints the
medians and their ratio; exits 1 when the ratio is above ``--max-ratio``.
"""

from __future__ import annotations

import argparse
import os
import queue
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import IO

PROBE_ENV = "CAPTURE_DESKTOP_PAINT_PROBE"  # capture_desktop.app.PAINT_PROBE_ENV


def first_paint_seconds(cmd: list[str], timeout: float = 60.0) -> float:
    with tempfile.TemporaryDirectory(prefix="capture-desktop-startup-") as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "CAPTURE_DESKTOP_HOME": home,
            PROBE_ENV: "1",
        }
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        )
        try:
            return _wait_for_paint(proc, start, timeout, cmd)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def _wait_for_paint(
    proc: subprocess.Popen[str], start: float, timeout: float, cmd: list[str]
) -> float:
    """Seconds from ``start`` to the ``painted`` line; a hung app fails after ``timeout``."""
    assert proc.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def pump(stream: IO[str]) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, args=(proc.stdout,), daemon=True).start()
    while True:
        left = timeout - (time.perf_counter() - start)
        try:
            line = lines.get(timeout=max(left, 0.01))
        except queue.Empty:
            raise SystemExit(f"no first paint within {timeout:.0f} s: {shlex.join(cmd)}") from None
        if line is None:
            raise SystemExit(f"exited without painting (rc {proc.wait()}): {shlex.join(cmd)}")
        if line.strip() == "painted":
            return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", required=True, help="command that runs the source app")
    parser.add_argument("--frozen", required=True, help="command that runs the frozen app")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-ratio", type=float, default=1.3)
    args = parser.parse_args(argv)
    commands = {"source": shlex.split(args.source), "frozen": shlex.split(args.frozen)}
    times: dict[str, list[float]] = {"source": [], "frozen": []}
    cold = {name: first_paint_seconds(cmd) for name, cmd in commands.items()}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(first_paint_seconds(cmd))
    source, frozen = statistics.median(times["source"]), statistics.median(times["frozen"])
    ratio = frozen / source
    for name in commands:
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"startup {name}: first paint median {statistics.median(times[name]):.2f} s "
              f"(first run {cold[name]:.2f} s; runs {runs})")  # fmt: skip
    verdict = "OK" if ratio <= args.max_ratio else "TOO SLOW"
    print(f"startup frozen/source: {ratio:.2f} (target <= {args.max_ratio}) {verdict}")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
