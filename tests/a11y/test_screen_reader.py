"""What a screen reader gets over the real AT-SPI bus (items 8, 9 and 10 of the issue): every
focusable widget has a name, status text is announced, wizard windows are dialogs, and the
spoken names of buttons are their visible labels."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop, Node, wait_for
from tests.a11y.driving import assert_readable, search_all

pytestmark = pytest.mark.a11y


def test_every_page_names_its_controls(sandbox_app: Desktop) -> None:
    for key, page in (("ctrl+1", "Tokens"), ("ctrl+2", "Records"), ("ctrl+3", "Console")):
        sandbox_app.key(key)

        def shown(page: str = page) -> bool | Node:
            return any(
                n.showing and n.role == "list item" and n.name == page and "selected" in n.states
                for n in sandbox_app.window("Capture Desktop").walk()
            ) or sandbox_app.window("Capture Desktop")

        wait_for(f"the {page} page", shown)
        assert_readable(sandbox_app.window("Capture Desktop"), page)


@pytest.mark.parametrize(
    ("shortcut", "title"),
    [
        ("ctrl+t", "Get an access token"),
        ("ctrl+k", "Get a creation token"),
        ("ctrl+b", "Sign in with the browser"),
    ],
)
def test_wizard_first_steps(sandbox_app: Desktop, shortcut: str, title: str) -> None:
    sandbox_app.key(shortcut)
    window = sandbox_app.window(title)
    assert_readable(window, title)
    buttons = {n.name for n in window.walk() if n.role == "push button" and n.showing}
    assert {"Cancel", "Next"} <= buttons, buttons


def test_search_result_is_announced_and_the_count_reads_as_shown(sandbox_app: Desktop) -> None:
    heard = sandbox_app.listen()
    try:
        search_all(sandbox_app)
        said = heard.wait(
            "the result count announced",
            lambda e: e["type"].startswith("object:announcement") and "Showing" in e["text"],
        )
        main = sandbox_app.window("Capture Desktop")
        counts = [n for n in main.walk() if n.role == "label" and n.name.startswith("Showing")]
        assert counts, "no label reads the result count"
        assert counts[0].name.strip() == said["text"].strip()
    finally:
        heard.close()


def test_buttons_say_what_they_show(sandbox_app: Desktop) -> None:
    search_all(sandbox_app)
    main = sandbox_app.window("Capture Desktop")
    names = {n.name for n in main.walk() if n.role == "push button" and n.showing}
    assert {"Search", "Open record"} <= names, names


def test_countdown_is_announced_at_ten_seconds_and_expiry_only(desktop: Desktop) -> None:
    desktop.launch("countdown", script="widget_main.py", title="Countdown")
    heard = desktop.listen()
    try:
        heard.wait(
            "the countdown at 10 s",
            lambda e: (
                e["type"].startswith("object:announcement")
                and e["text"] == "Code expires in 10 seconds"
            ),
        )
        heard.wait(
            "the expiry",
            lambda e: (
                e["type"].startswith("object:announcement") and e["text"] == "Code expires: expired"
            ),
            timeout=20,
        )
        spoken = [e["text"] for e in heard.events if e["type"].startswith("object:announcement")]
        assert spoken == ["Code expires in 10 seconds", "Code expires: expired"]
    finally:
        heard.close()
        desktop.close_app()
