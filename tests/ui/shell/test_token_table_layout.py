"""The token table at the default window size (1280×800): every column visible without a
horizontal scrollbar, long labels elided in the middle with the full text as a tooltip, and
the detail panel's label wrapping instead of widening the panel."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from capture_desktop.services.session import Session
from capture_desktop.ui.main_window import MainWindow
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot

LONG = "alice@example.com (browser sign-in) for the QA ticket about password resets"


@pytest.fixture(params=[None, (1280, 800)], ids=["default-size", "1280x800"])
def window_size(request: pytest.FixtureRequest) -> tuple[int, int] | None:
    """The shell's ``window`` (on the Tokens page, where it starts) at both sizes."""
    size: tuple[int, int] | None = request.param
    return size


async def test_every_column_shows(sandbox_session: Session, window: Any) -> None:
    await access_slot(sandbox_session, label=LONG)
    await access_slot(sandbox_session, label=LONG.replace("password resets", "email changes"))
    panel = window.token_panel
    assert window.pages.currentWidget() is panel  # the page the window starts on
    await wait_until(lambda: panel.model.rowCount() == 2)
    await wait_until(lambda: not sandbox_session.runner.pending())
    table = panel.table
    header = table.horizontalHeader()
    viewport = table.viewport().width()
    for column in range(panel.model.columnCount()):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= viewport, (column, right, viewport)
    assert table.horizontalScrollBar().maximum() == 0
    assert window.width() <= 1280

    # Two slots of the same user differ at the end: the middle is elided, not the end.
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    first = panel.model.index(0, 0)
    assert panel.model.data(first, Qt.ItemDataRole.ToolTipRole) in (
        LONG,
        LONG.replace("password resets", "email changes"),
    )
    panel.table.selectRow(0)
    assert panel.d_label.wordWrap()
    assert panel.details.width() < 500


async def _one_row(window: MainWindow) -> Any:
    """The Tokens page, once the slot just made is its one row."""
    panel = window.token_panel
    await wait_until(lambda: panel.model.rowCount() == 1)
    return panel


async def test_status_reads_as_a_pill_in_the_state_colour(
    sandbox_session: Session, window: Any
) -> None:
    from PySide6.QtGui import QColor

    from capture_desktop.ui.theme import STATE_COLOURS
    from capture_desktop.ui.token_model import COL_STATUS

    await access_slot(sandbox_session)
    panel = await _one_row(window)
    index = panel.model.index(0, COL_STATUS)
    assert panel.model.data(index) == "valid"
    panel.table.clearSelection()
    rect = panel.table.visualRect(index)
    image = panel.table.viewport().grab().toImage()
    # Inside the rounded pill (4 px inset, 6 px corners), left of the centred text.
    inside = image.pixelColor(rect.left() + 12, rect.center().y())
    assert inside.name() == QColor(STATE_COLOURS["valid"]).name()
    # The inset around the pill keeps the table's own background.
    assert image.pixelColor(rect.left() + 1, rect.top() + 1).name() != inside.name()


# Every hyphen followed by a digit: Unicode line breaking finds no place to wrap it.
UNBREAKABLE_UUID = "b7fae8cf-77e1-46d8-9ef4-5a3cfa6d6128"


async def test_the_record_uuid_shows_whole_and_can_be_copied(
    sandbox_session: Session, window: Any
) -> None:
    await access_slot(sandbox_session, shown_uuid=UNBREAKABLE_UUID)
    panel = await _one_row(window)
    panel.table.selectRow(0)
    field = panel.d_uuid
    assert field.text() == UNBREAKABLE_UUID
    assert field.isVisibleTo(panel) and field.isReadOnly()
    assert field.accessibleName() == "Record UUID"
    # Whole in the pane at this window size: the field is wider than the text it holds
    # (2 px of margin each side inside the frame), and the field is inside the pane.
    inner = field.contentsRect().width() - 4
    assert inner >= field.fontMetrics().horizontalAdvance(UNBREAKABLE_UUID), inner
    right = field.mapTo(panel.details, field.rect().topRight()).x()
    assert right <= panel.details.contentsRect().right()
    # Selecting it from the keyboard takes all of it.
    field.selectAll()
    assert field.selectedText() == UNBREAKABLE_UUID
    assert UNBREAKABLE_UUID not in panel.d_record.text()


async def test_a_creation_token_has_no_record_uuid_row(
    sandbox_session: Session, window: Any
) -> None:
    from tests.ui.shell.tokens import creation_slot

    await creation_slot(sandbox_session)
    panel = await _one_row(window)
    panel.table.selectRow(0)
    assert panel.d_record.text().startswith("creates new")
    assert not panel.d_uuid.isVisibleTo(panel)
