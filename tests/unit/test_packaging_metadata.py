"""pyproject.toml ships every package and the resources a non-editable install needs."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setuptools() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    section: dict[str, object] = data["tool"]["setuptools"]
    return section


def test_every_package_directory_is_listed() -> None:
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "capture_desktop").rglob("__init__.py")
    }
    # The resources folder and its shipped data folders (not the docs' screenshots).
    data = {
        f"capture_desktop.resources.{d.name}"
        for d in (ROOT / "resources").iterdir()
        if d.is_dir() and d.name not in {"screenshots", "__pycache__"}
    }
    listed = set(_setuptools()["packages"])  # type: ignore[call-overload]
    assert on_disk | {"capture_desktop.resources"} | data == listed


def test_resource_globs_cover_every_runtime_resource() -> None:
    globs = _setuptools()["package-data"]["capture_desktop.resources"]  # type: ignore[index]
    resources = ROOT / "resources"
    shipped = {p for g in globs for p in resources.glob(g) if p.is_file()}
    needed = {
        p
        for p in resources.rglob("*")
        if p.is_file() and "screenshots" not in p.parts and p.suffix not in {".py", ".pyc"}
    }
    assert needed <= shipped, sorted(str(p.relative_to(resources)) for p in needed - shipped)
