"""Windows: version info for the .exe and an Inno Setup installer (UNTESTED: needs Windows).

``write_version_info`` writes the VSVersionInfo file the spec passes to PyInstaller, so the
exe's Properties > Details tab shows the product, version and company.
``build_installer`` compiles ``packaging/capture-desktop.iss`` with ISCC (Inno Setup 6:
``choco install innosetup``, or set ``ISCC`` to its path): per-user install, a Start-menu
shortcut, an uninstaller in Apps & features, the app icon.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

NAME = "capture-desktop"
ISCC_DEFAULT = Path(r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe")


def _four_part(version: str) -> tuple[int, int, int, int]:
    numbers = [int("".join(ch for ch in part if ch.isdigit()) or 0) for part in version.split(".")]
    numbers = [*numbers, 0, 0, 0, 0][:4]
    return numbers[0], numbers[1], numbers[2], numbers[3]


def write_version_info(target: Path, version: str) -> None:
    ver = _four_part(version)
    strings = {
        "CompanyName": "Capture Desktop developers",
        "FileDescription": "Capture Desktop",
        "FileVersion": version,
        "InternalName": NAME,
        "LegalCopyright": "MIT License",
        "OriginalFilename": f"{NAME}.exe",
        "ProductName": "Capture Desktop",
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"          StringStruct('{k}', '{v}')" for k, v in strings.items())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={ver}, prodvers={ver}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0409, 1200])])
  ]
)
""",
        encoding="utf-8",
    )


def _iscc() -> str:
    configured = os.environ.get("ISCC")
    if configured:
        return configured
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    if ISCC_DEFAULT.exists():
        return str(ISCC_DEFAULT)
    raise SystemExit("Inno Setup 6 not found: install it (choco install innosetup) or set ISCC")


def build_installer(bundle: Path, icons: Path, version: str, packaging: Path, out: Path) -> Path:
    script = packaging / f"{NAME}.iss"
    subprocess.run(
        [
            _iscc(),
            f"/DAppVersion={version}",
            f"/DSourceDir={bundle}",
            f"/DIconFile={icons / f'{NAME}.ico'}",
            f"/DOutputDir={out}",
            str(script),
        ],
        check=True,
    )
    return out / f"{NAME}-{version}-setup.exe"
