"""Every wizard step as a screen reader gets it over the real AT-SPI bus (the issue's "done
when"): each step of each wizard, driven forward from the keyboard, has no focusable widget
without a name. (Qt does not expose a label's text over AT-SPI apart from its name, so the
bus alone cannot compare the two.)"""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop, Node, wait_for
from tests.a11y.driving import assert_step_readable, get_access_token

pytestmark = pytest.mark.a11y


def test_every_access_token_step_is_readable(sandbox_app: Desktop) -> None:
    seen: list[str] = []

    def check(step: str) -> None:
        seen.append(step)
        assert_step_readable(sandbox_app, "Get an access token", step)

    get_access_token(sandbox_app, check)
    assert seen == ["record", "redirect", "code", "exchange", "result"]


def test_every_creation_token_step_and_the_create_editor_are_readable(
    sandbox_app: Desktop,
) -> None:
    title = "Get a creation token"
    sandbox_app.key("ctrl+k")
    sandbox_app.focus_window(title)
    assert_step_readable(sandbox_app, title, "token")
    sandbox_app.tab_until(
        "Get creation token", lambda n: n.role == "push button" and "creation token" in n.name
    )
    sandbox_app.key("space")
    sandbox_app.wait_focus("Next", lambda n: n.role == "push button" and n.name == "Next", 30)
    assert_step_readable(sandbox_app, title, "token, issued")
    sandbox_app.key("space")
    sandbox_app.tab_until("the editor button", lambda n: n.name.startswith("Open the record"))
    assert_step_readable(sandbox_app, title, "create")
    sandbox_app.key("space")
    sandbox_app.focus_window("New user record")
    assert_step_readable(sandbox_app, "New user record", "the record editor")


def test_browser_sign_in_steps_are_readable(sandbox_app: Desktop) -> None:
    title = "Sign in with the browser"
    sandbox_app.key("ctrl+b")
    sandbox_app.focus_window(title)
    assert_step_readable(sandbox_app, title, "redirect")
    sandbox_app.tab_until("Start listening", lambda n: n.name.startswith("Start listening"))
    sandbox_app.key("space")
    wait_for("Next", lambda: _enabled(sandbox_app, title, "Next"), timeout=20)
    sandbox_app.tab_until("Next", lambda n: n.role == "push button" and n.name == "Next")
    sandbox_app.key("space")
    wait_for("the sign-in step", lambda: _enabled(sandbox_app, title, "Back"))
    assert_step_readable(sandbox_app, title, "sign in")


def test_preferences_and_sandbox_controls_are_readable(sandbox_app: Desktop) -> None:
    sandbox_app.key("ctrl+comma")
    sandbox_app.focus_window("Preferences")
    assert_step_readable(sandbox_app, "Preferences", "the dialog")
    sandbox_app.key("Escape")
    wait_for("Preferences to close", lambda: not sandbox_app.window_ids("Preferences"))
    sandbox_app.focus_window("Capture Desktop")
    sandbox_app.key("alt+f")
    wait_for("the File menu", lambda: _menu_item(sandbox_app, "Quit"))
    # Up from the first item wraps to the last: Quit, Preferences, backups, Sandbox controls.
    sandbox_app.key("Up", "Up", "Up", "Up", "Return")
    sandbox_app.focus_window("Sandbox controls")
    assert_step_readable(sandbox_app, "Sandbox controls", "the panel")


def _enabled(app: Desktop, title: str, name: str) -> Node | None:
    return next(
        (n for n in app.window(title).walk() if n.name == name and "enabled" in n.states), None
    )


def _menu_item(app: Desktop, name: str) -> Node | None:
    return next(
        (
            n
            for w in app.windows()
            for n in w.walk()
            if n.role == "menu item" and n.name == name and n.showing
        ),
        None,
    )


def test_profile_wizard_pages_are_readable(sandbox_app: Desktop) -> None:
    """Each page of the new-profile wizard, filled from the keyboard. The test page calls a
    closed loopback port: it fails fast and never leaves the machine."""
    title = "Connect to a Capture application"
    sandbox_app.key("ctrl+n")
    sandbox_app.focus_window(title)

    def fill(name: str, text: str) -> None:
        sandbox_app.tab_until(name, lambda n: n.name == name and n.role.endswith("text"))
        sandbox_app.key("ctrl+a")
        sandbox_app.type(text)

    def next_page(page: str) -> None:
        wait_for("Next", lambda: _enabled(sandbox_app, title, "Next"))
        sandbox_app.tab_until("Next", lambda n: n.role == "push button" and n.name == "Next")
        sandbox_app.key("space")
        wait_for(page, lambda: _page_title(sandbox_app, title, page))

    assert_step_readable(sandbox_app, title, "Capture application")
    fill("Profile name", "Keyboard")
    fill("Capture domain", "https://127.0.0.1:9")
    next_page("API client")
    assert_step_readable(sandbox_app, title, "API client")
    fill("Client ID", "keyboard-client")
    fill("Client secret", "not-a-real-secret")
    next_page("Redirect")
    assert_step_readable(sandbox_app, title, "Redirect")
    next_page("Test the connection")
    wait_for("the test to end", lambda: _enabled(sandbox_app, title, "Test again"), timeout=30)
    assert_step_readable(sandbox_app, title, "Test the connection")


def _page_title(app: Desktop, title: str, page: str) -> Node | None:
    return next((n for n in app.window(title).walk() if n.name == page and n.showing), None)
