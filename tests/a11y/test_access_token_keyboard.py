"""Get an access token with the keyboard alone (the issue's "done when"): Ctrl+T, find the
user by email, pick them, start the loopback receiver, request the code, exchange it, finish;
the new slot shows on the Tokens page."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.a11y.desktop import Desktop, Node, wait_for
from tests.a11y.test_tables_keyboard import _table_rows

pytestmark = pytest.mark.a11y
TITLE = "Get an access token"


def _press(app: Desktop, name: str) -> None:
    app.tab_until(name, lambda n: n.role == "push button" and n.name.startswith(name))
    app.key("space")


def _enabled(app: Desktop, name: str) -> Node | None:
    window = app.window(TITLE)
    return next(
        (n for n in window.walk() if n.name.startswith(name) and "enabled" in n.states), None
    )


def test_get_an_access_token(sandbox_app: Desktop) -> None:
    get_access_token(sandbox_app)


def get_access_token(
    sandbox_app: Desktop, at_step: Callable[[str], None] = lambda _step: None
) -> None:
    """The whole access-token wizard from the keyboard; ends on the Tokens page, the new slot
    showing. ``at_step`` is called on each step once it is ready (with the step's name)."""
    sandbox_app.key("ctrl+t")
    sandbox_app.focus_window(TITLE)
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
    wait_for("the new slot", lambda: _table_rows(sandbox_app, "Token slots") > 0)
