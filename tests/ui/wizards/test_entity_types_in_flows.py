"""The flows on the sandbox's second demo type: the wizards' type pickers list every type
(``consent`` next to ``user``), and a creation token for ``consent`` creates a consent."""

from __future__ import annotations

from typing import Any

from capture_desktop.api.selectors import RecordSelector
from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from capture_desktop.ui.wizards.creation_token import CreationTokenWizard
from tests.helpers.qt import wait_until


def _listed(combo: Any) -> list[str]:
    return sorted(combo.itemText(i) for i in range(combo.count()))


async def test_creation_token_for_the_second_type(session: Any) -> None:
    wizard = CreationTokenWizard(session)
    step = wizard.token_step
    await wait_until(lambda: step.types.combo.count() >= 2)
    assert _listed(step.types.combo) == ["consent", "user"]
    step.types.combo.setCurrentIndex(step.types.combo.findText("consent"))
    step.label_edit.setText("QA consent")
    step.get_button.click()
    await wait_until(lambda: step.is_complete() and not step.get_button.property("busy"))
    assert step.error.info is None, step.error.text()
    assert wizard.slot_id is not None
    assert wizard.flows.keeper().slot(wizard.slot_id).type_name == "consent"
    wizard.next_button.click()
    form = wizard.create_step.form
    form.editor.setPlainText('{"consent": "smsReminders", "consentDescription": "Texts."}')
    form.create_button.click()
    await wait_until(lambda: form.result is not None or form.error.info is not None)
    assert form.error.info is None, form.error.text()
    assert form.result is not None and form.result.uuid is not None
    made = await session.client().entity("consent", RecordSelector.by_uuid(form.result.uuid))
    assert made.data["consent"] == "smsReminders"
    await wizard.aclose()


async def test_access_token_wizard_lists_every_type(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    step = wizard.record_step
    await wait_until(lambda: step.types.combo.count() >= 2)
    assert _listed(step.types.combo) == ["consent", "user"]
    await wizard.aclose()
