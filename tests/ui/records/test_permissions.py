"""What the client and the credential allow: a direct_read_access client gets a read-only
browser; a token holder reaches only its own record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient, RecordSelector
from tests.helpers.qt import wait_until
from tests.ui.records.editing import find_one, item, open_editor, open_view, save, search, set_value
from tests.ui.records.fakes import FakeSession, FakeSlot


async def test_read_only_client_can_browse_but_not_change(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    view = await open_view(qtbot, make_session("direct_read_access"), home)
    browser = view.browser
    assert browser.permissions.read_only
    assert "Read-only" in browser.credentials.badge.text()
    assert browser.new_button.isHidden()
    rows = await search(view)
    assert len(rows) == 4, "reading works"
    alice = next(r for r in rows if r["email"] == "alice@example.com")
    editor = await open_editor(view, alice["uuid"])
    assert not editor.read_only_note.isHidden()
    for button in (editor.save_button, editor.delete_button, editor.add_element_button):
        assert button.isHidden()
    given = item(editor, "givenName")
    assert not given.flags() & Qt.ItemFlag.ItemIsEditable
    assert editor.json.isReadOnly()


async def test_token_holder_reaches_only_its_own_record(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    alice = await find_one(owner_client, "alice@example.com")
    bob = await find_one(owner_client, "bob@example.com")
    session = make_session("owner")
    tokens = await owner_client.get_access_token("user", RecordSelector.by_uuid(bob["uuid"]))
    slot = FakeSlot("t1", "Bob QA", "access", record_uuid=bob["uuid"], email="bob@example.com")
    session.token_keeper.add(slot, tokens.access_token)
    view = await open_view(qtbot, session, home)
    browser = view.browser
    labels = [
        browser.credentials.combo.itemText(i) for i in range(browser.credentials.combo.count())
    ]
    assert labels[0].startswith("Admin") and "Bob QA (bob@example.com)" in labels[1]
    browser.credentials.select_slot("t1")
    await wait_until(lambda: not session.runner.pending())
    assert not browser.filter_bar.isEnabled()
    assert not browser.token_note.isHidden()
    assert [r["email"] for r in browser.model.rows] == ["bob@example.com"]
    assert browser.summary.text() == "Showing 1–1 of 1"
    # Even when asked for Alice's uuid, the token only ever reaches Bob.
    editor = await open_editor(view, alice["uuid"], slot_id="t1")
    assert editor.original["email"] == "bob@example.com"
    assert editor.token_button.isHidden()
    set_value(editor, "Bobby", "givenName")
    await save(editor, "update")
    after_bob = (await owner_client.entity("user", RecordSelector.by_uuid(bob["uuid"]))).data
    after_alice = (await owner_client.entity("user", RecordSelector.by_uuid(alice["uuid"]))).data
    assert after_bob["givenName"] == "Bobby"
    assert after_alice["givenName"] == "Alice"
    assert session.token_keeper.calls >= 3, "every call went through the token slot"


async def test_profile_switch_clears_rows_and_keeps_unsaved_edits(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    from capture_desktop.store.drafts import DraftStore

    session = make_session("owner")
    view = await open_view(qtbot, session, home)
    rows = await search(view)
    editor = await open_editor(view, rows[0]["uuid"])
    set_value(editor, "Switched", "givenName")
    session.profile_changed.emit(session.profile())
    assert view.editors == [] and view.browser.model.rows == []
    await wait_until(lambda: not session.runner.pending())
    draft = DraftStore(home / "drafts").load("Sandbox", "user", rows[0]["uuid"])
    assert draft is not None and draft.data["givenName"] == "Switched"


async def test_schema_is_guessed_when_entity_type_is_refused(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    from capture_desktop.api import ClientPermissionError

    session = make_session("owner")

    class NoSchema:
        """The real client, except that entityType is refused (as some applications do)."""

        def __init__(self, inner: CaptureClient) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        async def entity_type(self, type_name: str) -> object:
            raise ClientPermissionError(403, "client_permission_error", "not allowed")

    session._client = NoSchema(session.client())
    view = await open_view(qtbot, session, home)
    assert view.browser.schema.get("email") is not None
    assert "email" in [a.path for a in view.browser.schema.filterable()]
    rows = await search(view)
    assert len(rows) == 4
