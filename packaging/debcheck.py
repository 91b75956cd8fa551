"""Check the installed .deb inside a throw-away root: do its Depends cover the bundle?

``python packaging/debcheck.py ROOT`` (as root; ROOT is a Debian chroot with the package
installed, see ``packaging/ci.sh``). For every ELF file under ``/opt/capture-desktop`` it runs
``ldd`` inside the chroot, the way the frozen app loads libraries (the bootloader puts
``_internal`` on the library path; Qt's own libraries find each other by RUNPATH). It fails when

- a library is not found at all (directly or indirectly needed), or
- a library the bundle links directly (ELF ``NEEDED``) comes from a Debian package that the
  .deb neither names in ``Depends`` nor can count on (``Essential: yes`` or ``Priority:
  required``): such a library is only present by chance, e.g. in the chroot's base system.

Prints one line per system package the bundle uses, with the libraries it provides.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

APP = "/opt/capture-desktop"
LIBRARY_PATH = f"{APP}/_internal"


def in_root(root: Path, *cmd: str) -> str:
    return subprocess.run(
        ["chroot", str(root), *cmd], capture_output=True, text=True, check=True
    ).stdout


def elf_files(root: Path) -> list[str]:
    out = []
    for path in sorted((root / APP.lstrip("/")).rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    out.append("/" + path.relative_to(root).as_posix())
    return out


def needed(path: Path) -> list[str]:
    cmd = ["readelf", "-d", str(path)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def depends_of(root: Path) -> set[str]:
    field = in_root(root, "dpkg-query", "-W", "-f=${Depends}", "capture-desktop")
    names = set()
    for clause in field.split(","):
        for alternative in clause.split("|"):
            names.add(re.sub(r"\(.*?\)|:\w+", "", alternative).strip())
    return names


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    missing: dict[str, set[str]] = defaultdict(set)
    system_libs: dict[str, set[str]] = defaultdict(set)  # library path -> users
    files = elf_files(root)
    for path in files:
        resolved = {}
        out = in_root(root, "env", f"LD_LIBRARY_PATH={LIBRARY_PATH}", "ldd", path)
        for line in out.splitlines():
            name, arrow, target = line.strip().partition(" => ")
            if arrow:
                resolved[name] = target.split(" (")[0]
        for name, target in resolved.items():
            if target.startswith("not found"):
                missing[name].add(path)
        # Only what the bundle links DIRECTLY must be declared; the rest is the declared
        # packages' own dependencies (ldd lists the whole tree).
        for name in needed(root / path.lstrip("/")):
            target = resolved.get(name, "")
            if target and not target.startswith(("not found", APP)):
                system_libs[target].add(path)

    owners: dict[str, set[str]] = defaultdict(set)  # package -> libraries
    for lib in sorted(system_libs):
        real = in_root(root, "realpath", lib).strip()
        # merged /usr: dpkg may know the file under either spelling
        candidates = {lib, real, real.removeprefix("/usr"), "/usr" + real}
        found = subprocess.run(
            ["chroot", str(root), "dpkg", "-S", *sorted(candidates)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        package = found.split(":", 1)[0].strip() if found else "(no package)"
        owners[package].add(Path(lib).name)

    declared = depends_of(root)
    undeclared = []
    for package, libs in sorted(owners.items()):
        info = in_root(root, "dpkg-query", "-W", "-f=${Essential} ${Priority}", package).split()
        if package in declared:
            why = "Depends"
        elif info and (info[0] == "yes" or info[-1] == "required"):
            why = "always installed (essential/required)"
        else:
            why = "NOT DECLARED"
            undeclared.append(package)
        print(f"  {package:28} {why:38} {', '.join(sorted(libs))}")

    print(f"debcheck: {len(files)} ELF files, {len(system_libs)} system libraries from "
          f"{len(owners)} packages")  # fmt: skip
    for name, users in sorted(missing.items()):
        print(f"debcheck: NOT FOUND {name} (needed by {', '.join(sorted(users)[:3])})")
    for package in undeclared:
        print(f"debcheck: {package} provides libraries but is not in Depends")
    return 1 if missing or undeclared else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
