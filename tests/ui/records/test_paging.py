"""Lazy results: keyset paging across pages, the total count, and sort (254 records)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from capture_desktop.sandbox.config import SandboxConfig
from tests.helpers.qt import wait_until
from tests.ui.records.editing import open_view, search
from tests.ui.records.fakes import FakeSession


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    # 250 generated users plus the 4 demo users: three pages of 100.
    return SandboxConfig(data_dir=tmp_path / "sandbox", seed_users=250)


async def test_lazy_keyset_paging_across_pages(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    session = make_session("owner")
    view = await open_view(qtbot, session, home, height=700)
    model = view.browser.model
    await search(view)
    assert len(model.rows) == 100
    assert model.total == 254
    assert view.browser.summary.text() == "Showing 1–100 of 254"
    assert model.canFetchMore()
    # Scrolling to the bottom is what makes the view call fetchMore.
    view.browser.table.scrollToBottom()
    await wait_until(lambda: len(model.rows) == 200 and not model.loading)
    model.fetchMore()
    await wait_until(lambda: not model.loading)
    assert len(model.rows) == 254
    assert not model.canFetchMore()
    ids = [r["id"] for r in model.rows]
    assert ids == sorted(set(ids)), "keyset pages neither skip nor repeat"
    assert view.browser.summary.text() == "Showing 1–254 of 254"


async def test_sort_descending_and_by_other_column(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    view = await open_view(qtbot, make_session("owner"), home, height=700)
    model = view.browser.model
    await search(view)
    model.sort(model.columns.index("id"), Qt.SortOrder.DescendingOrder)
    await wait_until(lambda: not model.loading)
    model.fetchMore()
    await wait_until(lambda: not model.loading)
    ids = [r["id"] for r in model.rows]
    assert len(ids) == 200 and ids == sorted(ids, reverse=True)
    model.sort(model.columns.index("email"))
    await wait_until(lambda: not model.loading)
    model.fetchMore()
    await wait_until(lambda: not model.loading)
    emails = [r["email"] for r in model.rows]
    assert len(emails) == 200 and len(set(r["id"] for r in model.rows)) == 200
    assert emails == sorted(emails)


async def test_export_button_exports_the_whole_search(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path, tmp_path: Path
) -> None:
    from capture_desktop.ui.records.export import ExportDialog
    from tests.helpers.qt import wait_signal

    session = make_session("owner")
    view = await open_view(qtbot, session, home, height=700)
    view.browser.filter_bar.add_condition().set_condition("id", ">", "10")
    await search(view)
    total = view.browser.model.total
    assert len(view.browser.model.rows) == 100 and total is not None and 100 < total < 254
    assert view.browser.export_button.isEnabled()
    dialog = view.browser.open_export()
    assert isinstance(dialog, ExportDialog)
    target = tmp_path / "out.csv"
    dialog.path_edit.setText(str(target))
    dialog.csv_radio.setChecked(True)
    done = wait_signal(dialog.finished_export, timeout=30)
    dialog.start()
    _path, count = await done
    assert count == total, "every page, not only the 100 rows loaded"
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == total + 1  # header line
    await wait_until(lambda: not session.runner.pending())
    dialog.close()


async def test_pages_carry_only_the_shown_columns(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    view = await open_view(qtbot, make_session("owner"), home, height=700)
    model = view.browser.model
    await search(view)
    assert set(model.rows[0]) == {"id", "uuid", "email", "displayName", "lastUpdated"}
    action = next(a for a in view.browser.columns_menu.actions() if a.text() == "givenName")
    action.setChecked(True)
    await wait_until(lambda: not model.loading and bool(model.rows))
    assert model.columns[-1] == "givenName"
    assert "givenName" in model.rows[0] and model.rows[0]["givenName"]
