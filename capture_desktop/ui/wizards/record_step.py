"""Step "Type and record": pick the entity type and one record, four ways.

The record can be chosen by uuid, by id, by a unique key attribute and value, or through a
search picker that looks the email address up with ``entity.find``. The type list comes from
``entityType.list``; a client that may not list types can still type a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.services.flows import email_filter
from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.step import WizardStep
from capture_desktop.ui.wizards.widgets import EntityTypePicker, hint, ok_text

if TYPE_CHECKING:
    from capture_desktop.api.selectors import RecordSelector
    from capture_desktop.ui.wizards.base import WizardBase

MODES = ("uuid", "id", "key", "search")
MODE_LABELS = {
    "uuid": "By uuid",
    "id": "By id",
    "key": "By key attribute",
    "search": "Search by email",
}


@dataclass(frozen=True)
class RecordPreset:
    """A record chosen elsewhere (Records view): the wizard opens with it selected."""

    type_name: str
    selector: RecordSelector
    label: str | None = None


class RecordStep(WizardStep):
    """Chooses ``type_name`` and a ``RecordSelector`` into the wizard's state; complete when
    both are valid."""

    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(
            wizard,
            "Type and record",
            "Choose the entity type and the record the access token will be for. "
            "The token will reach <i>only</i> this record.",
        )
        self._types_loaded = False
        default_type = wizard.state.type_name
        self.found_label: str | None = None

        form = QFormLayout()
        self.types = EntityTypePicker(default_type)
        self.types.load_clicked.connect(self._load_types_clicked)
        form.addRow("Entity type:", self.types)

        mode_row = QHBoxLayout()
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for i, mode in enumerate(MODES):
            button = QRadioButton(MODE_LABELS[mode])
            button.setAccessibleName(MODE_LABELS[mode])
            self.mode_group.addButton(button, i)
            self.mode_buttons[mode] = button
            mode_row.addWidget(button)
        mode_row.addStretch(1)
        form.addRow("Find the record:", mode_row)
        self.body.addLayout(form)

        self.inputs = QStackedWidget()
        self.inputs.addWidget(self._uuid_page())
        self.inputs.addWidget(self._id_page())
        self.inputs.addWidget(self._key_page())
        self.inputs.addWidget(self._search_page())
        self.body.addWidget(self.inputs)
        self.status = self.add_status("Record selection status")

        self.mode_group.idToggled.connect(self._mode_toggled)
        self.types.type_changed.connect(lambda _t: self._validate())
        self.mode_buttons["search"].setChecked(True)
        self.request.set_request(
            "/entity.find", {"type_name": default_type, "filter": ""}, auth=self.flows.auth_label()
        )

    # -- input pages ---------------------------------------------------------------------
    def _field(self, name: str, placeholder: str = "", text: str = "") -> QLineEdit:
        """One input of a selector; any change re-checks the selection."""
        edit = QLineEdit(text)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.textChanged.connect(lambda _t: self._validate())
        return edit

    def _uuid_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.uuid_edit = self._field("Record uuid", "e.g. 0b5e0d3c-4b0e-4a52-9f3e-3f3c2c1d9a10")
        form.addRow("uuid:", self.uuid_edit)
        return page

    def _id_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.id_edit = self._field("Record id", "e.g. 12")
        self.id_edit.setValidator(QIntValidator(1, 2**31 - 1, self.id_edit))
        form.addRow("id:", self.id_edit)
        return page

    def _key_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.key_attr_edit = self._field("Key attribute", text="email")
        self.key_value_edit = self._field("Key value", "e.g. alice@example.com")
        form.addRow("Attribute:", self.key_attr_edit)
        form.addRow("Value:", self.key_value_edit)
        form.addRow("", hint("The attribute must be unique in the schema (email usually is)."))
        return page

    def _search_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Full email address, e.g. alice@example.com")
        self.search_edit.setAccessibleName("Email to search for")
        self.search_edit.returnPressed.connect(self._search_clicked)
        self.search_button = QPushButton("Search")
        self.search_button.setAccessibleDescription("Search records by email")
        self.search_button.clicked.connect(self._search_clicked)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.search_button)
        layout.addLayout(row)
        layout.addWidget(hint("Capture matches the whole address; partial emails find nothing."))
        self.results = QListWidget()
        self.results.setAccessibleName("Matching records")
        self.results.setMaximumHeight(110)
        self.results.currentItemChanged.connect(lambda *_a: self._validate())
        layout.addWidget(self.results)
        return page

    # -- behaviour -----------------------------------------------------------------------
    def mode(self) -> str:
        return MODES[max(0, self.mode_group.checkedId())]

    def type_name(self) -> str:
        return self.types.type_name()

    def _mode_toggled(self, index: int, checked: bool) -> None:
        if checked:
            self.inputs.setCurrentIndex(index)
            self._validate()

    def apply_preset(self, preset: RecordPreset) -> None:
        self.types.combo.setEditText(preset.type_name)
        sel = preset.selector
        if sel.kind == "uuid":
            self.mode_buttons["uuid"].setChecked(True)
            self.uuid_edit.setText(str(sel.value))
        elif sel.kind == "id":
            self.mode_buttons["id"].setChecked(True)
            self.id_edit.setText(str(sel.value))
        else:
            self.mode_buttons["key"].setChecked(True)
            self.key_attr_edit.setText(sel.key_attribute or "")
            self.key_value_edit.setText(str(sel.value))
        self.found_label = preset.label
        self._validate()

    def selector(self) -> RecordSelector | None:
        from capture_desktop.api.selectors import RecordSelector

        mode = self.mode()
        if mode == "uuid" and self.uuid_edit.text().strip():
            return RecordSelector.by_uuid(self.uuid_edit.text().strip())
        if mode == "id" and self.id_edit.text().strip().isdigit():
            return RecordSelector.by_id(int(self.id_edit.text().strip()))
        if mode == "key" and self.key_attr_edit.text().strip() and self.key_value_edit.text():
            return RecordSelector.by_key(
                self.key_attr_edit.text().strip(), self.key_value_edit.text().strip()
            )
        if mode == "search":
            item = self.results.currentItem()
            if item is not None:
                uuid = item.data(Qt.ItemDataRole.UserRole)
                if uuid:
                    return RecordSelector.by_uuid(str(uuid))
        return None

    def record_label(self) -> str:
        """A short human name for the chosen record (email when known)."""
        mode = self.mode()
        if mode == "search" and self.results.currentItem() is not None:
            return str(self.results.currentItem().data(Qt.ItemDataRole.UserRole + 1))
        if mode == "key":
            return self.key_value_edit.text().strip()
        sel = self.selector()
        return self.found_label or (str(sel) if sel else "")

    def _validate(self) -> None:
        sel = self.selector() if self.type_name() else None
        state = self.wizard.state
        state.type_name = self.type_name()
        state.selector = sel
        state.record_label = self.record_label() if sel is not None else ""
        if sel is not None:
            label = self.record_label()
            who = f"{label} ({sel})" if label and label not in str(sel) else str(sel)
            self.status.setText(ok_text(f"Selected {self.type_name()} record: {who}"))
        else:
            self.status.setText("")
        self.set_complete(sel is not None)

    def on_enter(self) -> None:
        if not self._types_loaded:
            self._types_loaded = True
            self.wizard.spawn(self.load_types(), "load-types")

    def _load_types_clicked(self) -> None:
        self.wizard.spawn(self.load_types(), "load-types")

    async def load_types(self) -> None:
        self.request.set_request("/entityType.list", {}, auth=self.flows.auth_label())
        self.error.clear()
        with busy(self.types.button, text="Loading…", relabel=True):
            try:
                types = await self.flows.entity_types()
            except Exception as exc:
                self.error.show_error(exc)
                return
        self.response.set_response({"results": types, "stat": "ok"})
        self.types.set_types(types)

    def _search_clicked(self) -> None:
        if self.search_edit.text().strip():
            self.wizard.spawn(self.search(), "search-records")

    async def search(self) -> None:
        email = self.search_edit.text().strip()
        params: dict[str, Any] = {
            "type_name": self.type_name(),
            "filter": email_filter(email),
            "attributes": '["uuid","id","email","displayName"]',
            "max_results": 20,
        }
        self.request.set_request("/entity.find", params, auth=self.flows.auth_label())
        self.error.clear()
        self.results.clear()
        with busy(self.search_button, text="Searching…", relabel=True):
            try:
                found = await self.flows.find_by_email(self.type_name(), email)
            except Exception as exc:
                self.error.show_error(exc)
                return
        self.response.set_response({"results": found, "result_count": len(found), "stat": "ok"})
        for record in found:
            name = record.get("displayName") or ""
            where = f"id {record.get('id')}, {record.get('uuid')}"
            text = f"{record.get('email', '')}  —  {name}  ({where})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record.get("uuid"))
            item.setData(Qt.ItemDataRole.UserRole + 1, record.get("email") or record.get("uuid"))
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
            self.status.setText(ok_text(f"{len(found)} record(s) found; the first is selected."))
        else:
            self.status.setText(f"No {self.type_name()} record has the email {email!r}.")
        self._validate()
