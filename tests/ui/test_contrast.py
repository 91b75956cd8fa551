"""Contrast of every text role in the light and the dark palette (WCAG 1.4.3: 4.5:1, or 3:1
for large text), and colour never the only signal (1.4.1): the countdown says "soon".

The light palette is Fusion's standard one (what a desktop without a theme gets), the dark
one a typical dark desktop theme's; both pass through ``accessible_palette`` as the app does.
Labels are checked as drawn: their style-sheet colour and every inline ``color:`` span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from capture_desktop.ui import theme
from capture_desktop.ui.theme import AA_TEXT, TEXT_PAIRS, accessible_palette, contrast_ratio
from tests.helpers.palettes import PALETTES

R = QPalette.ColorRole


@pytest.fixture(params=sorted(PALETTES))
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    """The app's palette set to the light or the dark one, made accessible as app.py does."""
    previous = qapp.palette()
    fixed = accessible_palette(PALETTES[request.param]())
    qapp.setPalette(fixed)
    try:
        yield fixed
    finally:
        qapp.setPalette(previous)


def test_palette_text_roles(palette: QPalette) -> None:
    low = [
        f"{fg.name}/{bg.name}: {contrast_ratio(palette.color(g, fg), palette.color(g, bg)):.2f}"
        for g in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
        for fg, bg in TEXT_PAIRS
        if contrast_ratio(palette.color(g, fg), palette.color(g, bg)) < AA_TEXT
    ]
    assert not low, low


def test_the_platform_palette_too(qapp: QApplication) -> None:
    fixed = accessible_palette(qapp.palette())
    for fg, bg in TEXT_PAIRS:
        assert contrast_ratio(fixed.color(fg), fixed.color(bg)) >= AA_TEXT, (fg.name, bg.name)


@pytest.mark.parametrize(
    "fill",
    [
        *theme.ENVIRONMENT_COLOURS.values(),
        *theme.STATE_COLOURS.values(),
        theme.INSECURE_COLOUR,
        theme.NEUTRAL_FILL,
    ],
)
def test_white_text_on_every_pill(fill: str) -> None:
    """Environment badges (Production…), token-state pills (expiring…), warnings."""
    assert contrast_ratio("#ffffff", fill) >= AA_TEXT


@pytest.mark.parametrize("kind", sorted(theme.TEXT_COLOURS))
def test_meaningful_text_colours(palette: QPalette, kind: str) -> None:
    colour = theme.text_colour(kind, palette)
    for back in (R.Window, R.Base):
        assert contrast_ratio(colour, palette.color(back)) >= AA_TEXT, (kind, back.name)


# -- labels as drawn ----------------------------------------------------------------------------
_COLOUR = re.compile(r"color:\s*(#[0-9a-fA-F]{3,8}|palette\(([a-z-]+)\)|[a-z]+)\s*[;'\"]")
_ROLES = {
    "placeholder-text": R.PlaceholderText,
    "highlight": R.Highlight,
    "mid": R.Mid,
    "window-text": R.WindowText,
    "text": R.Text,
    "dark": R.Dark,
    "link": R.Link,
}


def low_contrast_labels(root: QWidget) -> list[str]:
    """Every label under ``root`` whose text (or a coloured span in it) is below 4.5:1."""
    found = []
    labels = [root] if isinstance(root, QLabel) else []
    for label in labels + root.findChildren(QLabel):
        if "background" in label.styleSheet() or not label.text():
            continue  # pills: their fills are checked above
        label.ensurePolished()
        pal = label.palette()
        back = pal.color(label.backgroundRole())
        colours = [("text", pal.color(label.foregroundRole()))]
        for match in _COLOUR.finditer(label.text()):
            role = match.group(2)
            colour = pal.color(_ROLES[role]) if role else QColor(match.group(1))
            colours.append((match.group(0), colour))
        for what, colour in colours:
            ratio = contrast_ratio(colour, back)
            if ratio < AA_TEXT:
                found.append(f"{label.text()[:60]!r} {what}: {ratio:.2f}")
    return found


def _countdown(seconds: float) -> QLabel:
    from capture_desktop.ui.wizards.widgets import CountdownLabel

    label = CountdownLabel("Code expires")
    now = datetime.now(UTC)
    label.start(now + timedelta(seconds=seconds), clock=lambda: now)
    label.stop()
    return label


def _widgets() -> dict[str, Any]:
    from capture_desktop.editing.diff import Change
    from capture_desktop.ui.records.diff_dialog import DiffDialog
    from capture_desktop.ui.records.filter_builder import FilterBar
    from capture_desktop.ui.wizards.widgets import hint, ok_text

    return {
        "wizard hint": lambda: hint("Give the profile a name."),
        "records hint": FilterBar,
        "countdown": lambda: _countdown(40),
        "countdown soon": lambda: _countdown(5),
        "countdown expired": lambda: _countdown(-1),
        "ok text": lambda: QLabel(ok_text("Saved")),
        "review dialog": lambda: DiffDialog(
            [Change("statuses#1", "removed", {"status": "x"}, None)], environment="production"
        ),
    }


WIDGETS = (
    "wizard hint",
    "records hint",
    "countdown",
    "countdown soon",
    "countdown expired",
    "ok text",
    "review dialog",
)


@pytest.mark.parametrize("name", WIDGETS)
def test_labels_as_drawn(palette: QPalette, qtbot: Any, name: str) -> None:
    widget = _widgets()[name]()
    qtbot.addWidget(widget)
    assert low_contrast_labels(widget) == []


def test_profile_wizard_hints(palette: QPalette, qtbot: Any) -> None:
    from capture_desktop.services.session import Session
    from capture_desktop.ui.profile_wizard import ProfileWizard

    wizard = ProfileWizard(Session())
    qtbot.addWidget(wizard)
    assert low_contrast_labels(wizard) == []


@pytest.mark.parametrize(
    ("seconds", "words"), [(40, "in 0:40"), (9, "0:09 — soon"), (-1, "expired")]
)
def test_countdown_says_soon_under_ten_seconds(qtbot: Any, seconds: int, words: str) -> None:
    label = _countdown(seconds)
    qtbot.addWidget(label)
    said = re.sub(r"<[^>]+>", "", label.text())
    assert words in said
    assert ("soon" in said) == (0 < seconds < 10)


def test_record_tree_colours(palette: QPalette, qtbot: Any) -> None:
    """Read-only (system) values and edited values in the record tree, on the view."""
    from capture_desktop.editing.schema import infer_schema
    from capture_desktop.ui.records.record_tree import COL_VALUE, RecordTree

    record = {"givenName": "Alice", "middleName": None, "statuses": [{"id": 7, "status": "x"}]}
    tree = RecordTree()
    qtbot.addWidget(tree)
    tree.set_record(record, infer_schema("user", record), read_only=False)
    given = tree.topLevelItem(0)
    given.setText(COL_VALUE, "Alicia")  # marked as edited
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    items += [c for i in items for c in (i.child(j) for j in range(i.childCount()))]
    items += [c for i in items for c in (i.child(j) for j in range(i.childCount()))]
    back = palette.color(R.Base)
    low = [
        (item.text(0), col, item.foreground(col).color().name())
        for item in items
        for col in range(3)
        if item.foreground(col).style() != Qt.BrushStyle.NoBrush
        and contrast_ratio(item.foreground(col).color(), back) < AA_TEXT
    ]
    assert low == []
