"""Copied tokens leave the clipboard after the delay, unless the user copied something else."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from capture_desktop.ui.clipboard import ClipboardGuard
from tests.helpers.qt import wait_signal


async def test_clipboard_is_cleared_when_it_still_holds_the_token(qapp: object) -> None:
    guard = ClipboardGuard()
    guard.copy("secret-token-value", seconds=0.05)
    assert QGuiApplication.clipboard().text() == "secret-token-value"
    (cleared,) = await wait_signal(guard.cleared)
    assert cleared is True
    assert QGuiApplication.clipboard().text() == ""


async def test_clipboard_is_left_alone_when_the_user_copied_something_else(qapp: object) -> None:
    guard = ClipboardGuard()
    guard.copy("secret-token-value", seconds=0.05)
    QGuiApplication.clipboard().setText("my own text")
    (cleared,) = await wait_signal(guard.cleared)
    assert cleared is False
    assert QGuiApplication.clipboard().text() == "my own text"
