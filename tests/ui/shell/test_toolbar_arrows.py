"""The dropdown arrows of the toolbar's Manage and More buttons sit beside their text,
vertically centred, not in the bottom corner below it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QToolButton

from capture_desktop.ui.main_window import MainWindow


@pytest.fixture
def window_size() -> tuple[int, int]:
    return (1280, 800)


def _dark_rows(button: QToolButton, columns: range) -> list[int]:
    image = button.grab().toImage()
    return [
        y
        for x in columns
        for y in range(image.height())
        if image.pixelColor(x, y).lightness() < 110
    ]


@pytest.mark.parametrize("text", ["Manage", "More"])
async def test_menu_arrow_is_centred_beside_the_text(window: MainWindow, text: str) -> None:
    assert window.toolbar is not None
    button = next(b for b in window.toolbar.findChildren(QToolButton) if b.text() == text)
    width = button.width()
    arrow = _dark_rows(button, range(width - 14, width))
    assert arrow, "no arrow drawn at the right edge"
    label = _dark_rows(button, range(2, width - 18))
    arrow_middle = (min(arrow) + max(arrow)) / 2
    label_middle = (min(label) + max(label)) / 2
    assert abs(arrow_middle - label_middle) <= 3, (arrow, label)
