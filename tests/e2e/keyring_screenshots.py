"""Screenshots of the no-keyring paths: the main window's banner, the Exchange step asking
before the code is spent, and a token kept in memory for this session only.

Run under Xvfb from the repo root:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m tests.e2e.keyring_screenshots
Writes resources/screenshots/no-keyring-*.png. The keyring is keyring's fail backend (none);
the profile is made while an in-memory keyring is active, then the keyring goes away.
"""

from __future__ import annotations

import os
import sys
from typing import Any

os.environ.setdefault("QT_API", "pyside6")

import keyring
import keyring.backends.fail
import qasync
from PySide6.QtWidgets import QApplication, QWidget

from tests.e2e.screenshot_sandbox import sandbox_session, save_shot
from tests.helpers.qt import wait_until


async def shot(widget: QWidget, name: str) -> None:
    await save_shot(widget, f"no-keyring-{name}.png")


async def run(session: Any) -> None:
    from capture_desktop.store.secrets import install_advice
    from capture_desktop.ui.main_window import MainWindow
    from capture_desktop.ui.wizards.access_token import AccessTokenWizard

    # What Session.start() finds on such a machine (the session here was opened earlier).
    session.keyring_problem = f"no keyring backend is available. {install_advice()}"
    session._loaded = True  # the profiles are read (start() is skipped in this script)
    window = MainWindow(session)
    window.resize(1280, 800)
    window.show()
    window._on_profile_changed(session.profile())
    await wait_until(window.keyring_banner.isVisible)
    await shot(window, "main-window")

    w = AccessTokenWizard(session, parent=None)
    w.resize(1000, 800)
    w.show()
    step = w.record_step
    await wait_until(lambda: step.types.combo.findText("user") >= 0)
    step.search_edit.setText("alice@example.com")
    step.search_button.click()
    await wait_until(lambda: step.results.count() == 1 and step.search_button.isEnabled())
    w.next_button.click()
    w.redirect_step.start_button.click()
    await wait_until(w.redirect_step.is_complete)
    w.next_button.click()
    w.code_step.request_button.click()
    await wait_until(lambda: w.code_step.is_complete() and w.code_step.request_button.isEnabled())
    w.next_button.click()
    ex = w.exchange_step
    await wait_until(ex.keyring.isVisible)
    await shot(w, "exchange")
    ex.keyring.keep_in_memory.click()
    ex.exchange_button.click()
    await wait_until(ex.is_complete)
    w.next_button.click()
    await shot(w, "result")
    w.result_step.clipboard.flush()
    await w.aclose()
    window.close()


async def main() -> int:
    # The profile is made while the in-memory keyring is active; then the keyring goes away.
    async with sandbox_session() as (session, _server):
        keyring.set_keyring(keyring.backends.fail.Keyring())
        await run(session)
    return 0


if __name__ == "__main__":
    app = QApplication(sys.argv)
    sys.exit(qasync.run(main()))
