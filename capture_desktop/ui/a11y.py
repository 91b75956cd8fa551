"""Keyboard and screen-reader helpers shared by the views.

``keyboard_table`` makes a table keyboard-friendly: Tab leaves it (arrows move within) and
Enter acts on the current row, as a double-click does. ``announce`` has a screen reader say a
status, a result or an error (WCAG 4.1.3); ``StatusLabel`` announces its own text changes.

Labels keep their visible text as their accessible name (Qt's default, which also raises the
name-changed event on ``setText``); extra context goes in the accessible description.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QAccessibleInterface

# QAccessible and its enums load when first used, not at start-up (nothing is announced
# before the window shows).

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


def plain(text: str) -> str:
    """What a label's (possibly rich) text says, without markup."""
    if "<" not in text:
        return text
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(text).toPlainText()


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have assistive technology speak ``text`` now, on behalf of ``widget``.

    Polite waits for the screen reader to finish what it is saying; assertive (errors)
    interrupts. On AT-SPI this is the ``Announcement`` signal, which Orca speaks.
    """
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    said = plain(text).strip()
    if not said or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(widget, said)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


class StatusLabel(QLabel):
    """A status line whose changes are announced while its window is shown.

    ``assertive`` is for lines that only ever carry errors.
    """

    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, assertive: bool = False
    ) -> None:
        super().__init__(text, parent)
        self._assertive = assertive

    def setText(self, text: str) -> None:
        changed = text != self.text()
        super().setText(text)
        # An empty status line has nothing to read or select: keep it out of focus, where a
        # reader would find a nameless stop.
        selectable = self.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
        policy = Qt.FocusPolicy.ClickFocus if text and selectable else Qt.FocusPolicy.NoFocus
        self.setFocusPolicy(policy)
        if changed and self.window().isVisible():
            announce(self, text, assertive=self._assertive)


DIALOG_PROPERTY = "captureDesktopDialogRole"
_factory: list[object] = []  # the installed factory, once


def _dialog_factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    if not (isinstance(obj, QWidget) and obj.isWindow() and obj.property(DIALOG_PROPERTY)):
        return None
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAccessibleWidget

    iface = QAccessibleWidget(obj, QAccessible.Role.Dialog)
    # Qt's accessibility cache owns the interface and deletes it with the widget; the
    # reference on the widget only keeps Python from collecting it first.
    obj._a11y_interface = iface  # type: ignore[attr-defined]
    return iface


def report_as_dialog(window: QWidget) -> None:
    """Expose a top-level plain ``QWidget`` window (a wizard) with the role "dialog" instead
    of Qt's default for a widget, "filler", which screen readers do not treat as a window.
    Call before the window is first shown."""
    window.setProperty(DIALOG_PROPERTY, True)
    if not _factory:
        from PySide6.QtGui import QAccessible

        QAccessible.installFactory(_dialog_factory)
        _factory.append(_dialog_factory)


def _read_only(widget: QWidget) -> bool:
    is_read_only = getattr(widget, "isReadOnly", None)
    return bool(is_read_only()) if callable(is_read_only) else False


def _tab_stops(page: QWidget) -> list[QWidget]:
    """The page's own Tab stops in their current focus-chain (creation) order, skipping the
    parts of compound widgets (an editable combo box's line edit)."""
    stops: list[QWidget] = []
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page and page.isAncestorOf(widget):
        parent = widget.parentWidget()
        compound = parent is not None and parent is not page and parent in stops
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
            and not compound
            and widget.isVisibleTo(page)
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def order_step_focus(page: QWidget, trailing: Sequence[QWidget]) -> QWidget | None:
    """Tab order for one wizard step, and where the keyboard starts (WCAG 2.4.3).

    The step's fields and actions come first, in the order they were built (top to
    bottom), then its read-only panes (request preview, response), then ``trailing`` (the
    footer's buttons). Focus goes to the first enabled field or action; returns it.
    """
    stops = _tab_stops(page)
    active = [w for w in stops if not _read_only(w)]
    chain = [*active, *(w for w in stops if _read_only(w)), *trailing]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
    start = next((w for w in active if w.isEnabled()), None)
    if start is None:
        start = next((w for w in trailing if w.isEnabled() and w.isVisibleTo(w.window())), None)
    if start is not None:
        start.setFocus(Qt.FocusReason.TabFocusReason)
    return start
