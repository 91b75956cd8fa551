"""Keyboard and screen-reader helpers shared by the views.

``keyboard_table`` makes a table keyboard-friendly: Tab leaves it (arrows move within) and
Enter acts on the current row, as a double-click does. ``announce`` tells assistive
technology that a status text changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView

ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})


class _EnterActivates(QObject):
    """Enter (not while editing a cell) calls ``activate(current index)`` and is consumed,
    so it does not also press a dialog's default button."""

    def __init__(self, view: QAbstractItemView, activate: Callable[[QModelIndex], object]):
        super().__init__(view)
        self._view = view
        self._activate = activate

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and self._view.state() != QAbstractItemView.State.EditingState
        ):
            index = self._view.currentIndex()
            if index.isValid():
                self._activate(index)
                return True
        return False


def keyboard_table(
    view: QAbstractItemView, activate: Callable[[QModelIndex], object] | None = None
) -> None:
    """Tab and Shift+Tab move to the next and previous widget instead of walking the cells
    (WCAG 2.1.2, no keyboard trap); arrows still move within. With ``activate``, Enter on a
    row calls it with the current index."""
    view.setTabKeyNavigation(False)
    if activate is not None:
        view.installEventFilter(_EnterActivates(view, activate))
