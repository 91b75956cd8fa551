"""Linux packages: a ``.deb`` made with ``dpkg-deb`` and a ``.tar.gz`` of the bundle.

The .deb installs the bundle to ``/opt/capture-desktop``, a ``/usr/bin/capture-desktop``
symlink, the desktop entry and hicolor icons, so the app appears in the desktop menu and opens
with a double-click. The menu and icon caches are refreshed by the file triggers that
desktop-file-utils and hicolor-icon-theme install, so no maintainer scripts are needed.
``DEPENDS`` is what the bundle leaves to the system (the desktop stack: X11/xcb, Wayland, GL,
fonts, D-Bus); ``packaging/ci.sh`` proves it with ``ldd`` inside a clean Debian 12 chroot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

NAME = "capture-desktop"
PREFIX = Path("opt") / NAME
MAINTAINER = "Capture Desktop developers <capture-desktop@example.com>"

DEPENDS = [
    "libc6 (>= 2.34)", "libstdc++6", "libgcc-s1",
    # the system CA store: HTTPS to Capture is always verified (the self-test checks it)
    "ca-certificates",
    # GL / EGL (libglvnd dispatch; the driver is the user's)
    "libgl1", "libegl1", "libdrm2",
    # fonts: without them text renders as empty boxes
    "libfontconfig1", "libfreetype6", "fontconfig-config", "fonts-dejavu-core",
    "libglib2.0-0", "libdbus-1-3", "libxkbcommon0",
    # X11 / xcb platform plugin
    "libx11-6", "libx11-xcb1", "libxcb1", "libxkbcommon-x11-0", "libxcb-cursor0",
    "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0",
    "libxcb-render0", "libxcb-shape0", "libxcb-shm0", "libxcb-sync1", "libxcb-util1",
    "libxcb-xfixes0", "libxcb-xkb1", "libxcb-glx0",
    # Wayland platform plugin
    "libwayland-client0", "libwayland-cursor0", "libwayland-egl1",
]  # fmt: skip
# A Secret Service provider for keyring: Recommends, not Depends. The provider belongs to the
# desktop session (GNOME ships gnome-keyring, KDE's KWallet and KeePassXC serve the same D-Bus
# API), and a hard Depends would pull gnome-keyring onto a KDE or KeePassXC desktop where it
# competes for org.freedesktop.secrets. apt installs Recommends by default, so a plain install
# still gets one; without any, the app and its --self-test say what to install.
RECOMMENDS = ["gnome-keyring | keepassxc"]

DESCRIPTION = """\
Desktop tool for the Capture (Janrain / Akamai Identity Cloud) API
 Capture Desktop walks the Capture OAuth flows step by step (authorization code,
 browser sign-in, creation tokens), keeps tokens fresh, finds and edits user
 records, and shows every request in a console with secrets redacted.
 A built-in Capture sandbox lets every feature be tried with no cloud account.
 Secrets are stored in the desktop keyring (Secret Service)."""


def deb_arch() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _installed_size_kib(root: Path) -> int:
    return (
        sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    )


def _stage(bundle: Path, icons: Path, version: str, root: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    os.symlink(f"/{PREFIX}/{NAME}", root / "usr/bin" / NAME)
    apps = root / "usr/share/applications"
    apps.mkdir(parents=True)
    shutil.copy2(repo / "resources" / f"{NAME}.desktop", apps / f"{NAME}.desktop")
    hicolor = root / "usr/share/icons/hicolor"
    for png in sorted((icons / "png").glob("*.png")):
        size = png.stem
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(png, target / f"{NAME}.png")
    (hicolor / "scalable/apps").mkdir(parents=True)
    shutil.copy2(repo / "resources/icons/app.svg", hicolor / "scalable/apps" / f"{NAME}.svg")
    doc = root / "usr/share/doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {NAME}\n\nFiles: *\nCopyright: Capture Desktop developers\n"
        "License: MIT\n\nFiles: opt/capture-desktop/_internal/PySide6/*\n"
        "Copyright: The Qt Company Ltd.\nLicense: LGPL-3\n",
        encoding="utf-8",
    )
    control = root / "DEBIAN"
    control.mkdir()
    fields = {
        "Package": NAME,
        "Version": version,
        "Architecture": deb_arch(),
        "Maintainer": MAINTAINER,
        "Installed-Size": str(_installed_size_kib(root)),
        "Depends": ", ".join(DEPENDS),
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "devel",
        "Priority": "optional",
        "Homepage": "https://example.com/capture-desktop",
        "Description": DESCRIPTION,
    }
    (control / "control").write_text(
        "".join(f"{key}: {value}\n" for key, value in fields.items()), encoding="utf-8"
    )
    # dpkg-deb wants 0755 directories and no group/other write bits anywhere.
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            mode = path.stat().st_mode
            path.chmod((mode | 0o755) & 0o755 if path.is_dir() else mode & 0o755)


def build_deb(bundle: Path, icons: Path, version: str, build: Path, out: Path) -> Path:
    root = build / "deb-root"
    _stage(bundle, icons, version, root)
    target = out / f"{NAME}_{version}_{deb_arch()}.deb"
    # xz -6 (dpkg's default level, multi-threaded): the best size for the time on 2 cores.
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)], check=True
    )
    return target


def build_tarball(bundle: Path, version: str, out: Path) -> Path:
    target = out / f"{NAME}-{version}-linux-{os.uname().machine}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"{NAME}-{version}")
    return target
