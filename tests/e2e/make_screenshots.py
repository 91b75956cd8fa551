"""Regenerate the shell's screenshots in resources/screenshots/ (welcome, main window,
profile wizard, token panel with several slot states).

Run under Xvfb for real window decorations and fonts:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python -m tests.e2e.make_screenshots
It uses a throw-away app home, an in-memory keyring and the built-in sandbox on a free port.
With ``--dark`` it applies a dark palette (what a dark desktop theme hands the app) and
writes ``dark-welcome.png`` and ``dark-main-window.png`` instead.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "resources" / "screenshots"


async def _settle(seconds: float = 0.4) -> None:
    await asyncio.sleep(seconds)


DARK = "--dark" in sys.argv
DARK_SHOTS = {"welcome.png", "main-window.png"}


def _save(widget: Any, name: str) -> None:
    if DARK and name not in DARK_SHOTS:
        return
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / (f"dark-{name}" if DARK else name)
    widget.grab().save(str(path))
    print("wrote", path)


async def _states(session: Any) -> None:
    """Slots in each state: valid, expiring, expired, needs sign-in, plus a creation token."""
    from tests.ui.shell.tokens import access_slot, creation_slot

    keeper = session.tokens.keeper
    alice = await access_slot(session, "alice@example.com", "alice – QA checkout")
    await session.tokens.refresh(alice.slot_id)  # one entry in the refresh history
    carol = await access_slot(session, "carol@example.com", "carol – profile edit")
    dave = await access_slot(session, "dave@example.com", "dave – old session")
    bob = await access_slot(session, "bob@example.com", "bob – revoked")
    await creation_slot(session, 1800, "signup form test")
    now = datetime.now(UTC)
    store = keeper._slots  # demo data only: move expiry times to show every state
    store.put(
        dataclasses.replace(
            store.get(carol.slot_id),
            expires_at=now + timedelta(seconds=42),
            issued_at=now - timedelta(minutes=59),
            auto_refresh=False,
        )
    )
    store.put(
        dataclasses.replace(
            store.get(dave.slot_id), expires_at=now - timedelta(minutes=3), auto_refresh=False
        )
    )
    store.put(dataclasses.replace(store.get(bob.slot_id), state="needs_sign_in"))
    keeper.poll()
    session.slots_changed.emit()


async def main() -> int:
    from PySide6.QtWidgets import QApplication, QWizard

    from capture_desktop.services.sandbox_service import SandboxService
    from capture_desktop.services.session import Session
    from capture_desktop.services.settings import Settings
    from capture_desktop.ui.main_window import MainWindow
    from capture_desktop.ui.profile_wizard import ProfileWizard

    app = QApplication.instance()
    assert app is not None
    sandbox = SandboxService()
    session = Session(Settings(), sandbox=sandbox)
    window = MainWindow(session)
    window.resize(1280, 800)
    window.show()
    await session.start()
    await _settle()
    _save(window, "welcome.png")

    await sandbox.open_sandbox_profile(session)
    await _settle()
    wizard = ProfileWizard(session, window)
    wizard.resize(680, 560)
    wizard.show()
    wizard.connection.name.setText("Acme staging")
    wizard.connection.base_url.setText("http://capture.acme.example")
    await _settle(0.2)
    _save(wizard, "profile-wizard-refused.png")
    wizard.connection.base_url.setText(sandbox.base_url or "")
    wizard.connection.environment.setCurrentIndex(
        wizard.connection.environment.findData("development")
    )
    wizard.next()
    client = next(c for c in sandbox.clients() if c["features"] == ["owner"])
    wizard.client.client_id.setText(client["client_id"])
    wizard.client.secret.entry.setText(client["client_secret"])
    wizard.next()
    wizard.next()
    while wizard.last_report is None:
        await _settle(0.05)
    await _settle(0.2)
    _save(wizard, "profile-wizard.png")
    wizard.button(QWizard.WizardButton.CancelButton).click()

    await _states(session)
    await _settle(1.2)
    window.token_panel.table.selectRow(0)
    await _settle(0.3)
    _save(window, "main-window.png")
    _save(window.token_panel, "token-panel.png")
    window.show_about().move(window.geometry().center())
    await _settle(0.2)

    window.close()
    await session.aclose()
    await sandbox.stop()
    return 0


def _dark_palette(app: Any) -> None:
    from PySide6.QtGui import QColor, QPalette

    app.setStyle("Fusion")
    palette = QPalette()
    role = QPalette.ColorRole
    for which, colour in [
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e6e6e6"),
        (role.Base, "#1e1e1e"),
        (role.AlternateBase, "#262626"),
        (role.Text, "#e6e6e6"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e6e6e6"),
        (role.Highlight, "#2a82da"),
        (role.HighlightedText, "#ffffff"),
        (role.PlaceholderText, "#8a8a8a"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#e6e6e6"),
    ]:
        palette.setColor(which, QColor(colour))
    app.setPalette(palette)


def run() -> int:
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
    if DARK:
        _dark_palette(app)
    from capture_desktop.ui.icons import icon

    app.setWindowIcon(icon("app"))
    result: int = qasync.run(main())
    return result


if __name__ == "__main__":
    raise SystemExit(run())
