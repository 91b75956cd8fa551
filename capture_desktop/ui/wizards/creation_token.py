"""CreationTokenWizard: get a creation token, keep it in a slot, then create a record with it.

A creation token lets ``entity.create`` run without client credentials (for mobile apps).
Step 1 asks ``access/getCreationToken`` and stores the token; step 2 hands it to the record
editor in create mode (``MainWindow.start_record_create``) or, standalone, to a minimal JSON
create form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from capture_desktop.ui.wizards.backend import WizardBackend
from capture_desktop.ui.wizards.base import StepPage, WizardBase
from capture_desktop.ui.wizards.busy import busy
from capture_desktop.ui.wizards.json_create_form import JsonCreateForm
from capture_desktop.ui.wizards.result_step import find_navigator
from capture_desktop.ui.wizards.widgets import CountdownLabel, hint, ok_text, status_label


class TokenStep(StepPage):
    """type_name + lifetime → creation token, countdown, stored as a slot."""

    def __init__(self, wizard: CreationTokenWizard, backend: WizardBackend) -> None:
        super().__init__(
            "Creation token",
            "A creation token lets <code>entity.create</code> run <i>without</i> client "
            "credentials, for one entity type, until it expires. It is kept in a slot.",
        )
        self.wizard = wizard
        self.backend = backend
        self.token: Any = None
        self.slot_id: str | None = None
        self._types_loaded = False
        form = QFormLayout()
        type_row = QHBoxLayout()
        self.type_combo = QComboBox()
        self.type_combo.setEditable(True)
        self.type_combo.setEditText(backend.default_type())
        self.type_combo.setAccessibleName("Entity type")
        editor = self.type_combo.lineEdit()
        if editor is not None:  # the text field inside the editable combo
            editor.setAccessibleName("Entity type (typed)")
        self.type_combo.setMinimumWidth(220)
        self.load_button = QPushButton("Load types")
        self.load_button.setAccessibleDescription("Load entity types")
        self.load_button.clicked.connect(lambda: wizard.spawn(self.load_types(), "load-types"))
        type_row.addWidget(self.type_combo, 1)
        type_row.addWidget(self.load_button)
        form.addRow("Entity type:", type_row)
        self.lifetime = QSpinBox()
        self.lifetime.setRange(1, 86400)
        self.lifetime.setValue(3600)
        self.lifetime.setSuffix(" s")
        self.lifetime.setAccessibleName("Creation token lifetime in seconds")
        self.lifetime.setMaximumWidth(140)
        form.addRow("Lifetime:", self.lifetime)
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText("A name for this token in the Tokens panel")
        self.label_edit.setAccessibleName("Slot label")
        form.addRow("Save as:", self.label_edit)
        self.body.addLayout(form)
        row = QHBoxLayout()
        self.get_button = QPushButton("Get creation token")
        self.get_button.setAccessibleDescription("Get a creation token")
        self.get_button.clicked.connect(lambda: wizard.spawn(self.get_token(), "creation-token"))
        row.addWidget(self.get_button)
        self.countdown = CountdownLabel("Token expires")
        row.addWidget(self.countdown)
        row.addStretch(1)
        self.body.addLayout(row)
        self.status = status_label("Creation token status")
        self.body.addWidget(self.status)
        for signal in (self.type_combo.editTextChanged, self.lifetime.valueChanged):
            signal.connect(lambda *_a: self._preview())
        self._preview()

    def type_name(self) -> str:
        return self.type_combo.currentText().strip()

    def _preview(self) -> None:
        self.request.set_request(
            "/access/getCreationToken",
            {"type_name": self.type_name(), "lifetime": self.lifetime.value()},
            auth=self.backend.auth_label(),
        )

    def on_enter(self) -> None:
        if not self._types_loaded:
            self._types_loaded = True
            self.wizard.spawn(self.load_types(), "load-types")

    async def load_types(self) -> None:
        current = self.type_name()
        with busy(self.load_button, "Loading…"):
            try:
                types = await self.backend.entity_types()
            except Exception as exc:
                # Not fatal: only owners may list types; the name can still be typed.
                self.status.setText(
                    f"Could not list entity types ({type(exc).__name__}); type the name instead."
                )
                return
        self.type_combo.clear()
        self.type_combo.addItems(types)
        self.type_combo.setEditText(current or (types[0] if types else ""))

    async def get_token(self) -> None:
        self.error.clear()
        self.response.clear()
        type_name = self.type_name()
        self._preview()
        with busy(self.get_button, "Requesting…", also_disable=[self.type_combo, self.lifetime]):
            with self.backend.watch() as watch:
                try:
                    token = await self.backend.creation_token(type_name, self.lifetime.value())
                except Exception as exc:
                    event = watch.last("access/getCreationToken")
                    if event is not None and event.response is not None:
                        self.response.set_response(event.response)
                    self.error.show_error(exc)
                    return
            event = watch.last("access/getCreationToken")
            self.response.set_response(
                event.response
                if event is not None and event.response
                else {"creation_token": token.token, "stat": "ok"}
            )
            self.token = token
            self.countdown.start(token.expires_at)
            label = self.label_edit.text().strip() or f"Creation token ({type_name})"
            self.label_edit.setText(label)
            try:
                self.slot_id = await self.backend.store_creation(label, token)
            except Exception as exc:
                self.status.setText("The token was issued but could not be saved in a slot.")
                self.error.show_error(exc)
                self.set_complete(True)
                return
        self.status.setText(ok_text(f"Saved as “{label}”. Click Next to create a record with it."))
        # One token per run: another click would only leave a second, unused slot behind.
        self.get_button.setEnabled(False)
        self.set_complete(True)
        # The Get button is done: the keyboard moves on to Next, not to whatever Qt picks.
        self.wizard.next_button.setFocus(Qt.FocusReason.OtherFocusReason)


class CreateStep(StepPage):
    """Hand the token to the record editor, or create a record right here from JSON."""

    def __init__(self, wizard: CreationTokenWizard, backend: WizardBackend) -> None:
        super().__init__(
            "Create a record",
            "Use the token to create a record. The request carries the creation token and "
            "no client credentials at all.",
            with_io=False,
        )
        self.wizard = wizard
        self._new_uuid: str | None = None
        row = QHBoxLayout()
        self.editor_button = QPushButton("Open the record editor in create mode")
        self.editor_button.setAccessibleDescription("Create a record with it in the record editor")
        self.editor_button.clicked.connect(self.open_editor)
        row.addWidget(self.editor_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.editor_note = hint("Or create one here from JSON attributes:")
        self.body.addWidget(self.editor_note)
        self.form = JsonCreateForm(backend, wizard.spawn)
        self.body.addWidget(self.form)
        self.form.created.connect(self._created)
        open_row = QHBoxLayout()
        self.open_button = QPushButton("Open the new record")
        self.open_button.setAccessibleDescription("Open the new record in the Records view")
        self.open_button.clicked.connect(self.open_record)
        self.open_button.hide()
        open_row.addWidget(self.open_button)
        open_row.addStretch(1)
        self.body.addLayout(open_row)
        self.set_complete(True)

    def _created(self, _record_id: object, uuid: object) -> None:
        self._new_uuid = str(uuid) if uuid else None
        has_records = find_navigator(self.wizard, "open_record") is not None
        self.open_button.setVisible(has_records and self._new_uuid is not None)

    def open_record(self) -> None:
        navigator = find_navigator(self.wizard, "open_record")
        if navigator is not None and self._new_uuid:
            navigator(self.wizard.token_step.type_name(), self._new_uuid, None)

    def on_enter(self) -> None:
        step = self.wizard.token_step
        token = step.token.token if step.token is not None else None
        self.form.set_target(step.type_name(), token)
        has_editor = find_navigator(self.wizard, "start_record_create") is not None
        self.editor_button.setVisible(has_editor and step.slot_id is not None)
        self.editor_note.setVisible(has_editor)

    def open_editor(self) -> None:
        navigator = find_navigator(self.wizard, "start_record_create")
        step = self.wizard.token_step
        if navigator is not None:
            navigator(step.type_name(), step.slot_id)
            self.wizard.close()


class CreationTokenWizard(WizardBase):
    """Creation token → create a record with it."""

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            "Get a creation token",
            "Issue a short-lived token that may create one kind of record without the "
            "client secret, then try it out.",
            parent,
        )
        self.setObjectName("CreationTokenWizard")
        self.backend = WizardBackend(session)
        self.token_step = TokenStep(self, self.backend)
        self.create_step = CreateStep(self, self.backend)
        self.add_page(self.token_step)
        self.add_page(self.create_step)
        self.go_to(0)

    @property
    def slot_id(self) -> str | None:
        return self.token_step.slot_id

    def can_go_back(self, index: int) -> bool:
        return index > 0 and self.token_step.token is None
