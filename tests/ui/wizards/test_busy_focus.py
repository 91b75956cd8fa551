"""A busy action keeps the keyboard where the user left it (WCAG 2.4.3): disabling the
focused button while a request runs moves Qt's focus to the next widget (in the code step,
"Paste redirect URL"); when the button comes back, so does the focus, unless the user moved
it meanwhile."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from capture_desktop.ui.busy import busy


def _step(qtbot: Any) -> tuple[QWidget, QPushButton, QLineEdit, QLineEdit]:
    window = QWidget()
    qtbot.addWidget(window)
    request = QPushButton("Request code")
    paste = QLineEdit()
    other = QLineEdit()
    layout = QVBoxLayout(window)
    for widget in (request, paste, other):
        layout.addWidget(widget)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    request.setFocus()
    qtbot.waitUntil(request.hasFocus)
    return window, request, paste, other


def test_focus_returns_to_the_button(qtbot: Any) -> None:
    _window, request, paste, _other = _step(qtbot)
    with busy(request, text="Requesting…", relabel=True):
        assert paste.hasFocus()  # Qt moved it off the disabled button
    assert request.hasFocus()


def test_a_move_by_the_user_is_kept(qtbot: Any) -> None:
    _window, request, _paste, other = _step(qtbot)
    with busy(request, text="Requesting…", relabel=True):
        other.setFocus()
    assert other.hasFocus()
