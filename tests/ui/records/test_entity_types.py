"""Several entity types: the browser lists every type the sandbox has (the demo ``consent``
next to ``user``), and choosing one drives the schema, the search and the editor."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient
from capture_desktop.ui.records.create_dialog import CreateDialog
from capture_desktop.ui.records.record_tree import COL_TYPE
from capture_desktop.ui.records.view import RecordsView
from tests.helpers.qt import wait_until
from tests.ui.records.editing import find_one, item, open_editor, open_view
from tests.ui.records.fakes import FakeSession


def _types(view: RecordsView) -> list[str]:
    combo = view.browser.type_combo
    return [combo.itemText(i) for i in range(combo.count())]


def _choose(view: RecordsView, name: str) -> None:
    """What a user's pick in the list does: the index changes, then ``activated``."""
    combo = view.browser.type_combo
    index = combo.findText(name)
    assert index >= 0, name
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


async def test_browser_lists_and_searches_the_second_type(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    session = make_session("owner")
    view = await open_view(qtbot, session, home, height=700)
    assert sorted(_types(view)) == ["consent", "user"]
    _choose(view, "consent")
    await wait_until(lambda: view.browser.schema.name == "consent" and not session.runner.pending())
    assert "consentDescription" in {a.path for a in view.browser.schema.attrs}
    model = view.browser.model
    view.browser.search()
    await wait_until(lambda: not model.loading)
    assert sorted(str(r.get("consent")) for r in model.rows) == ["marketingEmail", "profiling"]
    # The editor opens a consent record with the consent schema.
    editor = view.open_record("consent", str(model.rows[0]["uuid"]))
    await wait_until(lambda: bool(editor.original) and not session.runner.pending())
    assert editor.schema.name == "consent"
    assert item(editor, "consentAttributes").text(COL_TYPE) == "plural"


async def test_reload_shows_an_attribute_added_through_the_api(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    session = make_session("owner")
    view = await open_view(qtbot, session, home)
    alice = await find_one(owner_client, "alice@example.com")
    editor = await open_editor(view, alice["uuid"])
    assert editor.schema.find_path("loyaltyTier") is None
    await owner_client.entity_type_add_attribute(
        "user", {"name": "loyaltyTier", "type": "string", "length": 20}
    )
    editor.reload_button.click()
    await wait_until(lambda: not editor.session_pending())
    attr = editor.schema.find_path("loyaltyTier")
    assert attr is not None and attr.type == "string"
    tier = item(editor, "loyaltyTier")
    assert tier.text(COL_TYPE) == "string"
    # The browser's filter and columns follow the new schema too.
    assert "loyaltyTier" in view.browser.schema.column_paths()


async def test_new_record_of_the_chosen_type(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    session = make_session("owner")
    view = await open_view(qtbot, session, home, height=700)
    _choose(view, "consent")
    await wait_until(lambda: view.browser.schema.name == "consent" and not session.runner.pending())
    dialogs_before = set(view.findChildren(CreateDialog))
    view.browser.new_button.click()
    dialog = next(d for d in view.findChildren(CreateDialog) if d not in dialogs_before)
    assert dialog.windowTitle() == "New consent record"
    body = json.loads(dialog.editor.toPlainText())
    assert "consentDescription" in body and "email" not in body
    dialog.editor.setPlainText(json.dumps({"consent": "postal", "consentDescription": "Mail."}))
    dialog.create_button.click()
    await wait_until(lambda: dialog.result_ids is not None or not dialog.banner.isHidden())
    assert dialog.result_ids is not None, dialog.banner
    editor = view.editors[-1]
    await wait_until(lambda: bool(editor.original) and not session.runner.pending())
    assert editor.type_name == "consent" and editor.original["consent"] == "postal"
    found = await owner_client.entity_find("consent", "consent = 'postal'")
    assert len(found.results) == 1
    dialog.close()
