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
    QComboBox,
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

from capture_desktop.ui.wizards.base import StepPage
from capture_desktop.ui.wizards.busy import busy
from capture_desktop.ui.wizards.widgets import hint, ok_text, status_label

if TYPE_CHECKING:
    from capture_desktop.api.selectors import RecordSelector
    from capture_desktop.ui.wizards.backend import WizardBackend
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


def email_filter(email: str) -> str:
    """An ``entity.find`` filter for one email; single quotes are doubled inside literals."""
    return "email = '" + email.strip().replace("'", "''") + "'"


class RecordStep(StepPage):
    """Chooses ``type_name`` and a ``RecordSelector``; complete when both are valid."""

    def __init__(self, wizard: WizardBase, backend: WizardBackend, default_type: str) -> None:
        super().__init__(
            "Type and record",
            "Choose the entity type and the record the access token will be for. "
            "The token will reach <i>only</i> this record.",
        )
        self.wizard = wizard
        self.backend = backend
        self._types_loaded = False
        self.found_label: str | None = None

        form = QFormLayout()
        type_row = QHBoxLayout()
        self.type_combo = QComboBox()
        self.type_combo.setEditable(True)
        self.type_combo.setAccessibleName("Entity type")
        editor = self.type_combo.lineEdit()
        if editor is not None:  # the text field inside the editable combo
            editor.setAccessibleName("Entity type (typed)")
        self.type_combo.setMinimumWidth(220)
        self.type_combo.setEditText(default_type)
        self.reload_types = QPushButton("Load types")
        self.reload_types.setAccessibleDescription("Load entity types")
        self.reload_types.setToolTip("Ask Capture for its entity types (entityType.list)")
        self.reload_types.clicked.connect(self._load_types_clicked)
        type_row.addWidget(self.type_combo, 1)
        type_row.addWidget(self.reload_types)
        form.addRow("Entity type:", type_row)

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
        self.status = status_label("Record selection status")
        self.body.addWidget(self.status)

        self.mode_group.idToggled.connect(self._mode_toggled)
        self.type_combo.editTextChanged.connect(lambda _t: self._validate())
        self.mode_buttons["search"].setChecked(True)
        self.request.set_request(
            "/entity.find", {"type_name": default_type, "filter": ""}, auth=backend.auth_label()
        )

    # -- input pages ---------------------------------------------------------------------
    def _uuid_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.uuid_edit = QLineEdit()
        self.uuid_edit.setPlaceholderText("e.g. 0b5e0d3c-4b0e-4a52-9f3e-3f3c2c1d9a10")
        self.uuid_edit.setAccessibleName("Record uuid")
        self.uuid_edit.textChanged.connect(lambda _t: self._validate())
        form.addRow("uuid:", self.uuid_edit)
        return page

    def _id_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.id_edit = QLineEdit()
        self.id_edit.setValidator(QIntValidator(1, 2**31 - 1, self.id_edit))
        self.id_edit.setPlaceholderText("e.g. 12")
        self.id_edit.setAccessibleName("Record id")
        self.id_edit.textChanged.connect(lambda _t: self._validate())
        form.addRow("id:", self.id_edit)
        return page

    def _key_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.key_attr_edit = QLineEdit("email")
        self.key_attr_edit.setAccessibleName("Key attribute")
        self.key_value_edit = QLineEdit()
        self.key_value_edit.setPlaceholderText("e.g. alice@example.com")
        self.key_value_edit.setAccessibleName("Key value")
        for edit in (self.key_attr_edit, self.key_value_edit):
            edit.textChanged.connect(lambda _t: self._validate())
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
        return self.type_combo.currentText().strip()

    def _mode_toggled(self, index: int, checked: bool) -> None:
        if checked:
            self.inputs.setCurrentIndex(index)
            self._validate()

    def apply_preset(self, preset: RecordPreset) -> None:
        self.type_combo.setEditText(preset.type_name)
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
        self.request.set_request("/entityType.list", {}, auth=self.backend.auth_label())
        self.error.clear()
        current = self.type_name()
        with busy(self.reload_types, "Loading…"):
            try:
                types = await self.backend.entity_types()
            except Exception as exc:
                self.error.show_error(exc)
                return
        self.response.set_response({"results": types, "stat": "ok"})
        self.type_combo.clear()
        self.type_combo.addItems(types)
        self.type_combo.setEditText(current if current else (types[0] if types else ""))

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
        self.request.set_request("/entity.find", params, auth=self.backend.auth_label())
        self.error.clear()
        self.results.clear()
        with busy(self.search_button, "Searching…"):
            try:
                found = await self.backend.find_by_email(self.type_name(), email)
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
