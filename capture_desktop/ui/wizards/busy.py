"""The busy state every wizard action shows: button disabled and relabelled, restored in finally.

Used around an ``await`` in a coroutine (``with busy(button, "Requesting…"):``). The
previous text and enabled state are restored even when the action fails or is cancelled,
so a failed request never leaves a dead button behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


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
    button.setText(text)
    for widget, _ in states:
        widget.setEnabled(False)
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
            if status is not None:
                status.hide()
        except RuntimeError:
            pass
