"""Colours with a meaning (environments, token states) and OS light/dark detection.

The app uses the platform style and palette, so it follows the OS scheme; these colours are
chosen to read on both light and dark backgrounds (white text on saturated fills).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QPalette

# Environment banner fills: distinct hues, white text readable on each.
ENVIRONMENT_COLOURS = {
    "sandbox": "#2e7d32",  # green: safe to break
    "development": "#1565c0",  # blue
    "production": "#e65100",  # deep orange: real customer data
}
INSECURE_COLOUR = "#c62828"

# Token states as reported by the TokenKeeper.
STATE_COLOURS = {
    "valid": "#2e7d32",
    "expiring": "#b26a00",
    "refreshing": "#1565c0",
    "expired": "#c62828",
    "needs_sign_in": "#8e24aa",
    "unsaved": "#c62828",
    "revoked": "#616161",
}
STATE_LABELS = {
    "valid": "valid",
    "expiring": "expiring",
    "refreshing": "refreshing",
    "expired": "expired",
    "needs_sign_in": "needs sign-in",
    "unsaved": "NOT SAVED",
    "revoked": "revoked",
}


def is_dark() -> bool:
    """True when the OS (or the palette) uses a dark scheme.

    Read from the palette, which follows the OS scheme; this avoids touching the ``Qt``
    namespace, whose first use costs about 30 ms, before the first paint.
    """
    app = QGuiApplication.instance()
    if app is None:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def pill_style(colour: str) -> str:
    """A rounded, filled label style (used for the environment banner and states)."""
    return (
        f"background-color: {colour}; color: white; border-radius: 4px;"
        " padding: 2px 10px; font-weight: 600;"
    )
