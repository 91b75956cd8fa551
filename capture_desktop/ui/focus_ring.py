"""A focus indicator every widget shares (WCAG 2.4.7 and 1.4.11).

Platform styles draw focus differently and often faintly: nothing on a read-only text pane
or a focused default button, a dotted line on a blue selection, 1.7:1 on tabs and cells. The
ring is one overlay drawn over the edge of whichever widget holds the keyboard, in a colour
with at least 3:1 against the window and the widget's own background. ``install`` once.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

from capture_desktop.ui.theme import readable

RING_WIDTH = 2
NON_TEXT_CONTRAST = 3.0


def ring_colour(palette: QPalette) -> QColor:
    """The palette's highlight, deepened or lightened until it stands out (3:1) against the
    window and the view background."""
    colour = QColor(palette.color(QPalette.ColorRole.Highlight))
    for back in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        colour = readable(colour, palette.color(back), NON_TEXT_CONTRAST)
    return colour


class FocusRing(QWidget):
    """The overlay: a child of the focused widget's parent, drawn over the widget's edge."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setObjectName("qt_focus_ring")  # Qt-internal by name: a11y checks skip it
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.hide()

    def follow(self, widget: QWidget | None) -> None:
        if self.target is not None:
            with contextlib.suppress(RuntimeError):  # the old target is already deleted
                self.target.removeEventFilter(self)
        self.target = widget
        parent = widget.parentWidget() if widget is not None else None
        if widget is None or parent is None or not widget.isVisible():
            self.hide()
            return
        if self.parentWidget() is not parent:
            self.setParent(parent)
        widget.installEventFilter(self)
        self._place()

    def _place(self) -> None:
        if self.target is None:
            return
        self.setGeometry(QRect(self.target.geometry()))
        self.raise_()
        self.show()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.target:
            if kind in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show):
                self._place()
            elif kind == QEvent.Type.Hide:
                self.hide()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(ring_colour(self.palette()), RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        # A 2 px pen centred on a path 1 px in covers the outermost 2 px of the widget.
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()


class _Tracker(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring = FocusRing()
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is self.ring:
            return
        try:
            self.ring.follow(new)
        except RuntimeError:  # the ring's parent was deleted with its window: start afresh
            self.ring = FocusRing()
            self.ring.follow(new)


def install(app: QApplication) -> FocusRing:
    """Draw the ring around the focused widget from now on; returns the ring."""
    tracker = app.findChild(_Tracker)
    if tracker is None:
        tracker = _Tracker(app)
        tracker._focus_changed(None, app.focusWidget())  # installed after the first paint
    return tracker.ring


def uninstall(app: QApplication) -> None:
    """Stop drawing the ring (tests)."""
    tracker = app.findChild(_Tracker)
    if tracker is not None:
        app.focusChanged.disconnect(tracker._focus_changed)
        with contextlib.suppress(RuntimeError):
            tracker.ring.follow(None)
            tracker.ring.setParent(None)
            tracker.ring.deleteLater()
        tracker.setParent(None)
        tracker.deleteLater()
