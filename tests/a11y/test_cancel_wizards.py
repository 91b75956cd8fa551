"""Every wizard can be cancelled from the keyboard (the issue's "done when"): its shortcut
opens it, Escape closes it, and the keyboard returns to the main window."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop, wait_for

pytestmark = pytest.mark.a11y


@pytest.mark.parametrize(
    ("shortcut", "title"),
    [
        ("ctrl+t", "Get an access token"),
        ("ctrl+k", "Get a creation token"),
        ("ctrl+b", "Sign in with the browser"),
        ("ctrl+n", "Connect to a Capture application"),
    ],
)
def test_escape_cancels(sandbox_app: Desktop, shortcut: str, title: str) -> None:
    sandbox_app.key(shortcut)
    wid = sandbox_app.focus_window(title)
    sandbox_app.key("Escape")
    wait_for(f"{title!r} to close", lambda: wid not in sandbox_app.window_ids(title))
