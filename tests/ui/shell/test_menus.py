"""The audit log viewer and the backups folder are reachable from the menus."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from capture_desktop.ui import main_window as main_window_module
from capture_desktop.ui.audit_view import AuditLogView
from capture_desktop.ui.main_window import MainWindow


@pytest.fixture
def window_size() -> None:
    return None  # the window's own default size


def _menu_action(window: MainWindow, menu_title: str, text: str) -> QAction:
    menu = next(
        cast(QMenu, a.menu())
        for a in window.menuBar().actions()
        if a.text().replace("&", "") == menu_title
    )
    return next(a for a in menu.actions() if a.text() == text)


async def test_audit_log_from_the_view_menu(window: MainWindow) -> None:
    _menu_action(window, "View", "Audit log").trigger()
    views = [w for w in window._windows if isinstance(w, AuditLogView)]
    assert len(views) == 1 and views[0].isVisible()
    _menu_action(window, "View", "Audit log").trigger()
    assert len([w for w in window._windows if isinstance(w, AuditLogView)]) == 1
    views[0].close()


async def test_backups_folder_from_the_file_menu(
    window: MainWindow, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(main_window_module, "open_folder", opened.append)
    _menu_action(window, "File", "Open backups folder").trigger()
    assert len(opened) == 1 and opened[0].name == "backups"
    assert str(app_home) in str(opened[0])
