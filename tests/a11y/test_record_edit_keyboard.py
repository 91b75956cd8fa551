"""The whole support task from the keyboard (item 3 and the issue's "done when"): find a
record, open it, edit a value in place (F2 edits the value, never the attribute's name),
review, choose Update, save, and hear the outcome."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop, Node, wait_for
from tests.a11y.driving import assert_readable, named, record_tabs, search_all

pytestmark = pytest.mark.a11y


def test_find_open_edit_review_save(sandbox_app: Desktop) -> None:
    search_all(sandbox_app)
    sandbox_app.key("Down", "Return")
    sandbox_app.wait_focus("an open record", lambda _n: bool(record_tabs(sandbox_app)))
    sandbox_app.tab_until("the record tree", named("tree", "Record tree"))
    sandbox_app.type("givenName")  # type-ahead to the attribute's row
    heard = sandbox_app.listen()
    try:
        sandbox_app.key("F2")
        # The cell editor is not in the accessible tree: a reader learns of it by its focus event.
        editor = heard.wait(
            "the in-place editor to take focus",
            lambda e: (
                e["type"].startswith("object:state-changed:focused")
                and e["on"] == 1
                and e["role"] == "text"
            ),
        )
        assert editor["name"] == "Value of givenName"
        sandbox_app.key("ctrl+a")
        sandbox_app.type("Alicia")
        sandbox_app.key("Return")
        sandbox_app.wait_focus("back on the tree", named("tree", "Record tree"))
        sandbox_app.tab_until("Review and save", lambda n: n.name.startswith("Review and save"))
        sandbox_app.key("space")
        review = sandbox_app.window("Review changes before saving")
        changes = review.find("table", "Changes")
        # One changed value: a renamed attribute would read as one removed and one added.
        assert changes and changes[0].rows == 1
        sandbox_app.focus_window("Review changes before saving")
        sandbox_app.tab_until("the save mode", lambda n: n.role == "radio button")
        assert "checked" in sandbox_app.focus().states  # Update, the default
        sandbox_app.tab_until("Save", lambda n: n.role == "push button" and n.name == "Save")
        sandbox_app.key("space")
        heard.wait(
            "the outcome announced",
            lambda e: e["type"].startswith("object:announcement") and "Saved with" in e["text"],
            timeout=20,
        )
    finally:
        heard.close()
    wait_for("the review dialog to close", lambda: not sandbox_app.window_ids("Review changes"))


def _heading(app: Desktop, start: str) -> Node | None:
    review = app.window("Review changes before saving")
    return next((n for n in review.find("label") if n.name.startswith(start)), None)


def test_review_reads_as_shown_and_saves_with_replace(sandbox_app: Desktop) -> None:
    """The record tab and the review dialog are read over AT-SPI: every focusable control
    named, and the heading speaks the words it shows (for Update, then for Replace); Replace
    is chosen with an arrow key and saved."""
    search_all(sandbox_app)
    sandbox_app.key("Down", "Return")
    sandbox_app.wait_focus("an open record", lambda _n: bool(record_tabs(sandbox_app)))
    assert_readable(sandbox_app.window("Capture Desktop"), "the record editor")
    sandbox_app.tab_until("the record tree", named("tree", "Record tree"))
    sandbox_app.type("givenName")
    focus = sandbox_app.listen()
    try:
        sandbox_app.key("F2")
        focus.wait(
            "the in-place editor to take focus",
            lambda e: (
                e["type"].startswith("object:state-changed:focused")
                and e["on"] == 1
                and e["role"] == "text"
            ),
        )
    finally:
        focus.close()
    sandbox_app.key("ctrl+a")
    sandbox_app.type("Alicia")
    sandbox_app.key("Return")
    sandbox_app.wait_focus("back on the tree", named("tree", "Record tree"))
    sandbox_app.tab_until("Review and save", lambda n: n.name.startswith("Review and save"))
    sandbox_app.key("space")
    review = sandbox_app.window("Review changes before saving")
    assert_readable(review, "the review dialog")
    assert _heading(sandbox_app, "1 change will be sent"), [n.name for n in review.find("label")]
    sandbox_app.focus_window("Review changes before saving")
    sandbox_app.tab_until("the save mode", lambda n: n.role == "radio button")
    sandbox_app.key("Down")
    sandbox_app.wait_focus(
        "Replace chosen",
        lambda n: n.role == "radio button" and n.name == "Replace" and "checked" in n.states,
    )
    wait_for("the Replace heading", lambda: _heading(sandbox_app, "The whole record is rewritten"))
    heard = sandbox_app.listen()
    try:
        sandbox_app.tab_until("Save", lambda n: n.role == "push button" and n.name == "Save")
        sandbox_app.key("space")
        heard.wait(
            "the outcome announced",
            lambda e: (
                e["type"].startswith("object:announcement") and "Saved with Replace" in e["text"]
            ),
            timeout=20,
        )
    finally:
        heard.close()
