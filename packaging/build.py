"""Build the double-click installer for the OS this runs on: ``python packaging/build.py``.

1. a clean build venv (``packaging/build/venv``) with PyInstaller and the project INSTALLED from
   a fresh copy of the tree, so nothing from the developer's machine or venv creeps in;
2. the app icon rendered from ``resources/icons/app.svg`` (``packaging/icons.py``);
3. the one-folder bundle (``packaging/capture_desktop.spec``);
4. the package: Linux ``.deb`` + ``.tar.gz``, Windows Inno Setup installer, macOS ``.dmg``;
5. a manifest of what went in (files, sizes, top contributors, the venv's packages).

Artefacts land in ``packaging/out/``. Runs on the standard library alone; the per-OS steps are
in ``packaging/linux.py``, ``packaging/windows.py`` and ``packaging/macos.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BUILD = HERE / "build"
OUT = HERE / "out"
VENV = BUILD / "venv"
PYINSTALLER = "pyinstaller==6.22.3"
RUNTIME_LOCK = HERE / "requirements-runtime.lock"
NAME = "capture-desktop"

sys.path.insert(0, str(HERE))
import manifest  # noqa: E402  (packaging/ is not a package; these are its sibling scripts)


def version() -> str:
    text = (REPO / "capture_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("no __version__ in capture_desktop/__init__.py")
    return match.group(1)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(cmd: list[str | Path], **kwargs: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)  # type: ignore[call-overload]


class Timer:
    """Prints and keeps how long each phase took (the figures go into the manifest)."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, float]] = []

    def phase(self, name: str, start: float) -> None:
        seconds = time.perf_counter() - start
        self.phases.append((name, seconds))
        print(f"== {name}: {seconds:.1f} s", flush=True)


def source_copy() -> Path:
    """A fresh copy of what the wheel is built from: no stale build/ or __pycache__."""
    src = BUILD / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "screenshots")
    for item in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / item, src / item)
    for tree in ("capture_desktop", "resources"):
        shutil.copytree(REPO / tree, src / tree, ignore=ignore)
    return src


def ensure_venv(fresh: bool) -> None:
    if fresh and VENV.exists():
        shutil.rmtree(VENV)
    if not venv_python().exists():
        run([sys.executable, "-m", "venv", VENV])
        run([venv_python(), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    src = source_copy()
    # The runtime dependencies at the exact versions CI tested, hash-checked
    # (packaging/requirements-runtime.lock); PyInstaller separately, as it is a build tool.
    run([venv_python(), "-m", "pip", "install", "-q", "--require-hashes", "-r", RUNTIME_LOCK])
    run([venv_python(), "-m", "pip", "install", "-q", PYINSTALLER])
    # Same version number as last time? pip would keep the old copy: force the project itself.
    run([venv_python(), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", src])


def render_icons() -> Path:
    icons = BUILD / "icons"
    svg = REPO / "resources" / "icons" / "app.svg"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run([venv_python(), HERE / "icons.py", svg, icons], env=env)
    return icons


def freeze(icons: Path, ver: str) -> Path:
    if sys.platform == "win32":
        import windows

        windows.write_version_info(BUILD / "version_info.txt", ver)
    dist, work = BUILD / "dist", BUILD / "work"
    shutil.rmtree(dist, ignore_errors=True)
    env = {**os.environ, "CAPTURE_BUILD_ICONS": str(icons), "PYTHONNOUSERSITE": "1"}
    env.pop("PYTHONPATH", None)
    # cwd=BUILD: the source tree must not shadow the installed package during analysis.
    run(
        [venv_python(), "-m", "PyInstaller", "--noconfirm", "--log-level=WARN",
         "--distpath", dist, "--workpath", work, HERE / "capture_desktop.spec"],
        cwd=BUILD,
        env=env,
    )  # fmt: skip
    return dist / NAME


def package(bundle: Path, icons: Path, ver: str) -> list[Path]:
    if sys.platform.startswith("linux"):
        import linux

        return [
            linux.build_deb(bundle, icons, ver, BUILD, OUT),
            linux.build_tarball(bundle, ver, OUT),
        ]
    if sys.platform == "win32":
        import windows

        return [windows.build_installer(bundle, icons, ver, HERE, OUT)]
    if sys.platform == "darwin":
        import macos

        return [macos.build_dmg(BUILD / "dist" / "Capture Desktop.app", ver, OUT)]
    raise SystemExit(f"no installer recipe for {sys.platform}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="recreate the build venv first")
    parser.add_argument("--bundle-only", action="store_true", help="stop after the bundle")
    args = parser.parse_args(argv)
    ver, timer = version(), Timer()
    OUT.mkdir(parents=True, exist_ok=True)
    total = time.perf_counter()

    start = time.perf_counter()
    ensure_venv(args.fresh)
    timer.phase("clean venv + project install", start)
    start = time.perf_counter()
    icons = render_icons()
    timer.phase("icons", start)
    start = time.perf_counter()
    bundle = freeze(icons, ver)
    timer.phase("PyInstaller bundle", start)
    artefacts: list[Path] = []
    if not args.bundle_only:
        start = time.perf_counter()
        artefacts = package(bundle, icons, ver)
        timer.phase("package", start)
    timer.phase("total", total)
    report = manifest.write(
        bundle,
        OUT / f"{NAME}-{ver}-{manifest.platform_tag()}-manifest.txt",
        venv_python=venv_python(),
        sources_file=BUILD / "binaries-sources.txt",
        artefacts=artefacts,
        phases=timer.phases,
    )
    print(report.summary)
    for artefact in artefacts:
        print(f"artefact: {artefact} ({artefact.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
