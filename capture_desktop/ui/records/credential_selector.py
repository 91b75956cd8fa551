"""The always-visible "Acting as" selector: admin (client credentials) or a token holder.

As a token holder the view reaches only the token's own record, as Capture does. The label
beside it says what the current client's features allow (e.g. read-only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from capture_desktop.services.records import ADMIN, Credential, Permissions

if TYPE_CHECKING:
    from capture_desktop.store.slots import TokenSlot


def slot_label(slot: TokenSlot) -> str:
    who = slot.email or slot.record_uuid or "?"
    return f"Token holder: {slot.label or slot.slot_id} ({who})"


class CredentialSelector(QWidget):
    """Combo of credentials plus a permissions badge."""

    credential_changed = Signal(object)  # Credential

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Acting as:")
        self.combo = QComboBox()
        self.combo.setAccessibleName("Acting as")
        self.combo.setToolTip(
            "Admin uses the profile's client credentials and can search all records. "
            "A token holder uses an access-token slot and reaches only its own record."
        )
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        caption.setBuddy(self.combo)
        self.badge = QLabel()
        self.badge.setAccessibleDescription("What this client may do")
        layout.addWidget(caption)
        layout.addWidget(self.combo)
        layout.addWidget(self.badge)
        layout.addStretch(1)
        self._creds: list[Credential] = []
        self.combo.currentIndexChanged.connect(self._changed)
        self.set_slots([], client_id=None)

    def set_slots(self, slots: list[TokenSlot], client_id: str | None) -> None:
        """Rebuild the list, keeping the current choice when it still exists."""
        current = self.credential()
        admin_label = "Admin: client credentials" + (f" ({client_id})" if client_id else "")
        self._creds = [Credential("admin", None, admin_label)]
        for slot in slots:
            self._creds.append(
                Credential(
                    "token",
                    slot.slot_id,
                    slot_label(slot),
                    slot.record_uuid,
                )
            )
        self.combo.blockSignals(True)
        self.combo.clear()
        for cred in self._creds:
            self.combo.addItem(cred.label)
        keep = next((i for i, c in enumerate(self._creds) if c.slot_id == current.slot_id), 0)
        self.combo.setCurrentIndex(keep)
        self.combo.blockSignals(False)
        if self.credential() != current:
            self._changed()

    def credential(self) -> Credential:
        index = self.combo.currentIndex()
        return self._creds[index] if 0 <= index < len(self._creds) else ADMIN

    def select_slot(self, slot_id: str | None) -> None:
        for i, cred in enumerate(self._creds):
            if cred.slot_id == slot_id:
                self.combo.setCurrentIndex(i)
                return

    def set_permissions(self, perms: Permissions) -> None:
        if perms.features is None:
            text, colour = "features unknown", "#666666"
        elif perms.read_only:
            text, colour = "Read-only client (direct_read_access)", "#8a5a00"
        elif perms.can_write:
            text, colour = "Read and write", "#2e7d32"
        else:
            text, colour = "This client cannot read records", "#c62828"
        self.badge.setText(text)
        self.badge.setToolTip(perms.describe())
        self.badge.setStyleSheet(
            f"color: white; background: {colour}; border-radius: 3px; padding: 1px 6px;"
        )

    def _changed(self) -> None:
        self.credential_changed.emit(self.credential())
