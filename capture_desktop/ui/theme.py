"""Colours with a meaning (environments, token states), OS light/dark detection, and the
contrast rules every text colour meets (WCAG 2.2 AA: 4.5:1, 3:1 for large text).

The app uses the platform style and palette, so it follows the OS scheme. Fills carry white
text (at least 4.5:1 on each); coloured text on the window comes from ``text_colour``, which
has a light-scheme and a dark-scheme shade; ``accessible_palette`` raises the palette roles
that platforms ship too faint (placeholder text, white on the selection).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

AA_TEXT = 4.5
AA_LARGE_TEXT = 3.0

# Environment banner fills: distinct hues, white text readable on each.
ENVIRONMENT_COLOURS = {
    "sandbox": "#2e7d32",  # green: safe to break
    "development": "#1565c0",  # blue
    "production": "#bf360c",  # deep orange: real customer data
}
INSECURE_COLOUR = "#c62828"
NEUTRAL_FILL = "#666666"  # an environment or state without a colour of its own

# Token states as reported by the TokenKeeper.
STATE_COLOURS = {
    "valid": "#2e7d32",
    "expiring": "#8a5a00",
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

    Read from the palette, which follows the OS scheme (the style hints' colour scheme needs
    the ``Qt`` namespace, whose enums cost ~12 ms to create on first use).
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


# Coloured text on the window or a view: (light-scheme shade, dark-scheme shade).
TEXT_COLOURS = {
    "error": ("#c62828", "#ff8a80"),
    "warning": ("#8a5a00", "#ffcc80"),
    "ok": ("#1b5e20", "#a5d6a7"),
    "info": ("#1565c0", "#90caf9"),
    "muted": ("#595959", "#b3b3b3"),
}


def text_colour(kind: str, palette: QPalette | None = None) -> str:
    """The shade of a meaningful text colour that reads on the current (or given) palette."""
    light, dark = TEXT_COLOURS[kind]
    if palette is None:
        return dark if is_dark() else light
    return dark if palette.color(QPalette.ColorRole.Window).lightness() < 128 else light


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def composite(fg: QColor, bg: QColor) -> QColor:
    """``fg`` painted over an opaque ``bg`` (placeholder colours are often translucent)."""
    alpha = fg.alphaF()
    return QColor.fromRgbF(
        fg.redF() * alpha + bg.redF() * (1 - alpha),
        fg.greenF() * alpha + bg.greenF() * (1 - alpha),
        fg.blueF() * alpha + bg.blueF() * (1 - alpha),
    )


def contrast_ratio(fg: QColor | str, bg: QColor | str) -> float:
    """WCAG contrast ratio of text ``fg`` on ``bg`` (1 to 21)."""
    back = QColor(bg)
    front = composite(QColor(fg), back)
    high, low = sorted((_luminance(front), _luminance(back)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(fg: QColor, bg: QColor, minimum: float = AA_TEXT) -> QColor:
    """``fg``, or the nearest shade of it towards black or white that reaches ``minimum``
    on ``bg`` (towards whichever end contrasts more with ``bg``)."""
    back = QColor(bg)
    start = composite(QColor(fg), back)
    if contrast_ratio(start, back) >= minimum:
        return QColor(fg)
    end = QColor("#000000") if _luminance(back) > 0.18 else QColor("#ffffff")
    for step in range(1, 21):
        t = step / 20
        mixed = QColor.fromRgbF(
            start.redF() + (end.redF() - start.redF()) * t,
            start.greenF() + (end.greenF() - start.greenF()) * t,
            start.blueF() + (end.blueF() - start.blueF()) * t,
        )
        if contrast_ratio(mixed, back) >= minimum:
            return mixed
    return end


# (text role, background role) pairs that carry text; checked by tests/ui/test_contrast.py.
R = QPalette.ColorRole
TEXT_PAIRS = (
    (R.WindowText, R.Window),
    (R.Text, R.Base),
    (R.Text, R.AlternateBase),
    (R.ButtonText, R.Button),
    (R.PlaceholderText, R.Base),
    (R.PlaceholderText, R.Window),  # hints use the placeholder colour on the window
    (R.HighlightedText, R.Highlight),
    (R.ToolTipText, R.ToolTipBase),
    (R.Link, R.Base),
    (R.Link, R.Window),
)
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def accessible_palette(palette: QPalette) -> QPalette:
    """A copy of ``palette`` whose text roles all reach 4.5:1 on their backgrounds.

    The selection keeps its white (or light) text and gets a deeper fill; every other role
    moves its text colour. Disabled text is exempt (WCAG 1.4.3) and left as the style has it.
    """
    fixed = QPalette(palette)
    for group in _GROUPS:
        highlight = fixed.color(group, R.Highlight)
        on_highlight = fixed.color(group, R.HighlightedText)
        fixed.setColor(group, R.Highlight, readable(highlight, on_highlight))
        for text_role, back_role in TEXT_PAIRS:
            if text_role == R.HighlightedText:
                continue
            back = fixed.color(group, back_role)
            fixed.setColor(group, text_role, readable(fixed.color(group, text_role), back))
    return fixed


def install_accessible_palette(app: QGuiApplication) -> None:
    """Apply ``accessible_palette`` now and again whenever the OS switches light/dark."""

    def apply(*_args: object) -> None:
        app.setPalette(accessible_palette(app.palette()))

    apply()
    app.styleHints().colorSchemeChanged.connect(apply)
