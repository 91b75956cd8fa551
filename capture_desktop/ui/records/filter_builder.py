"""The search bar's two modes: a filter builder (attribute, operator, value rows joined by
and/or) and raw filter text with the server's error shown in place.

The builder offers only attributes from the schema and operators valid for each type, writes
the filter with correct quoting (``filters.build_filter``), and shows Capture's pitfalls
(no ``contains``; email matches the full address) next to the row that would trip.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.editing.filters import (
    NULL_OPS,
    FilterRow,
    FilterValueError,
    build_filter,
    operators_for,
    raw_hints,
    row_hints,
)
from capture_desktop.editing.schema import Schema
from capture_desktop.ui.a11y import announce
from capture_desktop.ui.theme import text_colour

_PLACEHOLDERS = {
    "date": "2024-01-31",
    "dateTime": "2024-01-31 13:45:00",
    "boolean": "true or false",
    "integer": "a number",
    "decimal": "a number",
    "id": "a record id",
}


def _mono() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


class ConditionRow(QWidget):
    """One ``[and|or] attribute operator value [×]`` row."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, schema: Schema, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._schema = schema
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.join = QComboBox()
        self.join.addItems(["and", "or"])
        self.join.setAccessibleName("Combine with previous condition")
        self.join.setAccessibleDescription("Combine with previous condition")
        self.join.setVisible(not first)
        self.where = QLabel("where")
        self.where.setVisible(first)
        self.where.setMinimumWidth(self.join.sizeHint().width())
        self.attribute = QComboBox()
        # On Linux Qt exposes a combo box's value as its name ("email", "="): what the box is
        # for goes in the description, which screen readers speak after it.
        self.attribute.setAccessibleName("Attribute")
        self.attribute.setAccessibleDescription("Attribute")
        self.attribute.setMinimumContentsLength(16)
        for attr in schema.filterable():
            self.attribute.addItem(attr.path, attr.type)
            self.attribute.setItemData(
                self.attribute.count() - 1, f"type: {attr.type}", Qt.ItemDataRole.ToolTipRole
            )
        email = self.attribute.findText("email")
        if email >= 0:
            self.attribute.setCurrentIndex(email)
        self.operator = QComboBox()
        self.operator.setAccessibleName("Operator")
        self.operator.setAccessibleDescription("Operator")
        self.value = QLineEdit()
        self.value.setAccessibleName("Value")
        self.value.setClearButtonEnabled(True)
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleDescription("Remove condition")
        self.remove.setToolTip("Remove this condition")
        for w in (self.where, self.join, self.attribute, self.operator):
            layout.addWidget(w)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.remove)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {text_colour('warning')};")
        self.hint.setAccessibleDescription("Condition hint")
        self.hint.hide()
        self.attribute.currentIndexChanged.connect(self._attribute_changed)
        self.operator.currentIndexChanged.connect(self._operator_changed)
        self.join.currentIndexChanged.connect(self.changed)
        self.value.textChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self._attribute_changed()

    @property
    def attr_type(self) -> str:
        return str(self.attribute.currentData() or "string")

    def _attribute_changed(self) -> None:
        current = self.operator.currentText()
        self.operator.blockSignals(True)
        self.operator.clear()
        self.operator.addItems(list(operators_for(self.attr_type)))
        index = self.operator.findText(current)
        self.operator.setCurrentIndex(max(index, 0))
        self.operator.blockSignals(False)
        self.value.setPlaceholderText(_PLACEHOLDERS.get(self.attr_type, "value"))
        self._operator_changed()

    def _operator_changed(self) -> None:
        self.value.setEnabled(self.operator.currentText() not in NULL_OPS)
        self.changed.emit()

    def set_condition(self, path: str, op: str, value: str = "", join: str = "and") -> None:
        """Fill the row programmatically (tests, saved searches)."""
        self.attribute.setCurrentIndex(self.attribute.findText(path))
        self.operator.setCurrentIndex(self.operator.findText(op))
        self.value.setText(value)
        self.join.setCurrentIndex(self.join.findText(join))

    def to_row(self) -> FilterRow:
        return FilterRow(
            path=self.attribute.currentText(),
            attr_type=self.attr_type,
            op=self.operator.currentText(),
            value=self.value.text(),
            join=self.join.currentText(),
        )


