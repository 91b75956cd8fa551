"""The hash-locked requirements (``bash packaging/lock.sh``) satisfy pyproject.toml: every
dependency of the runtime, the test extra and the build backend is pinned inside its range,
with hashes, and the installer's runtime lock has exactly the versions CI tests."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
CI_LOCK = ROOT / "packaging" / "requirements-ci.lock"
RUNTIME_LOCK = ROOT / "packaging" / "requirements-runtime.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _pins(lock: Path) -> dict[str, Version]:
    """name -> version of the pins that apply here (their marker, if any, holds)."""
    text = lock.read_text(encoding="utf-8")
    pins: dict[str, Version] = {}
    # One entry per pin: the requirement line and its --hash continuation lines.
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text):
        first = entry.splitlines()[0] if entry.strip() else ""
        match = PIN.match(first)
        if not match:
            continue
        name, version, marker = match.groups()
        assert "--hash=sha256:" in entry, f"{lock.name}: {name} has no hash"
        if marker and not Requirement(f"x; {marker}").marker.evaluate():  # type: ignore[union-attr]
            continue
        pins[canonicalize_name(name)] = Version(version)
    return pins


def _declared() -> tuple[list[Requirement], list[Requirement]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = [Requirement(r) for r in data["project"]["dependencies"]]
    test = [Requirement(r) for r in data["project"]["optional-dependencies"]["test"]]
    build = [Requirement(r) for r in data["build-system"]["requires"]]
    return runtime, test + build


def _unsatisfied(requirements: list[Requirement], pins: dict[str, Version]) -> list[str]:
    problems = []
    for req in requirements:
        if req.marker is not None and not req.marker.evaluate():
            continue
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None:
            problems.append(f"{req} is not in the lock")
        elif not req.specifier.contains(pinned, prereleases=True):
            problems.append(f"{req} but the lock pins {pinned}")
    return problems


def test_ci_lock_satisfies_runtime_test_and_build_requirements() -> None:
    runtime, rest = _declared()
    problems = _unsatisfied(runtime + rest, _pins(CI_LOCK))
    assert not problems, "run `bash packaging/lock.sh`:\n" + "\n".join(problems)


def test_runtime_lock_satisfies_runtime_and_matches_ci() -> None:
    runtime, _ = _declared()
    ci, installer = _pins(CI_LOCK), _pins(RUNTIME_LOCK)
    problems = _unsatisfied(runtime, installer)
    assert not problems, "run `bash packaging/lock.sh`:\n" + "\n".join(problems)
    differs = {n: (v, ci.get(n)) for n, v in installer.items() if ci.get(n) != v}
    assert not differs, f"the installer would ship versions CI did not test: {differs}"
