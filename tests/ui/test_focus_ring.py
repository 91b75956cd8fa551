"""Focus is visible on every kind of widget (WCAG 2.4.7): a read-only pane, a radio button,
the navigation list on its selection, a table, tabs, and a focused default button, which
must look different from an unfocused one. Checked on the rendered pixels, in the light and
the dark palette, at 3:1 against what surrounds the ring (WCAG 1.4.11)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPalette, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.ui import focus_ring
from capture_desktop.ui.theme import accessible_palette, contrast_ratio
from tests.helpers.palettes import PALETTES


@pytest.fixture(params=sorted(PALETTES))
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    previous = qapp.palette()
    fixed = accessible_palette(PALETTES[request.param]())
    qapp.setPalette(fixed)
    focus_ring.install(qapp)
    try:
        yield fixed
    finally:
        focus_ring.uninstall(qapp)
        qapp.setPalette(previous)


def _widgets() -> dict[str, QWidget]:
    pane = QPlainTextEdit("GET /entity")
    pane.setReadOnly(True)
    nav = QListWidget()
    nav.addItems(["Tokens", "Records", "Console"])
    nav.setCurrentRow(1)
    table = QTableView()
    model = QStandardItemModel(3, 3, table)
    table.setModel(model)
    table.setCurrentIndex(model.index(0, 0))
    tabs = QTabBar()
    tabs.addTab("Browse")
    tabs.addTab("alice@example.com")
    default = QPushButton("Next ›")
    default.setDefault(True)
    return {
        "read-only pane": pane,
        "radio": QRadioButton("Any free port"),
        "navigation list": nav,
        "table": table,
        "tabs": tabs,
        "default button": default,
    }


def _shot(window: QWidget, widget: QWidget) -> QImage:
    QApplication.processEvents()
    return window.grab(widget.geometry().adjusted(-4, -4, 4, 4)).toImage()


@pytest.mark.parametrize(
    "name",
    ["read-only pane", "radio", "navigation list", "table", "tabs", "default button"],
)
def test_focus_is_visible(palette: QPalette, qtbot: Any, name: str) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    widgets = _widgets()
    decoy = QPushButton("elsewhere")
    layout.addWidget(decoy)
    for widget in widgets.values():
        layout.addWidget(widget)
    window.resize(420, 600)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget = widgets[name]
    decoy.setFocus()
    qtbot.waitUntil(decoy.hasFocus)
    unfocused = _shot(window, widget)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    focused = _shot(window, widget)
    assert focused != unfocused, f"{name}: focus changes nothing on screen"
    # The edge of the widget, where the ring is drawn, stands out from what surrounds it.
    ring = QColor(focused.pixel(4, focused.height() // 2))
    around = QColor(focused.pixel(1, focused.height() // 2))
    assert contrast_ratio(ring, around) >= 3.0, (name, ring.name(), around.name())
    inside = QColor(focused.pixel(8, focused.height() // 2))
    assert contrast_ratio(ring, palette.color(QPalette.ColorRole.Window)) >= 3.0
    assert ring != inside or contrast_ratio(ring, palette.color(QPalette.ColorRole.Base)) >= 3
