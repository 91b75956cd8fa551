"""The server goes away mid-session: saving explains the network failure in words, keeps the
edits in the editor and as a draft; a search says so in place and the view stays usable (the
next search, once the server is back, works)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient, RecordSelector
from capture_desktop.sandbox.server import SandboxServer
from capture_desktop.store.drafts import DraftStore
from tests.helpers.qt import wait_until
from tests.ui.records.editing import (
    OpenRecord,
    item,
    open_view,
    save,
    set_value,
)
from tests.ui.records.fakes import FakeSession

TRACEBACK_WORDS = ("Traceback", "Something went wrong", "RuntimeError", 'File "')


def _plain(text: str) -> bool:
    return not any(word in text for word in TRACEBACK_WORDS)


async def test_saving_to_a_stopped_server_keeps_everything(
    open_record: OpenRecord,
    home: Path,
    owner_client: CaptureClient,
    sandbox: SandboxServer,
) -> None:
    bob, _, editor = await open_record("bob@example.com")
    set_value(editor, "Robert", "givenName")
    set_value(editor, "Builder", "familyName")
    sandbox.stop()
    await save(editor, "update")
    assert not editor.banner.isHidden()
    text = editor.banner.text()
    assert "Could not reach the server" in text, text
    assert _plain(text), text
    assert editor.conflict_notice.isHidden(), "not mistaken for a 330 conflict"
    assert "draft" in editor.status.text()
    assert item(editor, "givenName").text(1) == "Robert", "the edits stay in the editor"
    assert item(editor, "familyName").text(1) == "Builder"
    assert editor.save_button.isEnabled(), "the user can try again"
    draft = DraftStore(home / "drafts").load("Sandbox", "user", bob["uuid"])
    assert draft is not None
    assert (draft.data["givenName"], draft.data["familyName"]) == ("Robert", "Builder")
    # Back online: the same editor saves the kept edits.
    sandbox.start()
    await save(editor, "update")
    assert editor.banner.isHidden(), editor.banner.text()
    after = (await owner_client.entity("user", RecordSelector.by_uuid(bob["uuid"]))).data
    assert (after["givenName"], after["familyName"]) == ("Robert", "Builder")
    assert DraftStore(home / "drafts").load("Sandbox", "user", bob["uuid"]) is None


async def test_search_against_a_stopped_server_explains_in_place(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    sandbox: SandboxServer,
) -> None:
    view = await open_view(qtbot, make_session("owner"), home)
    browser = view.browser
    browser.search()
    await wait_until(lambda: not browser.model.loading and len(browser.model.rows) == 4)
    sandbox.stop()
    browser.filter_bar.add_condition().set_condition("email", "=", "alice@example.com")
    browser.search()
    await wait_until(lambda: not browser.model.loading and not browser.banner.isHidden())
    await wait_until(lambda: not view.session.runner.pending())
    text = browser.banner.text()
    assert "Could not reach the server" in text, text
    assert _plain(text), text
    assert browser.filter_bar.raw_error.isHidden(), "not blamed on the filter"
    assert browser.search_button.isEnabled()
    assert browser.summary.text() == "The search failed: nothing was loaded"
    assert browser.filter_bar.builder_text() == "email = 'alice@example.com'", "filter kept"
    # Still usable: once the server is back the same search works and the error goes away.
    sandbox.start()
    browser.search()
    await wait_until(lambda: not browser.model.loading and len(browser.model.rows) == 1)
    assert browser.model.rows[0]["email"] == "alice@example.com"
    assert browser.banner.isHidden(), browser.banner.text()
    assert browser.summary.text() == "Showing 1–1 of 1"
