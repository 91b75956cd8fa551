""" "Create a record with it" from the creation-token wizard, in the real main window.

The first time, the Records page has not loaded its schema yet: the create dialog must load it
(busy meanwhile) instead of rejecting every attribute as "not in the schema".
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from capture_desktop.api.selectors import RecordSelector
from capture_desktop.ui.records.create_dialog import CreateDialog
from capture_desktop.ui.wizards.creation_token import CreationTokenWizard
from tests.helpers.qt import wait_until


@pytest.fixture
async def main_window(session: Any) -> AsyncIterator[Any]:
    from capture_desktop.services.tasks import live_runners
    from capture_desktop.ui.main_window import MainWindow

    window = MainWindow(session)
    yield window
    await wait_until(lambda: not any(r.pending() for r in live_runners()))
    for dialog in window.findChildren(CreateDialog):
        dialog.close()
    window.close()
    window.deleteLater()


async def test_create_with_it_loads_the_schema_first(main_window: Any, session: Any) -> None:
    wizard = main_window.start_wizard("creation")
    assert isinstance(wizard, CreationTokenWizard)
    step = wizard.token_step
    await wait_until(lambda: step.types.combo.findText("user") >= 0)
    step.get_button.click()
    await wait_until(lambda: step.is_complete() and not step.get_button.property("busy"))
    wizard.next_button.click()
    wizard.create_step.editor_button.click()

    (dialog,) = main_window.findChildren(CreateDialog)
    assert dialog.credential.currentData() == wizard.slot_id
    # Busy until the schema is there: nothing can be sent against an empty schema.
    assert not dialog.create_button.isEnabled()
    assert "schema" in dialog.outcome.text().lower()
    await wait_until(dialog.create_button.isEnabled)
    assert dialog.schema.attrs, "the schema was loaded"
    body = json.loads(dialog.editor.toPlainText())
    assert "email" in body and "givenName" in body, "the template comes from the schema"

    dialog.editor.setPlainText(json.dumps({"email": "yara@example.com", "givenName": "Yara"}))
    dialog.create_button.click()
    assert dialog.problems.isHidden(), dialog.problems.text()
    await wait_until(lambda: dialog.result_ids is not None or not dialog.banner.isHidden())
    assert dialog.result_ids is not None, dialog.banner.text()
    record = await session.client().entity("user", RecordSelector.by_uuid(dialog.result_ids[1]))
    assert record.data["givenName"] == "Yara"


async def test_create_dialog_finishes_after_opening_the_record(
    main_window: Any, session: Any
) -> None:
    main_window.start_record_create("user")
    (dialog,) = main_window.findChildren(CreateDialog)
    await wait_until(dialog.create_button.isEnabled)
    dialog.editor.setPlainText(json.dumps({"email": "zed@example.com"}))
    dialog.create_button.click()
    await wait_until(lambda: dialog.result_ids is not None or not dialog.banner.isHidden())
    assert "Opening it…" not in dialog.outcome.text(), dialog.outcome.text()
    assert "opened" in dialog.outcome.text().lower()


async def test_wizard_create_offers_open_record(main_window: Any, session: Any) -> None:
    wizard = main_window.start_wizard("creation")
    step = wizard.token_step
    await wait_until(lambda: step.types.combo.findText("user") >= 0)
    step.get_button.click()
    await wait_until(lambda: step.is_complete() and not step.get_button.property("busy"))
    wizard.next_button.click()
    create = wizard.create_step
    create.form.editor.setPlainText('{"email": "yves@example.com"}')
    create.form.create_button.click()
    await wait_until(lambda: create.form.result is not None or create.form.error.info is not None)
    assert create.form.result is not None
    assert create.open_button.isVisibleTo(wizard), "a link to the new record"
    create.open_button.click()
    editor = main_window.records_view.editors[-1]
    assert editor.uuid == create.form.result.uuid
    await wait_until(lambda: bool(editor.original) or not editor.banner.isHidden())
    await wizard.aclose()