class FilterBar(QTabWidget):
    """Builder and raw-text tabs; ``filter_text()`` gives what to send (or raises)."""

    search_requested = Signal()
    BUILDER, RAW = 0, 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Search filter")
        self.setDocumentMode(True)
        self._schema = Schema("")
        self.rows: list[ConditionRow] = []
        # Builder tab
        builder = QWidget()
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(4)
        add = QPushButton("+ Add condition")
        add.setAccessibleName("Add condition")
        add.clicked.connect(self._add_by_user)
        self._add_button = add
        self._clear = QPushButton("Clear")
        self._clear.setAccessibleDescription("Clear conditions")
        self._clear.clicked.connect(self.clear_conditions)
        self.preview = QLabel()
        self.preview.setFont(_mono())
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setAccessibleDescription("Filter preview")
        self.preview.setWordWrap(True)
        self.builder_error = QLabel()
        self.builder_error.setStyleSheet(f"color: {text_colour('error')};")
        self.builder_error.setWordWrap(True)
        self.builder_error.setAccessibleDescription("Filter problem")
        actions = QHBoxLayout()
        actions.addWidget(add)
        actions.addWidget(self._clear)
        actions.addWidget(QLabel("Filter:"))
        actions.addWidget(self.preview, 1)
        col = QVBoxLayout(builder)
        col.setContentsMargins(4, 6, 4, 4)
        col.addLayout(self._rows_box)
        col.addLayout(actions)
        col.addWidget(self.builder_error)
        note = QLabel(
            "“and” binds tighter than “or”. No partial-text search: Capture has no "
            "“contains”, and email matches the full address."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        col.addWidget(note)
        self.addTab(builder, "Filter builder")
        # Raw tab
        raw = QWidget()
        self.raw = QLineEdit()
        self.raw.setFont(_mono())
        self.raw.setAccessibleName("Filter text")
        self.raw.setPlaceholderText(
            "e.g. email = 'jane@example.com' and lastUpdated >= '2024-01-01'"
        )
        self.raw.returnPressed.connect(self.search_requested)
        self.raw.textChanged.connect(self._raw_changed)
        self.raw_hint = QLabel()
        self.raw_hint.setWordWrap(True)
        self.raw_hint.setStyleSheet(f"color: {text_colour('warning')};")
        self.raw_hint.setAccessibleDescription("Filter hint")
        self.raw_error = QLabel()
        self.raw_error.setWordWrap(True)
        self.raw_error.setStyleSheet(f"color: {text_colour('error')};")
        self.raw_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.raw_error.setAccessibleDescription("Server error for this filter")
        rcol = QVBoxLayout(raw)
        rcol.setContentsMargins(4, 6, 4, 4)
        rcol.addWidget(self.raw)
        rcol.addWidget(self.raw_hint)
        rcol.addWidget(self.raw_error)
        rcol.addStretch(1)
        self.addTab(raw, "Filter text")
        self.raw_hint.hide()
        self.raw_error.hide()
        self._refresh_preview()

    # ---- schema and rows ---------------------------------------------------------------------
    def set_schema(self, schema: Schema) -> None:
        same = schema == self._schema
        self._schema = schema
        if not same:
            self.clear_conditions()

    def add_condition(self) -> ConditionRow:
        row = ConditionRow(self._schema, first=not self.rows)
        row.changed.connect(self._refresh_preview)
        row.remove_requested.connect(self._remove)
        row.value.returnPressed.connect(self.search_requested)
        self.rows.append(row)
        self._rows_box.addWidget(row)
        self._rows_box.addWidget(row.hint)
        self._refresh_preview()
        return row

    def _add_by_user(self) -> None:
        """The new row goes into the Tab order where it shows (just before "Add
        condition", after the rows above it) and takes the keyboard."""
        # Qt only reorders after a widget that takes Tab focus: the tab bar or the last row.
        before: QWidget = self
        walk = self._add_button.previousInFocusChain()
        while walk is not None and walk is not self:
            if walk.focusPolicy() & Qt.FocusPolicy.TabFocus:
                before = walk
                break
            walk = walk.previousInFocusChain()
        row = self.add_condition()
        chain: list[QWidget] = [row.join, row.attribute, row.operator, row.value, row.remove]
        for first, second in itertools.pairwise([before, *chain]):
            QWidget.setTabOrder(first, second)
        row.show()  # the layout would show it only on the next event-loop turn
        row.attribute.setFocus(Qt.FocusReason.TabFocusReason)

    def _remove(self, row: ConditionRow) -> None:
        self.rows.remove(row)
        for w in (row, row.hint):
            self._rows_box.removeWidget(w)
            w.deleteLater()
        if self.rows:
            self.rows[0].join.setVisible(False)
            self.rows[0].where.setVisible(True)
        self._refresh_preview()

    def clear_conditions(self) -> None:
        for row in list(self.rows):
            self._remove(row)

    # ---- output ------------------------------------------------------------------------------
    def builder_text(self) -> str:
        """The builder's filter; raises FilterValueError naming the bad row."""
        rows = []
        for n, widget in enumerate(self.rows, start=1):
            row = widget.to_row()
            try:
                row.render()
            except FilterValueError as exc:
                raise FilterValueError(f"Condition {n} ({row.path}): {exc}") from exc
            rows.append(row)
        return build_filter(rows)

    def filter_text(self) -> str:
        if self.currentIndex() == self.RAW:
            return self.raw.text().strip()
        return self.builder_text()

    def _refresh_preview(self) -> None:
        for widget in self.rows:
            attr = self._schema.find_path(widget.attribute.currentText())
            hints = row_hints(widget.to_row(), attr)
            widget.hint.setText(" ".join(hints))
            widget.hint.setVisible(bool(hints))
        try:
            text = self.builder_text()
        except FilterValueError as exc:
            self.builder_error.setText(str(exc))
            self.builder_error.show()
            self.preview.setText("(incomplete)")
            return
        self.builder_error.hide()
        self.preview.setText(text or "(none: all records)")

    def _raw_changed(self) -> None:
        self.raw_error.hide()
        hints = raw_hints(self.raw.text())
        self.raw_hint.setText(" ".join(hints))
        self.raw_hint.setVisible(bool(hints))

    def show_server_error(self, message: str) -> None:
        """Show the server's refusal of the filter in place (raw mode)."""
        self.setCurrentIndex(self.RAW)
        self.raw_error.setText(message)
        self.raw_error.show()
        announce(self.raw_error, message, assertive=True)

    def use_raw(self, text: str) -> None:
        self.setCurrentIndex(self.RAW)
        self.raw.setText(text)
