"""``python -m tests.perf``'s verdicts and the README table generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.perf.__main__ import Bench, parse, table
from tests.perf.readme import BEGIN, END, extract, replace
from tests.perf.targets import TARGETS, Target

README = Path(__file__).resolve().parents[2] / "README.md"


def _run(figures: dict[str, float], targets: dict[str, Target]) -> tuple[list[str], int]:
    bench = Bench("x", [], [], "x")
    bench.figures = figures
    return table([bench], quick=True, targets=targets)


@pytest.mark.parametrize(
    ("value", "status", "failed"),
    [(9.0, "ok", 0), (14.0, "over target", 0), (15.1, "FAIL (over 1.5 × target)", 1)],
)
def test_a_figure_fails_only_past_one_and_a_half_times_its_target(
    value: float, status: str, failed: int
) -> None:
    lines, count = _run({"x.ms": value}, {"x.ms": Target("a timing", 10.0, "ms")})
    assert count == failed
    assert lines[-1].endswith(f"| {status} |"), lines[-1]


def test_at_least_targets_are_inverted_and_missing_figures_fail() -> None:
    targets = {
        "x.rate": Target("a throughput ratio", 0.5, at_least=True),
        "x.gone": Target("never reported", 1.0),
    }
    lines, failed = _run({"x.rate": 0.3}, targets)
    assert failed == 2
    assert "| 1.67 | FAIL" in lines[-2]
    assert "| — | — | FAIL: the benchmark did not report it |" in lines[-1]


def test_an_unenforced_goal_is_shown_but_does_not_fail() -> None:
    target = Target("a goal", 1.5, enforced=False, note="delivered by issue F")
    lines, failed = _run({"x.ratio": 5.0}, {"x.ratio": target})
    assert failed == 0
    assert "over target, not enforced: delivered by issue F" in lines[-1]


def test_startup_ready_ratio_line_is_read() -> None:
    out = "ratio (first paint) 1.16 (target <= 1.5); ratio (ready) 3.47\n"
    assert parse(Bench("startup", [], [], ""), out) == {
        "startup.first_paint_ratio": 1.16,
        "startup.ready_ratio": 3.47,
    }


def test_readme_table_is_generated_and_names_every_current_target() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section.strip().startswith("### Measured"), "run python -m tests.perf.readme"
    for target in TARGETS.values():
        row = f"| {target.label} | {target.describe()} |"
        assert row in section, f"README's measured table is stale (no {row!r}): regenerate it"
    # Regenerating from the table itself changes nothing: the section is exactly a run's table.
    fake_output = f"noise\n{section.strip()}\n\nperf summary: 10 figures, 0 failed, 1 s\n"
    assert replace(text, extract(fake_output)) == text
