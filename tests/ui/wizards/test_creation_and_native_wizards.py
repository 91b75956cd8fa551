"""CreationTokenWizard and NativeSignInWizard end to end against the sandbox."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from capture_desktop.api.selectors import RecordSelector
from capture_desktop.ui.wizards.creation_token import CreationTokenWizard
from capture_desktop.ui.wizards.native_signin import NativeSignInWizard
from tests.helpers.qt import wait_until
from tests.helpers.wizards import get_creation_token


class FakeMainWindow(QWidget):
    """Only the navigation the wizards look for on their parent."""

    def __init__(self) -> None:
        super().__init__()
        self.created: list[tuple[str, str | None]] = []
        self.opened: list[tuple[str, str, str | None]] = []

    def start_record_create(self, type_name: str, creation_slot_id: str | None = None) -> None:
        self.created.append((type_name, creation_slot_id))

    def open_record(self, type_name: str, uuid: str, slot_id: str | None = None) -> None:
        self.opened.append((type_name, uuid, slot_id))


async def test_creation_token_then_create_with_the_json_form(session: Any) -> None:
    wizard = CreationTokenWizard(session)
    await get_creation_token(wizard)
    step = wizard.token_step
    assert step.error.info is None
    assert 590 < step.countdown.remaining() <= 600
    assert step.token.token not in step.response.text()
    assert wizard.slot_id is not None
    slot = wizard.flows.keeper().slot(wizard.slot_id)
    assert (slot.kind, slot.label, slot.type_name) == ("creation", "QA creation", "user")
    assert await wizard.flows.keeper().creation_token(wizard.slot_id) == step.token.token

    wizard.next_button.click()
    create = wizard.create_step
    assert not create.editor_button.isVisibleTo(wizard)  # no main window: the JSON form
    form = create.form
    form.editor.setPlainText('{"email": "zoe@example.com", "givenName": "Zoe"}')
    assert "creation token" in form.request.text()
    assert step.token.token not in form.request.text()
    form.create_button.click()
    await wait_until(lambda: form.result is not None or form.error.info is not None)
    assert form.error.info is None, form.error.text()
    assert form.result is not None and form.result.uuid is not None
    record = await session.client().entity("user", RecordSelector.by_uuid(form.result.uuid))
    assert record.data["email"] == "zoe@example.com"
    await wizard.aclose()


async def test_invalid_json_is_explained_before_sending(session: Any) -> None:
    wizard = CreationTokenWizard(session)
    await get_creation_token(wizard)
    wizard.next_button.click()
    form = wizard.create_step.form
    form.editor.setPlainText('{"email": ')
    await form.create_record()
    assert "not valid JSON" in form.error.text()
    assert form.result is None
    await wizard.aclose()


async def test_create_with_it_hands_over_to_the_record_editor(session: Any) -> None:
    main = FakeMainWindow()
    wizard = CreationTokenWizard(session, parent=main)
    await get_creation_token(wizard)
    wizard.next_button.click()
    assert wizard.create_step.editor_button.isVisibleTo(wizard)
    closed = []
    wizard.closed.connect(lambda: closed.append(True))
    wizard.create_step.editor_button.click()
    assert main.created == [("user", wizard.slot_id)]
    await wait_until(lambda: bool(closed))
    main.deleteLater()


async def test_creation_token_refused_for_a_client_without_the_feature(make_session: Any) -> None:
    session = await make_session("direct_read_access")
    wizard = CreationTokenWizard(session)
    step = wizard.token_step
    step.get_button.click()
    await wait_until(lambda: step.error.info is not None and step.get_button.isEnabled())
    assert "403" in step.error.text() and "Request ID" in step.error.text()
    assert not step.is_complete()
    await wizard.aclose()


async def test_native_sign_in_stores_a_slot(session: Any) -> None:
    main = FakeMainWindow()
    wizard = NativeSignInWizard(session, parent=main)
    step = wizard.sign_in_step
    assert "Test flow" in step.findChild(QWidget, "TestFlowBanner").text()
    # The owner may list clients, so the login client is offered.
    await wait_until(
        lambda: (
            step.client_combo.count() >= 1 and "login" in step.client_combo.currentText().lower()
        )
    )
    step.email_edit.setText("alice@example.com")
    step.password_edit.setText("Password1!")
    assert "Password1!" not in step.request.text()
    step.sign_in_button.click()
    await wait_until(lambda: step.is_complete() or step.error.info is not None)
    assert step.error.info is None, step.error.text()
    assert step.password_edit.text() == ""  # not kept around
    assert wizard.slot_id is not None
    slot = wizard.flows.keeper().slot(wizard.slot_id)
    assert slot.email == "alice@example.com" and slot.record_uuid
    wizard.next_button.click()
    result = wizard.result_step
    assert result.open_button.isEnabled()
    result.open_button.click()
    assert main.opened == [("user", slot.record_uuid, wizard.slot_id)]
    await wizard.aclose()
    main.deleteLater()


async def test_native_sign_in_wrong_password_is_explained(session: Any) -> None:
    wizard = NativeSignInWizard(session)
    step = wizard.sign_in_step
    await wait_until(lambda: "login" in step.client_combo.currentText().lower())
    step.email_edit.setText("alice@example.com")
    step.password_edit.setText("wrong")
    step.sign_in_button.click()
    await wait_until(lambda: step.error.info is not None and step.sign_in_button.isEnabled())
    assert "210" in step.error.text()
    assert step.sign_in_button.text() == "Sign in and save"
    await wizard.aclose()
