"""The core (api, auth, store, sandbox) must import and run with PySide6 absent."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import capture_desktop

CORE = ("api", "auth", "store", "sandbox", "scripting", "ticket")


def _core_modules() -> list[str]:
    root = Path(capture_desktop.__file__).parent
    names: list[str] = []
    for pkg in CORE:
        names.append(f"capture_desktop.{pkg}")
        for info in pkgutil.walk_packages([str(root / pkg)], prefix=f"capture_desktop.{pkg}."):
            if not info.name.endswith("__main__"):
                names.append(info.name)
    return names


def test_core_imports_with_pyside6_blocked() -> None:
    modules = _core_modules()
    assert len(modules) >= len(CORE)
    script = textwrap.dedent(
        f"""
        import importlib, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "qasync"):
                    raise ImportError("blocked for the Qt-free test: " + name)
                return None

        sys.meta_path.insert(0, Block())
        for name in {modules!r}:
            importlib.import_module(name)
        assert not any(m.startswith("PySide6") for m in sys.modules)
        print("ok", len({modules!r}))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")
