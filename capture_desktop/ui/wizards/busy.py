"""The busy state every wizard action shows: button disabled and relabelled, restored in finally.

Used around an ``await`` in a coroutine (``with busy(button, "Requesting…"):``). The
previous text and enabled state are restored even when the action fails or is cancelled,
so a failed request never leaves a dead button behind; a focused button gets the keyboard
back (disabling it made Qt move focus to the next field) unless the user moved it meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget


@contextmanager
def busy(
    button: QAbstractButton,
    text: str = "Working…",
    *,
    also_disable: Sequence[QWidget] = (),
    status: QLabel | None = None,
) -> Iterator[None]:
    """Disable ``button`` (and ``also_disable``), show ``text`` on it until the block ends."""
    old_text = button.text()
    states = [(w, w.isEnabled()) for w in (button, *also_disable)]
    had_focus = button.hasFocus()
    button.setText(text)
    for widget, _ in states:
        widget.setEnabled(False)
    # Disabling the focused button makes Qt move the focus on; remember where it landed.
    pushed_to = QApplication.focusWidget() if had_focus else None
    button.setProperty("busy", True)
    if status is not None:
        status.setText(text)
        status.show()
    try:
        yield
    finally:
        # The widget may already be gone if the wizard was closed mid-request.
        try:
            button.setText(old_text)
            button.setProperty("busy", False)
            for widget, enabled in states:
                widget.setEnabled(enabled)
            # Give the keyboard back unless the user has moved it since.
            if had_focus and button.isEnabled() and QApplication.focusWidget() is pushed_to:
                button.setFocus(Qt.FocusReason.OtherFocusReason)
            if status is not None:
                status.hide()
        except RuntimeError:
            pass
