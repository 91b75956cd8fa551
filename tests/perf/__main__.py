"""``python -m tests.perf``: run every benchmark and print one table of figure, target, ratio.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.perf          # full scale
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.perf --quick  # scaled down (CI)
    .venv/bin/python -m tests.perf.readme OUTPUT                      # README table from a run

Each benchmark runs in its own subprocess (``python -m tests.perf.bench_*``) and reports its
figures on a ``PERF-FIGURES {json}`` line (``bench_startup`` on its ``ratio (ready) N`` line).
Targets are in ``tests/perf/targets.py``. The exit status is 1 when a figure is more than 1.5 ×
its target, or when a benchmark crashed or did not report a figure; a figure merely over its
target is shown as such and does not fail the run (a shared machine is noisy).
``--quick`` scales the benchmarks down (the table says how), so CI spends about two minutes.
The frozen-app figure needs a built bundle (``packaging/build.py``); without one its row says
"not measured" (under ``CI=true`` that fails the run).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.perf.bench_frozen import FROZEN
from tests.perf.targets import FAIL_FACTOR, TARGETS, Target

REPO = Path(__file__).resolve().parents[2]
TABLE_START = "### Measured"
TABLE_END = "perf summary:"


@dataclass
class Bench:
    name: str
    full: list[str]
    quick: list[str]
    scale_note: str  # how --quick differs from the full run
    figures: dict[str, float] = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0


def benches() -> list[Bench]:
    return [
        Bench("sandbox", ["100000"], ["20000"], "sandbox 20k users (full: 100k)"),
        Bench(
            "client",
            ["--rounds", "40", "--batch", "10"],
            ["--rounds", "12", "--batch", "5"],
            "client 12 rounds of 5 flows (full: 40 of 10)",
        ),
        Bench(
            "records",
            ["--records", "100000", "--scroll-rows", "10000"],
            ["--records", "20000", "--scroll-rows", "3000"],
            "Records 20k users, 3k rows scrolled (full: 100k, 10k)",
        ),
        Bench("startup", ["15"], ["9"], "startup 9 runs (full: 15)"),
        Bench("frozen", ["--runs", "5"], ["--runs", "3"], "frozen 3 runs (full: 5)"),
    ]


READY = re.compile(r"ratio \(first paint\) ([0-9.]+).*ratio \(ready\) ([0-9.]+)")


def parse(bench: Bench, output: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    for line in output.splitlines():
        if line.startswith("PERF-FIGURES "):
            figures.update(json.loads(line.removeprefix("PERF-FIGURES ")))
    if bench.name == "startup":
        # bench_startup keeps its own output format; its ratio line is the contract.
        match = READY.search(output)
        if match:
            figures["startup.first_paint_ratio"] = float(match.group(1))
            figures["startup.ready_ratio"] = float(match.group(2))
    return figures


def run_bench(bench: Bench, quick: bool, timeout: float) -> None:
    if bench.name == "frozen" and not FROZEN.exists():
        bench.error = "no frozen bundle (run packaging/build.py)"
        return
    args = bench.quick if quick else bench.full
    cmd = [sys.executable, "-m", f"tests.perf.bench_{bench.name}", *args]
    print(f"== perf: {bench.name} ({' '.join(args)})", flush=True)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        bench.error = f"did not finish in {timeout:.0f} s"
        return
    finally:
        bench.seconds = time.perf_counter() - start
    for line in (done.stdout + done.stderr).splitlines():
        if not line.startswith("PERF-FIGURES "):
            print(f"   {line}")
    bench.figures = parse(bench, done.stdout)
    # A benchmark exits 1 when a figure misses its plain target; that alone is not a failure
    # here (the 1.5x rule is). A crash is: it reports no figures.
    if not bench.figures:
        bench.error = f"exited {done.returncode} without reporting figures"


def _fmt(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"


def table(results: list[Bench], quick: bool, targets: dict[str, Target]) -> tuple[list[str], int]:
    measured = {key: value for b in results for key, value in b.figures.items()}
    errors = {b.name: b.error for b in results if b.error}
    scale = "; ".join(b.scale_note for b in results) if quick else "full scale"
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = [
        f"{TABLE_START} ({os.cpu_count()} cores, {when}, `python -m tests.perf"
        f"{' --quick' if quick else ''}`)",
        "",
        f"Scale: {scale}. Ratio is the figure against its target (above 1: worse than the "
        f"target); a run fails above {FAIL_FACTOR}.",
        "",
        "| figure | target | measured | ratio | status |",
        "|---|---|---|---|---|",
    ]
    failed = 0
    for key, target in targets.items():
        bench = key.split(".", 1)[0]
        if key not in measured:
            why = errors.get(bench, "the benchmark did not report it")
            # Outside CI a missing bundle is only a missing row, not a failure.
            optional = bench == "frozen" and not FROZEN.exists() and os.environ.get("CI") != "true"
            lines.append(
                f"| {target.label} | {target.describe()} | — | — | "
                f"{'not measured' if optional else 'FAIL'}: {why} |"
            )
            failed += 0 if optional else 1
            continue
        value = measured[key]
        ratio = target.ratio(value)
        if target.fails(value):
            status = f"FAIL (over {FAIL_FACTOR} × target)"
            failed += 1
        elif ratio > 1:
            status = "over target" + ("" if target.enforced else f", not enforced: {target.note}")
        else:
            status = "ok"
        unit = f" {target.unit}" if target.unit else ""
        lines.append(
            f"| {target.label} | {target.describe()} | {_fmt(value)}{unit} | {ratio:.2f} | "
            f"{status} |"
        )
    return lines, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="scaled down, for CI")
    parser.add_argument("--only", nargs="*", default=None, help="benchmark names to run")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per benchmark")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    results = [b for b in benches() if args.only is None or b.name in args.only]
    for bench in results:
        run_bench(bench, args.quick, args.timeout)
    names = {b.name for b in results}
    shown = {k: t for k, t in TARGETS.items() if k.split(".", 1)[0] in names}
    lines, failed = table(results, args.quick, shown)
    print()
    print("\n".join(lines))
    total = sum(b.seconds for b in results)
    print(f"\n{TABLE_END} {len(shown)} figures, {failed} failed, {total:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
