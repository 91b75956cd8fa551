"""macOS: wrap the spec's ``.app`` into a ``.dmg`` with hdiutil (UNTESTED: needs macOS).

The .app carries the icon (``.icns`` rendered by ``packaging/icons.py``) and its Info.plist
(set in the spec). The disk image holds the app and an ``Applications`` link, so the user
installs by dragging. Not signed or notarized: Gatekeeper asks the user to confirm on first
open (right-click > Open); signing needs a Developer ID that CI does not have.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NAME = "capture-desktop"


def build_dmg(app: Path, version: str, out: Path) -> Path:
    if not (app / "Contents" / "Info.plist").exists():
        raise SystemExit(f"no .app bundle at {app}")
    target = out / f"{NAME}-{version}-macos.dmg"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "Capture Desktop"
        stage.mkdir()
        shutil.copytree(app, stage / app.name, symlinks=True)
        os.symlink("/Applications", stage / "Applications")
        subprocess.run(
            ["hdiutil", "create", "-volname", "Capture Desktop", "-srcfolder", str(stage),
             "-fs", "HFS+", "-format", "UDZO", "-ov", str(target)],
            check=True,
        )  # fmt: skip
    return target
