"""Sign in with email and password from the keyboard alone: a shortcut opens the wizard,
Tab reaches each field, Return signs in, and the keyboard goes on to the result and Finish.
Each step is read over AT-SPI on the way."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop, Node, wait_for
from tests.a11y.driving import assert_step_readable, table_rows

pytestmark = pytest.mark.a11y
TITLE = "Sign in with email and password (test flow)"
# xdotool matches window names as a regular expression: the brackets would be a group.
X_TITLE = "Sign in with email and password"


def _enabled(app: Desktop, name: str) -> Node | None:
    return next(
        (n for n in app.window(TITLE).walk() if n.name.startswith(name) and "enabled" in n.states),
        None,
    )


def test_native_sign_in_from_the_keyboard(sandbox_app: Desktop) -> None:
    sandbox_app.key("ctrl+shift+p")
    sandbox_app.focus_window(X_TITLE)
    assert_step_readable(sandbox_app, TITLE, "sign in")
    sandbox_app.tab_until("the email field", lambda n: n.role == "text" and n.name == "Email")
    sandbox_app.type("alice@example.com")
    sandbox_app.tab_until("the password", lambda n: n.name == "Password")
    sandbox_app.type("Password1!")
    sandbox_app.key("Return")
    wait_for("Next after signing in", lambda: _enabled(sandbox_app, "Next"), timeout=30)
    sandbox_app.tab_until("Next", lambda n: n.role == "push button" and n.name == "Next")
    sandbox_app.key("space")
    wait_for("Finish", lambda: _enabled(sandbox_app, "Finish"))
    assert_step_readable(sandbox_app, TITLE, "result")
    sandbox_app.tab_until("Finish", lambda n: n.role == "push button" and n.name == "Finish")
    sandbox_app.key("space")
    sandbox_app.focus_window("Capture Desktop")
    sandbox_app.key("ctrl+1")
    wait_for("the new slot", lambda: table_rows(sandbox_app, "Token slots") > 0)
