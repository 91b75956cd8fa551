"""``busy(...)``: the one busy state of every action: controls disabled, a wait cursor, and
optionally the first button relabelled, for the length of an awaited call.

Used as ``with busy(button, status=label, text="Testing…"):`` around an ``await``. The
controls, their labels, the status text and its visibility and the cursor are restored in
``finally``, even when the call fails or the task is cancelled, so a failed request never
leaves a dead button behind. A focused control gets the keyboard back when it comes back
(disabling it made Qt move focus to the next field), unless the user moved it meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget


@contextmanager
def busy(
    *widgets: QWidget,
    status: QLabel | None = None,
    text: str = "Working…",
    relabel: bool = False,
) -> Iterator[None]:
    """Disable ``widgets``; show ``text`` in ``status`` (and on the first widget if
    ``relabel``, which must then be a button) until the block ends."""
    previous = [(w, w.isEnabled()) for w in widgets]
    button = widgets[0] if relabel and widgets else None
    if button is not None and not isinstance(button, QAbstractButton):
        raise TypeError("relabel=True needs a button as the first widget")
    old_label = button.text() if button is not None else ""
    old_text = status.text() if status is not None else ""
    was_hidden = status.isHidden() if status is not None else False
    focused = next((w for w in widgets if w.hasFocus()), None)
    for widget in widgets:
        widget.setEnabled(False)
    # Disabling the focused control makes Qt move the focus on; remember where it landed.
    pushed_to = QApplication.focusWidget() if focused is not None else None
    if button is not None:
        button.setText(text)
        button.setProperty("busy", True)
    if status is not None:
        status.setText(text)
        status.show()
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
        # A widget may be gone if its window closed while we waited.
        for widget, enabled in previous:
            with suppress(RuntimeError):
                widget.setEnabled(enabled)
        if focused is not None:
            with suppress(RuntimeError):
                # Give the keyboard back unless the user has moved it since.
                if focused.isEnabled() and QApplication.focusWidget() is pushed_to:
                    focused.setFocus(Qt.FocusReason.OtherFocusReason)
        if button is not None:
            with suppress(RuntimeError):
                button.setText(old_label)
                button.setProperty("busy", False)
        if status is not None:
            with suppress(RuntimeError):
                if status.text() == text:
                    status.setText(old_text)
                if was_hidden:
                    status.hide()
