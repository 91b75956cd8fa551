"""Tables with rows: Tab and Shift+Tab leave them, arrows move within, Enter acts on the row
(item 1 and 2 of the keyboard issue). Real key events on xcb, focus read over AT-SPI."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop, Node, wait_for
from tests.a11y.driving import named, search_all, table_rows

pytestmark = pytest.mark.a11y


def assert_tab_leaves(app: Desktop, table: Node) -> None:
    """From a focused table with rows: arrows stay in it, Tab and Shift+Tab leave it."""
    app.key("Down")
    assert app.focus() is not None and app.focus().path == table.path, "Down left the table"
    app.key("Tab")
    after = app.wait_focus("focus to leave the table", lambda n: n.path != table.path)
    assert not after.path.startswith(table.path + "/"), f"Tab stayed in a cell: {after}"
    app.key("shift+Tab")
    app.wait_focus("Shift+Tab back onto the table", lambda n: n.path == table.path)
    app.key("shift+Tab")
    app.wait_focus("Shift+Tab to leave the table", lambda n: n.path != table.path)


def test_tab_leaves_search_results(sandbox_app: Desktop) -> None:
    assert_tab_leaves(sandbox_app, search_all(sandbox_app))


def test_tab_leaves_console_calls(sandbox_app: Desktop) -> None:
    search_all(sandbox_app)
    sandbox_app.key("ctrl+3")
    wait_for("calls in the console", lambda: table_rows(sandbox_app, "API calls") > 0)
    table = sandbox_app.tab_until("the calls table", named("table", "API calls"))
    assert_tab_leaves(sandbox_app, table)


def test_tab_leaves_token_slots(sandbox_app: Desktop) -> None:
    get_creation_token(sandbox_app)
    sandbox_app.key("ctrl+1")
    wait_for("a token slot", lambda: table_rows(sandbox_app, "Token slots") > 0)
    table = sandbox_app.tab_until("the slots table", named("table", "Token slots"))
    assert_tab_leaves(sandbox_app, table)


def get_creation_token(app: Desktop) -> None:
    """Ctrl+K, then the keyboard only: get a creation token (a slot), close the wizard."""
    app.key("ctrl+k")
    wid = app.focus_window("Creation token")
    app.tab_until(
        "the Get button", lambda n: n.role == "push button" and "creation token" in n.name
    )
    app.key("space")
    wait_for("the token's slot", lambda: table_rows(app, "Token slots", showing=False) > 0)
    app.key("Escape")
    wait_for("the wizard to close", lambda: wid not in app.window_ids("Creation token"))
    app.focus_window("Capture Desktop")


def test_review_dialog_reaches_replace_and_save(desktop: Desktop) -> None:
    """The review dialog's changes no longer trap Tab: Replace and Save are reachable."""
    title = "Review changes before saving"
    desktop.launch("review", script="widget_main.py", title=title)
    try:
        desktop.focus_window(title)
        table = desktop.tab_until("the changes table", named("table", "Changes"))
        assert_tab_leaves(desktop, table)
        # Tab reaches the checked choice of the group; an arrow picks the other one.
        desktop.tab_until("the save mode", lambda n: n.role == "radio button")
        desktop.key("Down")
        desktop.wait_focus("Replace", lambda n: "Replace" in n.name and "checked" in n.states)
        desktop.tab_until(
            "Save", lambda n: n.role == "push button" and n.name.startswith(("Save", "Send"))
        )
        desktop.key("space")
        wait_for("the dialog to save", lambda: "saved replace" in desktop.log_tail())
    finally:
        desktop.close_app()
