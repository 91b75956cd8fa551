"""Keyboard and screen-reader steps the a11y tests share: find a table's rows, search every
record, the open record tabs, the whole access-token wizard from the keyboard, and the
"every focusable widget has a name" check."""

from __future__ import annotations

from collections.abc import Callable

from tests.a11y.desktop import Desktop, Node, wait_for


def named(role: str, name: str) -> Callable[[Node], bool]:
    """A matcher for the node with this role and accessible name."""
    return lambda n: n.role == role and n.name == name


def table_rows(app: Desktop, name: str, showing: bool = True) -> int:
    for window in app.windows():
        for table in window.find("table", name):
            if table.showing or not showing:
                return table.rows or 0
    return 0


def search_all(app: Desktop) -> Node:
    app.key("ctrl+2")
    app.tab_until(
        "the Search button", lambda n: n.role == "push button" and n.name.startswith("Search")
    )
    app.key("space")
    wait_for("search results", lambda: table_rows(app, "Search results") > 1, timeout=30)
    return app.tab_until("the results table", named("table", "Search results"))


ACCESS_TOKEN_TITLE = "Get an access token"


def _press(app: Desktop, name: str) -> None:
    app.tab_until(name, lambda n: n.role == "push button" and n.name.startswith(name))
    app.key("space")


def _enabled(app: Desktop, name: str) -> Node | None:
    window = app.window(ACCESS_TOKEN_TITLE)
    return next(
        (n for n in window.walk() if n.name.startswith(name) and "enabled" in n.states), None
    )


def get_access_token(
    sandbox_app: Desktop, at_step: Callable[[str], None] = lambda _step: None
) -> None:
    """The whole access-token wizard from the keyboard; ends on the Tokens page, the new slot
    showing. ``at_step`` is called on each step once it is ready (with the step's name)."""
    sandbox_app.key("ctrl+t")
    sandbox_app.focus_window(ACCESS_TOKEN_TITLE)
    at_step("record")
    sandbox_app.tab_until("the email field", lambda n: n.role == "text")
    sandbox_app.type("alice@example.com")
    _press(sandbox_app, "Search")
    sandbox_app.tab_until("the matches", lambda n: n.role == "list")
    sandbox_app.key("Down")
    wait_for("Next to be enabled", lambda: _enabled(sandbox_app, "Next"))
    _press(sandbox_app, "Next")  # to the redirect step
    at_step("redirect")
    _press(sandbox_app, "Start listening")
    wait_for("the receiver", lambda: _enabled(sandbox_app, "Next"), timeout=20)
    _press(sandbox_app, "Next")  # to the code step
    at_step("code")
    _press(sandbox_app, "Request code")
    wait_for("Next after the code", lambda: _enabled(sandbox_app, "Next"), timeout=30)
    _press(sandbox_app, "Next")  # to the exchange step
    at_step("exchange")
    _press(sandbox_app, "Exchange and save")
    wait_for("the token saved", lambda: _enabled(sandbox_app, "✔ Saved as"), timeout=30)
    # The keyboard is not left in the read-only preview: it waits on Next, to the result.
    sandbox_app.wait_focus("Next", lambda n: n.role == "push button" and n.name == "Next")
    sandbox_app.key("space")
    wait_for("Finish", lambda: _enabled(sandbox_app, "Finish"))
    at_step("result")
    _press(sandbox_app, "Finish")
    sandbox_app.focus_window("Capture Desktop")
    sandbox_app.key("ctrl+1")
    wait_for("the new slot", lambda: table_rows(sandbox_app, "Token slots") > 0)


def record_tabs(app: Desktop) -> list[Node]:
    """The Records page's tabs other than Browse (one per open record), if showing."""
    main = app.window("Capture Desktop")
    for tab_list in main.find("page tab list"):
        tabs = [t for t in tab_list.children if t.role == "page tab"]
        if tab_list.showing and "Browse" in [t.name for t in tabs]:
            return [t for t in tabs if t.name != "Browse"]
    return []


WINDOW_ROLES = {"dialog", "frame"}
# Roles a reader never lands on by Tab; a page tab list is named by its current tab.
UNNAMED_OK = {"page tab list", "scroll bar", "filler", "panel", "viewport"}


def unnamed_focusables(window: Node) -> list[Node]:
    return [
        n
        for n in window.walk()
        if n.focusable and n.showing and not n.name.strip() and n.role not in UNNAMED_OK
    ]


def assert_readable(window: Node, where: str) -> None:
    assert window.role in WINDOW_ROLES, f"{where}: the window reports {window.role!r}"
    assert unnamed_focusables(window) == [], f"{where}: focusable widgets without a name"


def assert_step_readable(app: Desktop, title: str, step: str) -> None:
    window = app.window(title)
    where = f"{title}, {step} step"
    assert_readable(window, where)
