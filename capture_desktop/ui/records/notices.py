"""The record editor's notice strips: a draft of unsaved edits to restore, and a save that
met someone else's change (Capture's 330 timestamp mismatch)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from capture_desktop.store.drafts import Draft

NOT_KEPT_NOTE = (
    "Passwords are never kept in drafts: your new password was not kept; type it again "
    "after restoring."
)
CONFLICT_TEXT = (
    "<b>Someone else changed this record after you opened it</b> (error 330, timestamp "
    "mismatch). Nothing was saved, so their change is not lost. Your edits are kept (also as "
    "a draft). Reload and compare to see both, then save again."
)


class _Notice(QFrame):
    """A coloured strip, hidden until it has something to say, with room for buttons."""

    def __init__(self, colour: str, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(
            f"#{name} {{ border: 1px solid {colour}; border-left: 5px solid {colour};"
            " border-radius: 4px; }"
        )
        self.row = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.row.addWidget(self.label, 1)
        self.hide()


class DraftNotice(_Notice):
    """ "You have unsaved edits" to this record, with Restore and Discard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("#8a5a00", "DraftBanner", parent)
        self.restore_button = QPushButton("Restore my edits")
        self.discard_button = QPushButton("Discard draft")
        self.row.addWidget(self.restore_button)
        self.row.addWidget(self.discard_button)

    def show_draft(self, draft: Draft, *, newer: bool) -> None:
        """Offer ``draft``; ``newer`` when the record changed on the server since."""
        self.label.setText(
            f"<b>You have unsaved edits</b> to this record from {draft.saved_at[:19]} "
            f"({draft.reason or 'not saved'})."
            + (" The record has changed on the server since then." if newer else "")
            + (f"<br>{NOT_KEPT_NOTE}" if draft.passwords_dropped else "")
        )
        self.show()


class ConflictNotice(_Notice):
    """The save met a newer version of the record; "Reload and compare" shows both."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("#c62828", "ConflictBanner", parent)
        self.compare_button = QPushButton("Reload and compare")
        self.compare_button.setAccessibleName("Reload and compare")
        self.row.addWidget(self.compare_button)

    def show_conflict(self) -> None:
        self.label.setText(CONFLICT_TEXT)
        self.show()
