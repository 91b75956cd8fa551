"""The main window: welcome first, menus and shortcuts, accessible names, wizard launch points,
errors from background tasks shown without a modal loop."""

from __future__ import annotations

from typing import Any, cast

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
)

from capture_desktop import __version__
from capture_desktop.services.session import Session
from capture_desktop.ui.errors import ErrorWindow
from capture_desktop.ui.launch import WIZARDS
from capture_desktop.ui.main_window import MainWindow
from tests.helpers.accessibility import unnamed_controls
from tests.helpers.qt import wait_until


@pytest.fixture
def window(session: Session) -> Any:
    window = MainWindow(session)
    window.show()
    yield window
    window.close()
    window.deleteLater()


async def test_first_run_shows_the_welcome_choices(window: MainWindow) -> None:
    assert window.root.currentWidget() is window.welcome
    assert not window.toolbar.isVisible()  # nothing to switch to yet
    assert unnamed_controls(window) == []
    wizard = window.welcome.connect_choice.button
    wizard.click()
    opened = [w for w in window._windows if w.objectName() == "ProfileWizard"]
    assert len(opened) == 1
    assert unnamed_controls(opened[0]) == []
    opened[0].close()


async def test_menus_shortcuts_and_about(window: MainWindow) -> None:
    menus = {a.text().replace("&", ""): cast(QMenu, a.menu()) for a in window.menuBar().actions()}
    assert list(menus) == ["File", "Tokens", "View", "Help"]
    file_items = [a.text() for a in menus["File"].actions() if a.text()]
    assert "New connection profile…" in file_items and "Quit" in file_items
    assert "Preferences…" in file_items
    assert window.act_new_profile.shortcut().toString() == "Ctrl+N"
    assert window.act_quit.shortcut().toString() == "Ctrl+Q"
    token_items = [a.text() for a in menus["Tokens"].actions()]
    assert token_items == [spec[0] for spec in WIZARDS.values()]
    about = window.show_about()
    assert __version__ in about.text.text()  # type: ignore[attr-defined]
    assert unnamed_controls(about) == []
    prefs = window.show_preferences()
    assert unnamed_controls(prefs) == []
    about.close()
    prefs.close()


async def test_workspace_wizard_launch_points(sandbox_session: Session) -> None:
    window = MainWindow(sandbox_session)
    window.show()
    try:
        assert window.root.currentWidget() is window.workspace
        assert window.toolbar.isVisible()
        assert window.banner.environment.text().startswith("SANDBOX")
        assert unnamed_controls(window) == []
        for key in WIZARDS:
            opened = window.start_wizard(key)
            assert opened is not None, key
            assert opened.isVisible() and not opened.isModal()
            assert QApplication.activeModalWidget() is None
            # Let the wizard's opening requests (type lists, on the session's runner) finish
            # before closing it: cancelling an httpx call mid-connect leaks its socket.
            await wait_until(lambda: not sandbox_session.runner.pending())
            closing = getattr(opened, "aclose", None)
            if closing is not None:
                await closing()  # the wizards' own shutdown (tasks, receivers, timers)
            else:
                opened.close()
        window.show_page(2)
        assert window.pages.currentWidget() is window.console_view
    finally:
        window.close()
        window.deleteLater()
    await wait_until(lambda: not sandbox_session.runner.pending())


async def test_a_failing_task_is_shown_without_a_modal_loop(window: MainWindow) -> None:
    async def fails() -> None:
        raise RuntimeError("disk on fire")

    window.session.runner.run(fails(), name="doomed")
    await wait_until(lambda: bool(window.findChildren(ErrorWindow)))
    shown = window.findChildren(ErrorWindow)[0]
    assert shown.isVisible() and not shown.isModal()
    assert ("Error", "RuntimeError: disk on fire") in shown.info.details
    shown.close()
