"""The record editor's "More" button: its menu revokes every token of the record at the
server (``entity.deleteAccess``), after a non-modal confirmation.

Disabled, with a tooltip naming the features, for a client that may not call it. The call
runs on the editor's task runner; its outcome goes to the status line, a failure also to
``failed``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QMessageBox, QToolButton, QWidget

from capture_desktop.services.records import Permissions
from capture_desktop.ui.busy import busy
from capture_desktop.ui.records.target import RecordTarget
from capture_desktop.ui.revoke_question import revoke_question

REVOKE_NEEDS_FEATURE = (
    "Needs a client with the owner, access_issuer or direct_access feature; this client may "
    "not call entity.deleteAccess."
)
REVOKE_TIP = "Revoke every access and refresh token of this record at the server"


class RevokeMenu(QToolButton):
    """ "More" → "Revoke all tokens for this record…"; ``failed(exception)`` when refused."""

    started = Signal()
    failed = Signal(object)

    def __init__(
        self,
        target: RecordTarget,
        who: Callable[[], str],
        *,
        status: QLabel,
        parent: QWidget | None = None,
    ) -> None:
        """``who`` names the record in the question (its email, or its uuid)."""
        super().__init__(parent)
        self.target = target
        self._who = who
        self._status = status
        # Rarer actions go in an overflow menu, so the action row never grows wider.
        self.action = QAction("Revoke all tokens for this record…", self)
        self.action.setToolTip(REVOKE_TIP)
        self.action.triggered.connect(self.ask)
        self.box: QMessageBox | None = None
        self.confirm: QAbstractButton | None = None
        more = QMenu(self)
        more.setToolTipsVisible(True)  # a disabled action says which feature it needs
        more.addAction(self.action)
        self.setText("More")
        self.setAccessibleName("More record actions")
        self.setMenu(more)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def set_allowed(self, permissions: Permissions, *, gone: bool) -> None:
        allowed = permissions.can_revoke_access
        self.action.setEnabled(allowed and not gone)
        self.action.setToolTip(REVOKE_TIP if allowed else REVOKE_NEEDS_FEATURE)

    def ask(self) -> QMessageBox | None:
        """Confirm (non-modally: no nested event loop), then revoke the record's tokens."""
        if self.target.uuid() is None or not self.action.isEnabled():
            return None
        if self.box is not None:
            self.box.close()
        box, revoke = revoke_question(
            self,
            self._who(),
            "It is called with this profile's client credentials, and written to the audit log.",
        )
        box.buttonClicked.connect(self._answered)
        self.box, self.confirm = box, revoke
        box.open()
        return box

    def _answered(self, button: QAbstractButton) -> None:
        confirmed = button is self.confirm
        self.box = self.confirm = None
        uuid = self.target.uuid()
        if confirmed and uuid is not None:
            self.target.runner.run(self._revoke(uuid), name="records.editor.revoke")

    async def _revoke(self, uuid: str) -> None:
        self.started.emit()
        failure: Exception | None = None
        revoked: list[str] = []
        with busy(self, status=self._status, text="Revoking at the server…"):
            try:
                revoked = await self.target.service.revoke_access(self.target.type_name, uuid)
            except Exception as exc:
                failure = exc
        if failure is not None:
            self.failed.emit(failure)
            self._status.setText("Not revoked: the tokens of this record still work")
            return
        slots = f"{len(revoked)} token slot{'' if len(revoked) == 1 else 's'}"
        self._status.setText(
            f"Revoked at the server: every token of this record is dead; {slots} here now "
            "read revoked and will not be refreshed."
        )
