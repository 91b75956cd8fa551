"""Records results: columns are sized to what they show, within limits, so the uuid and the
email are readable and no column takes the rest of the width."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.helpers.qt import wait_until
from tests.ui.records.editing import open_view
from tests.ui.records.fakes import FakeSession


async def test_columns_fit_their_content_within_limits(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    view = await open_view(qtbot, make_session("owner"), home)
    view.resize(1130, 700)  # the Records page inside a 1280-wide window
    browser = view.browser
    browser.search()
    await wait_until(lambda: not browser.model.loading and bool(browser.model.rows))
    table = browser.table
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    columns = browser.model.columns
    for name in ("uuid", "email"):
        column = columns.index(name)
        widest = max(metrics.horizontalAdvance(str(r.get(name, ""))) for r in browser.model.rows)
        assert header.sectionSize(column) >= widest, (name, header.sectionSize(column), widest)
    for column in range(len(columns)):
        assert header.sectionSize(column) <= 360, (columns[column], header.sectionSize(column))
