""" "Get an access token for this user…" asks for the wizard through a signal the main window
wires, carrying the record's type and a uuid selector."""

from __future__ import annotations

from capture_desktop.api.selectors import RecordSelector
from tests.ui.records.editing import OpenRecord


async def test_token_button_asks_for_the_wizard_by_signal(
    open_record: OpenRecord,
) -> None:
    bob, view, editor = await open_record("bob@example.com")
    asked: list[tuple[str, object]] = []
    view.access_token_requested.connect(lambda type_name, sel: asked.append((type_name, sel)))
    editor.token_button.click()
    assert len(asked) == 1
    type_name, selector = asked[0]
    assert isinstance(selector, RecordSelector)
    assert type_name == "user"
    assert (selector.kind, selector.value) == ("uuid", bob["uuid"])
