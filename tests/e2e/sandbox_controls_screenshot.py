"""The "Sandbox controls" screenshot: the main window on the built-in sandbox with the panel
open, two faults on (510 at 20 %, 250 ms latency) and listed in the status bar.

Run under Xvfb at 1280×800 (the whole screen is captured):

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m tests.e2e.sandbox_controls_screenshot

Writes ``resources/screenshots/sandbox-controls.png`` (or ``--out DIR``). It uses a throw-away
app home, an in-memory keyring and the sandbox on a free port. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


async def _settle(seconds: float = 0.4) -> None:
    await asyncio.sleep(seconds)


async def shoot(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from capture_desktop.services.sandbox_service import SandboxService
    from capture_desktop.services.session import Session
    from capture_desktop.services.settings import Settings
    from capture_desktop.ui.main_window import MainWindow
    from tests.ui.shell.tokens import access_slot, creation_slot

    sandbox = SandboxService()
    session = Session(Settings(), sandbox=sandbox)
    window = MainWindow(session)
    window.move(0, 0)
    window.resize(1280, 800)
    window.show()
    await session.start()
    await sandbox.open_sandbox_profile(session)
    await access_slot(session, "alice@example.com", "alice – QA checkout")
    await access_slot(session, "bob@example.com", "bob – profile edit")
    await creation_slot(session, 1800, "signup form test")
    await _settle()
    panel = window.show_sandbox_controls()
    assert panel is not None and window.sandbox_controls is not None
    await _settle()
    await window.sandbox_controls.apply({"error_code": 510, "error_rate": 0.2, "latency_ms": 250})
    await _settle()
    panel.adjustSize()
    panel.move(560, 150)
    await _settle(0.6)
    screen = QApplication.primaryScreen()
    shot = screen.grabWindow(0)
    out.mkdir(parents=True, exist_ok=True)
    shot.save(str(out / "sandbox-controls.png"))
    print("wrote", out / "sandbox-controls.png")
    panel.close()
    window.close()
    await _settle(0.2)
    await session.aclose()
    await sandbox.stop()


def run() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "resources" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_API", "pyside6")
    home = tempfile.mkdtemp(prefix="capture-shots-")
    os.environ["CAPTURE_DESKTOP_HOME"] = home
    import keyring
    import qasync
    from PySide6.QtWidgets import QApplication

    from capture_desktop.store.memory_backend import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    try:
        qasync.run(shoot(args.out))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
