"""Non-modal dialogs that show a record diff: "review before saving" (with the choice of
Update or Replace) and "compare with the server's version" after a 330 conflict.

Given the schema, password values are never shown: "•••• (set)" / "•••• (new value)".
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.editing.diff import Change, removed_elements, short
from capture_desktop.editing.passwords import change_texts
from capture_desktop.editing.schema import Schema
from capture_desktop.ui.a11y import keyboard_table, plain
from capture_desktop.ui.dialogs import modeless
from capture_desktop.ui.theme import text_colour

KIND_COLOURS = {"added": "ok", "removed": "error", "changed": "info"}
KIND_WORDS = {"added": "added", "removed": "removed", "changed": "changed"}

UPDATE_TEXT = (
    "Update (merge): sends only the changes; everything else stays as it is. New plural "
    "elements are appended."
)
REPLACE_TEXT = (
    "Replace: writes the whole record; anything not given becomes null, and every plural "
    "element is recreated with a new id."
)


def field_label(path: str) -> str:
    """How a change path reads in the table: ``statuses[+1]`` is a new element."""
    if path.endswith("]") and "[+" in path:
        return path[: path.index("[+")] + " (new element)"
    return path


def _text(value: object, limit: int = 80) -> str:
    # The password masks are shown as they are, not as JSON strings.
    return value if isinstance(value, str) and value.startswith("••••") else short(value, limit)


def changes_table(
    changes: list[Change], old_title: str, new_title: str, schema: Schema | None = None
) -> QTableWidget:
    table = QTableWidget(len(changes), 4)
    table.setAccessibleName("Changes")
    table.setHorizontalHeaderLabels(["Field", "Change", old_title, new_title])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    keyboard_table(table)
    header = table.horizontalHeader()
    header.setAccessibleName("Change columns")
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    for row, change in enumerate(changes):
        kind = QTableWidgetItem(KIND_WORDS[change.kind])
        kind.setForeground(QBrush(QColor(text_colour(KIND_COLOURS[change.kind]))))
        shown_old, shown_new = change_texts(schema, change.path, change.old, change.new)
        old = QTableWidgetItem(_text(shown_old) if change.kind != "added" else "—")
        new = QTableWidgetItem(_text(shown_new) if change.kind != "removed" else "—")
        old.setToolTip(_text(shown_old, 2000))
        new.setToolTip(_text(shown_new, 2000))
        field = QTableWidgetItem(field_label(change.path))
        field.setToolTip(change.path)
        for col, item in enumerate((field, kind, old, new)):
            table.setItem(row, col, item)
    # Size to the rows (up to a limit), so short diffs do not float in empty space.
    rows_height = sum(table.rowHeight(r) for r in range(min(len(changes), 12)))
    fitted = table.horizontalHeader().sizeHint().height() + rows_height + 6
    table.setMinimumHeight(min(fitted, 380))
    table.setMaximumHeight(fitted if len(changes) <= 12 else 380)
    return table


class DiffDialog(QDialog):
    """Review changes, pick Update or Replace, then Save. Emits ``save_chosen(mode)``."""

    save_chosen = Signal(str)  # "update" | "replace"

    def __init__(
        self,
        changes: list[Change],
        *,
        environment: str = "",
        schema: Schema | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        modeless(self, "DiffDialog", "Review changes before saving")
        self.changes = changes
        layout = QVBoxLayout(self)
        self._environment = environment
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleDescription("What will be sent")
        layout.addWidget(self.heading)
        self.table = changes_table(changes, "Before", "After", schema)
        layout.addWidget(self.table)
        self.update_radio = QRadioButton(UPDATE_TEXT)
        self.replace_radio = QRadioButton(REPLACE_TEXT)
        # Spoken names start with the visible words (WCAG 2.5.3); the rest is a description.
        for radio, text in ((self.update_radio, UPDATE_TEXT), (self.replace_radio, REPLACE_TEXT)):
            name, _colon, rest = text.partition(": ")
            radio.setAccessibleName(name)
            radio.setAccessibleDescription(rest)
        group = QButtonGroup(self)
        group.addButton(self.update_radio)
        group.addButton(self.replace_radio)
        self.update_radio.setChecked(True)
        layout.addWidget(self.update_radio)
        layout.addWidget(self.replace_radio)
        self.removed = removed_elements(changes)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {text_colour('warning')};")
        if self.removed:
            self.note.setText(
                "Removing plural elements ("
                + ", ".join(self.removed)
                + ") cannot be done with Update, which only adds and changes. Replace is "
                "selected; or use “Delete element” on the record instead."
            )
            self.replace_radio.setChecked(True)
            self.update_radio.setEnabled(False)
        else:
            self.note.hide()
        layout.addWidget(self.note)
        self.replace_radio.toggled.connect(lambda _on: self._say_what_is_sent())
        self._say_what_is_sent()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleDescription("Send the changes")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(780, self.sizeHint().height())

    def mode(self) -> str:
        return "replace" if self.replace_radio.isChecked() else "update"

    def _say_what_is_sent(self) -> None:
        count = len(self.changes)
        if self.replace_radio.isChecked():
            text = (
                f"<b>The whole record is rewritten</b> with the edited version ({count} "
                f"change{'s' if count != 1 else ''} shown below). Attributes left out are "
                "cleared, and every plural element gets a new id."
            )
        else:
            text = f"<b>{count} change{'s' if count != 1 else ''}</b> will be sent to Capture."
        if self._environment == "production":
            text += (
                f" <span style='color:{text_colour('error')}'>"
                f"<b>Environment: {self._environment}</b></span>"
            )
        self.heading.setText(text)
        # A reader speaks the words shown (WCAG 2.5.3), which change with the mode.
        self.heading.setAccessibleName(plain(text))

    def _save(self) -> None:
        mode = self.mode()
        self.accept()
        self.save_chosen.emit(mode)


class CompareDialog(QDialog):
    """After a 330: what changed on the server, and what saving again would send."""

    def __init__(
        self,
        changes: list[Change],
        *,
        theirs: list[Change] | None = None,
        both: list[str] | None = None,
        schema: Schema | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        modeless(self, "CompareDialog", "Compare: the server's version and your edits")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>Someone else saved this record after you opened it</h3>"))
        self.theirs = theirs or []
        if self.theirs:
            layout.addWidget(QLabel("<b>Their change</b> (now on the server, kept):"))
            self.theirs_table = changes_table(
                self.theirs, "When you opened it", "On the server now", schema
            )
            layout.addWidget(self.theirs_table)
        text = QLabel(
            "<b>Your edits</b>, reapplied on top of the server's version; this is what saving "
            "again would change:"
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.table = changes_table(changes, "On the server now", "Your edits", schema)
        layout.addWidget(self.table)
        self.both = both or []
        if self.both:
            warn = QLabel(
                "Changed by both of you: <b>"
                + ", ".join(self.both)
                + "</b>. Your value wins if you save; check it first."
            )
            warn.setWordWrap(True)
            warn.setStyleSheet(f"color: {text_colour('error')};")
            layout.addWidget(warn)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(780, self.sizeHint().height())
