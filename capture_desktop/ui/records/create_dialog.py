"""Create a record (entity.create) with the client credentials or a creation-token slot.

Non-modal. The JSON starts from the schema's required and common attributes, is validated
before sending, and the result (new id and uuid) is shown; ``created`` lets the view open it.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.editing.schema import Schema, schema_from
from capture_desktop.editing.validation import parse_json, validate_text
from capture_desktop.services.records import RecordsService
from capture_desktop.ui.a11y import StatusLabel
from capture_desktop.ui.busy import busy
from capture_desktop.ui.dialogs import modeless
from capture_desktop.ui.error_banner import ErrorBanner
from capture_desktop.ui.records.tasks import runner_for
from capture_desktop.ui.theme import text_colour

COMMON = ("email", "givenName", "familyName", "displayName")


def template(schema: Schema) -> dict[str, Any]:
    """A starting record: required attributes plus the usual name and email fields; for a
    type without those (an imported one, the demo consent), all its own attributes."""
    out: dict[str, Any] = {}
    own_type = not any(attr.name in COMMON for attr in schema.attrs)
    for attr in schema.attrs:
        if attr.is_system:
            continue
        if attr.required or attr.name in COMMON or own_type:
            out[attr.name] = {} if attr.type == "object" else [] if attr.type == "plural" else ""
    return out


def _is_object(text: str) -> bool:
    data, syntax = parse_json(text)
    return syntax is None and isinstance(data, dict)


class CreateDialog(QDialog):
    """Emits ``created(type_name, uuid)`` after a successful entity.create."""

    created = Signal(str, str)

    def __init__(
        self,
        service: RecordsService,
        type_name: str,
        schema: Schema,
        *,
        creation_slot_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        modeless(self, "CreateDialog", f"New {type_name} record")
        self.service = service
        self.type_name = type_name
        self.schema = schema
        self._runner = runner_for(service.session, self)
        self.result_ids: tuple[int, str] | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Entity type:", QLabel(f"<b>{type_name}</b>"))
        self.credential = QComboBox()
        self.credential.setAccessibleName("Create with")
        self.credential.addItem("Client credentials of this profile", None)
        for slot in service.token_slots("creation"):
            self.credential.addItem(f"Creation token: {slot.label}", slot.slot_id)
        if creation_slot_id is not None:
            index = self.credential.findData(creation_slot_id)
            self.credential.setCurrentIndex(max(index, 0))
        form.addRow("Create with:", self.credential)
        layout.addLayout(form)
        layout.addWidget(QLabel("Attributes (JSON). Leave out what you do not need; no ids."))
        self.editor = QPlainTextEdit(json.dumps(template(schema), indent=2))
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setAccessibleName("New record JSON")
        self.editor.setTabChangesFocus(True)  # Tab leaves the editor (no keyboard trap)
        layout.addWidget(self.editor, 1)
        self.problems = StatusLabel(assertive=True)
        self.problems.setStyleSheet(f"color: {text_colour('error')};")
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout.addWidget(self.problems)
        self.banner = ErrorBanner()
        layout.addWidget(self.banner)
        self.outcome = StatusLabel()
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setAccessibleDescription("Created record")
        self.outcome.setText("")  # empty: not a focus stop until it says something
        layout.addWidget(self.outcome)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton("Create", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setAccessibleDescription("Create the record")
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.create_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.close)
        layout.addWidget(buttons)
        self.resize(560, 480)
        if not schema.attrs:
            # Opened before the Records page had its schema (e.g. straight from the
            # creation-token wizard): validating against an empty schema would reject
            # every attribute, so nothing can be sent until the schema is here. The busy
            # state starts now, not when the task first runs.
            self._set_loading(True)
            self._runner.run(self._load_schema(), name="records.create.schema")

    def _set_loading(self, loading: bool) -> None:
        self.create_button.setEnabled(not loading)
        self.editor.setReadOnly(loading)
        self.outcome.setText("Loading the schema…" if loading else "")

    async def _load_schema(self) -> None:
        try:
            self.schema = schema_from(await self.service.schema(self.type_name))
        except Exception as exc:
            self.banner.show_error(exc)
            return
        finally:
            self._set_loading(False)
        # The editor was read-only meanwhile, so the placeholder template is still untouched.
        self.editor.setPlainText(json.dumps(template(self.schema), indent=2))

    def submit(self) -> None:
        text = self.editor.toPlainText()
        if self.schema.attrs:
            issues = validate_text(self.schema, text, creating=True)
        else:
            # No schema could be read (a client without entityType rights): check the JSON
            # only and let the server judge the attributes.
            issues = validate_text(Schema(self.type_name), text) if not _is_object(text) else []
        if issues:
            self.problems.setText("\n".join(f"• {i}" for i in issues))
            self.problems.show()
            return
        self.problems.hide()
        self._runner.run(self._create(json.loads(self.editor.toPlainText())), name="records.create")

    async def _create(self, attributes: dict[str, Any]) -> None:
        self.banner.clear()
        slot_id = self.credential.currentData()
        with busy(self.create_button, text="Creating…", status=self.outcome):
            try:
                new_id, uuid = await self.service.create(
                    self.type_name, attributes, str(slot_id) if slot_id else None
                )
            except Exception as exc:
                self.banner.show_error(exc)
                return
        self.result_ids = (new_id, uuid)
        created = f"Created: id <b>{new_id}</b>, uuid <b>{uuid}</b>."
        self.outcome.setText(f"{created} Opening it…")
        self.create_button.setEnabled(False)
        self.created.emit(self.type_name, uuid)  # the Records view opens it in a tab, now
        self.outcome.setText(f"{created} It is opened in its own tab; this window can close.")
        self.close_button.setDefault(True)
        self.close_button.setFocus()
