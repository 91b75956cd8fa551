"""The two palettes the contrast and focus-ring tests check: Fusion's standard light one (what
a desktop without a theme gets) and a typical dark desktop theme's."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyleFactory

R = QPalette.ColorRole

DARK = {
    R.Window: "#2b2b2b",
    R.WindowText: "#e6e6e6",
    R.Base: "#1e1e1e",
    R.AlternateBase: "#262626",
    R.Text: "#e6e6e6",
    R.Button: "#353535",
    R.ButtonText: "#e6e6e6",
    R.Highlight: "#2a82da",
    R.HighlightedText: "#ffffff",
    R.PlaceholderText: "#8a8a8a",
    R.ToolTipBase: "#353535",
    R.ToolTipText: "#e6e6e6",
    R.Link: "#2a82da",
}


def light() -> QPalette:
    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()


def dark() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    return palette


PALETTES = {"light": light, "dark": dark}
