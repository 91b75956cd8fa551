""" "Get an access token for this user…" asks for the wizard through a signal the main window
wires, carrying the record's type and a uuid selector."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient
from capture_desktop.api.selectors import RecordSelector
from tests.ui.records.editing import find_one, open_editor, open_view
from tests.ui.records.fakes import FakeSession


async def test_token_button_asks_for_the_wizard_by_signal(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    view = await open_view(qtbot, make_session("owner"), home)
    bob = await find_one(owner_client, "bob@example.com")
    editor = await open_editor(view, bob["uuid"])
    asked: list[tuple[str, object]] = []
    view.access_token_requested.connect(lambda type_name, sel: asked.append((type_name, sel)))
    editor.token_button.click()
    assert len(asked) == 1
    type_name, selector = asked[0]
    assert isinstance(selector, RecordSelector)
    assert type_name == "user"
    assert (selector.kind, selector.value) == ("uuid", bob["uuid"])
