"""Record tabs close from the keyboard (item 6): Ctrl+W closes the current record tab, and
each tab's × is a button named "Close <tab>" that Tab and Shift+Tab reach."""

from __future__ import annotations

from typing import Any

import pytest

from tests.a11y.desktop import Desktop
from tests.a11y.driving import record_tabs, search_all

pytestmark = pytest.mark.a11y


def _open_a_record(app: Desktop) -> None:
    search_all(app)
    app.key("Down", "Return")
    app.wait_focus("an open record", lambda _n: bool(record_tabs(app)), timeout=20)


def test_ctrl_w_closes_the_record_tab(sandbox_app: Desktop) -> None:
    _open_a_record(sandbox_app)
    sandbox_app.key("ctrl+w")
    sandbox_app.wait_focus("the record tab to close", lambda _n: not record_tabs(sandbox_app))


def _close_focused(event: dict[str, Any]) -> bool:
    return (
        event["type"].startswith("object:state-changed:focused")
        and event["on"] == 1
        and event["role"] in ("push button", "button")
        and str(event["name"]).startswith("Close ")
    )


def test_the_tab_close_button_is_reached_and_named(sandbox_app: Desktop) -> None:
    _open_a_record(sandbox_app)
    heard = sandbox_app.listen()
    try:
        # The tab bar lists its tabs, not the × buttons, so the focus is heard, not walked to.
        for _ in range(20):
            sandbox_app.key("shift+Tab")
            if any(_close_focused(e) for e in list(heard.events)):
                break
        close = heard.wait("the record tab's close button to take focus", _close_focused)
    finally:
        heard.close()
    [tab] = record_tabs(sandbox_app)
    assert close["name"] == f"Close {tab.name}"
    sandbox_app.key("space")
    sandbox_app.wait_focus("the record tab to close", lambda _n: not record_tabs(sandbox_app))
