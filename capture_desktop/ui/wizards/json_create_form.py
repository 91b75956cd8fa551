"""A minimal JSON create form: ``entity.create`` authorised by a creation-token slot.

Stands in for the record editor's create mode when the main window does not offer
``start_record_create``. The user types the attributes as a JSON object; the app checks the
syntax before sending and shows the new id and uuid.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.widgets import (
    ErrorPanel,
    RequestPreview,
    ResponseView,
    action_button,
    button_row,
    ok_text,
    status_label,
)

if TYPE_CHECKING:
    from capture_desktop.api.models import CreateResult
    from capture_desktop.services.flows import FlowService

EXAMPLE = '{\n  "email": "new.user@example.com",\n  "givenName": "New",\n  "familyName": "User"\n}'


class JsonCreateForm(QWidget):
    """Attributes editor + Create button; emits ``created(id, uuid)``."""

    created = Signal(object, object)

    def __init__(
        self,
        flows: FlowService,
        spawn: Callable[[Coroutine[Any, Any, Any], str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.flows = flows
        self._spawn = spawn
        self.type_name = ""
        self._token: str | None = None
        self.result: CreateResult | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Attributes of the new record, as a JSON object:")
        layout.addWidget(caption)
        self.editor = QPlainTextEdit(EXAMPLE)
        self.editor.setTabChangesFocus(True)  # Tab leaves the editor (no keyboard trap)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setAccessibleName("New record attributes (JSON)")
        self.editor.setMinimumHeight(110)
        self.editor.setMaximumHeight(150)
        self.editor.textChanged.connect(self._preview)
        layout.addWidget(self.editor)
        self.create_button = action_button(
            "Create record",
            "Create the record with the creation token",
            lambda: self._spawn(self.create_record(), "create-record"),
        )
        layout.addLayout(button_row(self.create_button))
        self.status = status_label("Create status")
        layout.addWidget(self.status)
        self.error = ErrorPanel()
        layout.addWidget(self.error)
        io = QHBoxLayout()
        self.request = RequestPreview()
        self.response = ResponseView()
        io.addWidget(self.request, 1)
        io.addWidget(self.response, 1)
        layout.addLayout(io)

    def set_target(self, type_name: str, creation_token: str | None) -> None:
        """The type to create and the creation token (kept in memory only, never shown)."""
        self.type_name = type_name
        self._token = creation_token
        self.create_button.setEnabled(creation_token is not None)
        self._preview()

    def _preview(self) -> None:
        self.request.set_request(
            "/entity.create",
            {
                "type_name": self.type_name,
                "attributes": " ".join(self.editor.toPlainText().split()),
                "creation_token": self._token or "",
            },
            auth="creation token (no client credentials)",
        )

    def attributes(self) -> dict[str, Any]:
        value = json.loads(self.editor.toPlainText())
        if not isinstance(value, dict):
            raise ValueError('The attributes must be a JSON object: { "name": value, … }')
        return value

    async def create_record(self) -> None:
        self.error.clear()
        try:
            attributes = self.attributes()
        except ValueError as exc:
            from capture_desktop.services.error_text import ErrorInfo

            self.error.show_info(ErrorInfo("The attributes are not valid JSON", str(exc), []))
            return
        if self._token is None:
            return
        with busy(self.create_button, self.editor, text="Creating…", relabel=True):
            with self.flows.watch() as watch:
                try:
                    result = await self.flows.create_record(self.type_name, attributes, self._token)
                except Exception as exc:
                    self.response.show_call(watch, "entity.create")
                    self.error.show_error(exc)
                    return
            self.response.show_call(
                watch, "entity.create", {"id": result.id, "uuid": result.uuid, "stat": "ok"}
            )
        self.result = result
        self.status.setText(
            ok_text(f"Created {self.type_name} record id {result.id}, uuid {result.uuid}")
        )
        self.created.emit(result.id, result.uuid)
