"""The bundle's manifest: what went in, how big it is, and what came from outside the venv.

Written next to the artefacts (``packaging/out/*-manifest.txt``) by ``build.py``. A binary
collected from the build machine's system folders (not from the venv) is listed on its own,
because that is how GTK once crept into a bundle; the ones known to be harmful fail the build.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# Never bundle these from the build machine: they belong to the user's desktop.
# (The spec leaves the whole desktop stack to the system; this is the second line of defence.)
FORBIDDEN = (
    "libgtk",
    "libgdk",
    "libgio-2",
    "libglib-2",
    "libwayland-",
    "libX11",
    "libxcb",
    "libGL",
)

TOP = 25


@dataclass
class Report:
    total_bytes: int
    file_count: int
    summary: str


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(
        sys.platform, sys.platform
    )
    return f"{system}-{platform.machine().lower()}"


def _files(bundle: Path) -> list[tuple[str, int]]:
    return sorted(
        (path.relative_to(bundle).as_posix(), path.stat().st_size)
        for path in bundle.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def _group(rel: str) -> str:
    """Attribute a file to what brought it: a package folder or the top level."""
    parts = rel.split("/")
    if parts[0] == "_internal" and len(parts) > 2:
        if parts[1] == "PySide6" and len(parts) > 4 and parts[2] == "Qt":
            return "/".join(parts[1:4])  # PySide6/Qt/lib, PySide6/Qt/plugins, ...
        return parts[1]
    return parts[0] if len(parts) > 1 else "(top level)"


def _system_binaries(sources_file: Path) -> list[tuple[str, str]]:
    """(bundle path, source) of the binaries the spec took from the build machine's system."""
    if not sources_file.exists():
        return []
    rows = (line.split("\t") for line in sources_file.read_text(encoding="utf-8").splitlines())
    return [(dest, src) for dest, origin, src in rows if origin == "system"]


def write(
    bundle: Path,
    target: Path,
    *,
    venv_python: Path,
    sources_file: Path,
    artefacts: list[Path],
    phases: list[tuple[str, float]],
) -> Report:
    files = _files(bundle)
    total = sum(size for _, size in files)
    groups: Counter[str] = Counter()
    for rel, size in files:
        groups[_group(rel)] += size
    foreign = _system_binaries(sources_file)
    forbidden = [d for d, s in foreign if any(Path(s).name.startswith(f) for f in FORBIDDEN)]
    freeze = subprocess.run(
        [str(venv_python), "-m", "pip", "freeze", "--all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    mb = 1e6
    lines = [
        f"# {bundle.name} bundle manifest ({platform_tag()})",
        f"total: {total / mb:.1f} MB in {len(files)} files",
        *(f"artefact: {a.name} {a.stat().st_size / mb:.1f} MB" for a in artefacts),
        *(f"time {name}: {seconds:.1f} s" for name, seconds in phases),
        "",
        "## by origin (MB)",
        *(f"{size / mb:8.1f}  {name}" for name, size in groups.most_common()),
        "",
        f"## top {TOP} files (MB)",
        *(f"{size / mb:8.2f}  {rel}" for rel, size in sorted(files, key=lambda f: -f[1])[:TOP]),
        "",
        "## binaries taken from the build machine, not the venv",
        *(f"{dest}  <-  {src}" for dest, src in foreign),
        "",
        "## build venv (pip freeze)",
        freeze.rstrip(),
        "",
        "## every file (bytes)",
        *(f"{size:>10}  {rel}" for rel, size in files),
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = (
        f"bundle: {total / mb:.1f} MB in {len(files)} files; "
        f"{len(foreign)} system binaries; manifest {target}"
    )
    if forbidden:
        raise SystemExit(f"desktop libraries crept into the bundle: {', '.join(forbidden)}")
    return Report(total, len(files), summary)
