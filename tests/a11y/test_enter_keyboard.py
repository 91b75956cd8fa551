"""Enter acts on a table row, as a double-click does (item 2 of the keyboard issue): a search
result opens its record, a token slot opens its record, a console call shows its detail."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop
from tests.a11y.driving import get_access_token, named, record_tabs, search_all, table_rows

pytestmark = pytest.mark.a11y


def test_enter_on_search_result_opens_it(sandbox_app: Desktop) -> None:
    search_all(sandbox_app)
    assert record_tabs(sandbox_app) == []
    sandbox_app.key("Down", "Return")
    tabs = sandbox_app.wait_focus(
        "an open record", lambda _n: bool(record_tabs(sandbox_app)), timeout=20
    )
    assert tabs is not None


def test_enter_on_token_slot_opens_its_record(sandbox_app: Desktop) -> None:
    # An access token's slot: "Open record" (and so Enter) acts only on a slot with a record,
    # and a creation token has none yet.
    get_access_token(sandbox_app)
    sandbox_app.tab_until("the slots table", named("table", "Token slots"))
    sandbox_app.key("Return")
    sandbox_app.wait_focus("the record to open", lambda _n: bool(record_tabs(sandbox_app)))


def test_enter_on_console_call_shows_its_detail(sandbox_app: Desktop) -> None:
    search_all(sandbox_app)
    sandbox_app.key("ctrl+3")
    assert table_rows(sandbox_app, "API calls") > 0
    sandbox_app.tab_until("the calls table", named("table", "API calls"))
    sandbox_app.key("End", "Return")
    pane = sandbox_app.wait_focus("the call's detail", lambda n: n.role == "text")
    assert pane.name == "Request parameters (masked)"
