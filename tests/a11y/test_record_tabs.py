"""Record tabs close from the keyboard (item 6): Ctrl+W closes the current record tab."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop
from tests.a11y.test_enter_keyboard import _record_tabs
from tests.a11y.test_tables_keyboard import search_all

pytestmark = pytest.mark.a11y


def _open_a_record(app: Desktop) -> None:
    search_all(app)
    app.key("Down", "Return")
    app.wait_focus("an open record", lambda _n: bool(_record_tabs(app)), timeout=20)


def test_ctrl_w_closes_the_record_tab(sandbox_app: Desktop) -> None:
    _open_a_record(sandbox_app)
    sandbox_app.key("ctrl+w")
    sandbox_app.wait_focus("the record tab to close", lambda _n: not _record_tabs(sandbox_app))
