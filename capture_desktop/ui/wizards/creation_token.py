"""CreationTokenWizard: get a creation token, keep it in a slot, then create a record with it.

A creation token lets ``entity.create`` run without client credentials (for mobile apps).
Step 1 asks ``access/getCreationToken`` and stores the token; step 2 hands it to the record
editor in create mode (``MainWindow.start_record_create``) or, standalone, to a minimal JSON
create form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QWidget

from capture_desktop.services.flows import IssuedCreation
from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.base import WizardBase
from capture_desktop.ui.wizards.json_create_form import JsonCreateForm
from capture_desktop.ui.wizards.result_step import find_navigator
from capture_desktop.ui.wizards.step import WizardStep
from capture_desktop.ui.wizards.widgets import (
    CountdownLabel,
    EntityTypePicker,
    action_button,
    hint,
    ok_text,
    seconds_spin,
    slot_label_edit,
)

if TYPE_CHECKING:
    from capture_desktop.api.models import CreationToken
    from capture_desktop.services.session import Session


class TokenStep(WizardStep):
    """type_name + lifetime → creation token, countdown, stored as a slot."""

    def __init__(self, wizard: CreationTokenWizard) -> None:
        super().__init__(
            wizard,
            "Creation token",
            "A creation token lets <code>entity.create</code> run <i>without</i> client "
            "credentials, for one entity type, until it expires. It is kept in a slot.",
        )
        self.token: CreationToken | None = None
        self._types_loaded = False
        form = QFormLayout()
        self.types = EntityTypePicker(self.flows.default_type())
        self.types.load_clicked.connect(lambda: wizard.spawn(self.load_types(), "load-types"))
        form.addRow("Entity type:", self.types)
        self.lifetime = seconds_spin("Creation token lifetime in seconds", 86400, 3600, 140)
        form.addRow("Lifetime:", self.lifetime)
        self.label_edit = slot_label_edit()
        form.addRow("Save as:", self.label_edit)
        self.body.addLayout(form)
        self.get_button = action_button(
            "Get creation token",
            "Get a creation token",
            lambda: wizard.spawn(self.get_token(), "creation-token"),
        )
        self.countdown = CountdownLabel("Token expires")
        self.add_row(self.get_button, self.countdown)
        self.status = self.add_status("Creation token status")
        self.types.type_changed.connect(lambda _t: self._type_changed())
        self.lifetime.valueChanged.connect(lambda _v: self._preview())
        self._type_changed()

    def type_name(self) -> str:
        return self.types.type_name()

    def _type_changed(self) -> None:
        self.wizard.state.type_name = self.type_name()
        self._preview()

    def _preview(self) -> None:
        self.request.set_request(
            "/access/getCreationToken",
            {"type_name": self.type_name(), "lifetime": self.lifetime.value()},
            auth=self.flows.auth_label(),
        )

    def on_enter(self) -> None:
        if not self._types_loaded:
            self._types_loaded = True
            self.wizard.spawn(self.load_types(), "load-types")

    async def load_types(self) -> None:
        with busy(self.types.button, text="Loading…", relabel=True):
            try:
                types = await self.flows.entity_types()
            except Exception as exc:
                # Not fatal: only owners may list types; the name can still be typed.
                self.status.setText(
                    f"Could not list entity types ({type(exc).__name__}); type the name instead."
                )
                return
        self.types.set_types(types)

    async def get_token(self) -> None:
        self.error.clear()
        self.response.clear()
        type_name = self.type_name()
        self._preview()
        with busy(self.get_button, self.types, self.lifetime, text="Requesting…", relabel=True):
            with self.flows.watch() as watch:
                try:
                    token = await self.flows.creation_token(type_name, self.lifetime.value())
                except Exception as exc:
                    self.response.show_call(watch, "access/getCreationToken")
                    self.error.show_error(exc)
                    return
            self.response.show_call(
                watch, "access/getCreationToken", {"creation_token": token.token, "stat": "ok"}
            )
            self.token = token
            self.countdown.start(token.expires_at)
            label = self.label_edit.text().strip() or f"Creation token ({type_name})"
            self.label_edit.setText(label)
            try:
                stored = await self.flows.store_creation(label, token)
            except Exception as exc:
                self.status.setText("The token was issued but could not be saved in a slot.")
                self.error.show_error(exc)
                # Issued all the same: it can still create a record from this window.
                self.wizard.set_result(IssuedCreation(None, label, token))
                self.set_complete(True)
                return
            self.wizard.set_result(stored)
        self.status.setText(ok_text(f"Saved as “{label}”. Click Next to create a record with it."))
        # One token per run: another click would only leave a second, unused slot behind.
        self.get_button.setEnabled(False)
        self.set_complete(True)
        # The Get button is done: the keyboard moves on to Next, not to whatever Qt picks.
        self.wizard.next_button.setFocus(Qt.FocusReason.OtherFocusReason)


class CreateStep(WizardStep):
    """Hand the token to the record editor, or create a record right here from JSON."""

    def __init__(self, wizard: CreationTokenWizard) -> None:
        super().__init__(
            wizard,
            "Create a record",
            "Use the token to create a record. The request carries the creation token and "
            "no client credentials at all.",
            with_io=False,
        )
        self._new_uuid: str | None = None
        self.editor_button = action_button(
            "Open the record editor in create mode",
            "Create a record with it in the record editor",
            self.open_editor,
        )
        self.add_row(self.editor_button)
        self.editor_note = hint("Or create one here from JSON attributes:")
        self.body.addWidget(self.editor_note)
        self.form = JsonCreateForm(wizard.flows, wizard.spawn)
        self.body.addWidget(self.form)
        self.form.created.connect(self._created)
        self.open_button = action_button(
            "Open the new record", "Open the new record in the Records view", self.open_record
        )
        self.open_button.hide()
        self.add_row(self.open_button)
        self.set_complete(True)

    def _created(self, _record_id: object, uuid: object) -> None:
        self._new_uuid = str(uuid) if uuid else None
        has_records = find_navigator(self.wizard, "open_record") is not None
        self.open_button.setVisible(has_records and self._new_uuid is not None)

    def open_record(self) -> None:
        navigator = find_navigator(self.wizard, "open_record")
        if navigator is not None and self._new_uuid:
            navigator(self.wizard.state.type_name, self._new_uuid, None)

    def _issued(self) -> IssuedCreation | None:
        result = self.wizard.result
        return result if isinstance(result, IssuedCreation) else None

    def on_enter(self) -> None:
        issued = self._issued()
        self.form.set_target(self.wizard.state.type_name, issued.token.token if issued else None)
        has_editor = find_navigator(self.wizard, "start_record_create") is not None
        self.editor_button.setVisible(has_editor and self.wizard.slot_id is not None)
        self.editor_note.setVisible(has_editor)

    def open_editor(self) -> None:
        navigator = find_navigator(self.wizard, "start_record_create")
        if navigator is not None:
            navigator(self.wizard.state.type_name, self.wizard.slot_id)
            self.wizard.close()


class CreationTokenWizard(WizardBase):
    """Creation token → create a record with it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            "Get a creation token",
            "Issue a short-lived token that may create one kind of record without the "
            "client secret, then try it out.",
            parent,
        )
        self.setObjectName("CreationTokenWizard")
        self.token_step = TokenStep(self)
        self.create_step = CreateStep(self)
        self.add_steps(self.token_step, self.create_step)
