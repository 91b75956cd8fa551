"""Non-modal delete confirmation: the user types the record's email or id to enable Delete.

It states what goes (the whole record or one plural element), that a JSON backup is written
first, and where. The deletion itself is done by the editor after ``confirmed``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.ui.dialogs import modeless
from capture_desktop.ui.theme import text_colour


def confirmation_words(record: dict[str, Any]) -> list[str]:
    """What the user may type to confirm: the email and/or the id."""
    words = []
    email = record.get("email")
    if isinstance(email, str) and email:
        words.append(email)
    if record.get("id") is not None:
        words.append(str(record["id"]))
    return words


class DeleteDialog(QDialog):
    """Confirm a delete. ``element_path`` (``statuses#12``) deletes one plural element."""

    confirmed = Signal()

    def __init__(
        self,
        record: dict[str, Any],
        backup_folder: Path,
        *,
        element_path: str | None = None,
        environment: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        modeless(self, "DeleteDialog", "Delete element" if element_path else "Delete record")
        self.words = confirmation_words(record)
        who = escape(str(record.get("email") or record.get("uuid") or record.get("id")))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        title = QLabel(
            f"<h3 style='color:{text_colour('error')}'>"
            + ("Delete this element?" if element_path else "Delete this record?")
            + "</h3>"
        )
        layout.addWidget(title)
        if element_path:
            what = (
                f"This deletes the plural element <b>{escape(element_path)}</b> of the record "
                f"<b>{who}</b> (id {record.get('id')}). The rest of the record stays."
            )
        else:
            what = (
                f"This permanently deletes the record <b>{who}</b> (id {record.get('id')}, "
                f"uuid {escape(str(record.get('uuid')))}). Capture cannot undo it."
            )
        if environment == "production":
            red = text_colour("error")
            what = f"<span style='color:{red}'><b>Production data.</b></span> " + what
        heading = QLabel(what)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        backup = QLabel(
            "A JSON backup of the whole record is written first, to:<br>"
            f"<code>{escape(str(backup_folder))}</code><br>If the backup cannot be written, "
            "nothing is deleted."
        )
        backup.setWordWrap(True)
        backup.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(backup)
        prompt_words = " or ".join(f"<b>{escape(w)}</b>" for w in self.words)
        prompt = QLabel(f"To confirm, type the record's {self._kinds()}: {prompt_words}")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setAccessibleName("Type the email or id to confirm")
        self.confirm_edit.setPlaceholderText(self.words[0] if self.words else "")
        self.confirm_edit.textChanged.connect(self._check)
        prompt.setBuddy(self.confirm_edit)
        layout.addWidget(self.confirm_edit)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.delete_button = buttons.addButton(
            "Delete element" if element_path else "Delete record",
            QDialogButtonBox.ButtonRole.DestructiveRole,
        )
        self.delete_button.setAccessibleName("Confirm delete")
        self.delete_button.setStyleSheet(
            "QPushButton:enabled { background: #c62828; color: white; padding: 4px 12px; }"
        )
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._confirm)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.resize(560, self.heightForWidth(560) if self.hasHeightForWidth() else 300)

    def _kinds(self) -> str:
        return "email or id" if len(self.words) > 1 else "id"

    def matches(self) -> bool:
        typed = self.confirm_edit.text().strip()
        return bool(typed) and any(typed.lower() == w.lower() for w in self.words)

    def _check(self) -> None:
        self.delete_button.setEnabled(self.matches())

    def _confirm(self) -> None:
        if not self.matches():
            return
        self.accept()
        self.confirmed.emit()
