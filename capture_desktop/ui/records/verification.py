"""The record editor's email-verification actions, for support staff.

"Mark email as verified…" and "Get a verification code…" each ask first (a non-modal
confirmation: no nested event loop in a coroutine), then call the core through
``services.verification`` (which writes the audit entry). The code is shown with a Copy button;
the clipboard is taken back after the app's delay if it still holds the code. For clients that
may not ask for codes, the buttons stay visible but disabled, with a tooltip naming the feature
that is needed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.services.records import Permissions
from capture_desktop.services.verification import (
    VERIFIED_ATTRIBUTE,
    VerificationCalls,
    get_verification_code,
    mark_verified,
)
from capture_desktop.ui.busy import busy
from capture_desktop.ui.clipboard import ClipboardGuard
from capture_desktop.ui.dialogs import open_held
from capture_desktop.ui.records.target import RecordTarget

NEEDS_FEATURE = (
    "Needs a client with the owner, access_issuer or direct_access feature; "
    "this client may not ask for verification codes."
)
NEEDS_ATTRIBUTE = f"This entity type has no {VERIFIED_ATTRIBUTE} attribute."
CODE_LIFETIME_NOTE = (
    "Single use. Capture's codes expire after 30 seconds by default; using it sets "
    f"{VERIFIED_ATTRIBUTE} to the time of use."
)
DEFAULT_CLIPBOARD_SECONDS = 30.0


class VerificationCodeDialog(QDialog):
    """Shows a verification code, read-only, with a Copy button."""

    def __init__(self, code: str, clipboard_seconds: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verification code")
        self._seconds = clipboard_seconds
        self.code = QLineEdit(code)
        self.code.setReadOnly(True)
        self.code.setAccessibleName("Verification code")
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleDescription("Copy the verification code")
        self.copy_button.clicked.connect(self._copy)
        self.note = QLabel(CODE_LIFETIME_NOTE)
        self.note.setWordWrap(True)
        self.copied = QLabel("")
        self.guard = ClipboardGuard(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.copied)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        self.guard.copy(self.code.text(), self._seconds)
        self.copied.setText(
            f"Copied. The clipboard is cleared in {int(self._seconds)} s if it still holds it."
        )


class VerificationActions(QWidget):
    """Two buttons for the open record; ``finished(message)`` after a success,
    ``failed(exception)`` after an error, ``verified()`` once emailVerified was stamped."""

    finished = Signal(str)
    failed = Signal(object)
    verified = Signal()

    def __init__(self, target: RecordTarget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.dialog: QDialog | None = None
        self.mark_button = QPushButton("Mark email as verified…")
        self.code_button = QPushButton("Get a verification code…")
        self.mark_button.clicked.connect(self.confirm_mark)
        self.code_button.clicked.connect(self.confirm_code)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mark_button)
        layout.addWidget(self.code_button)
        self.set_allowed(Permissions(None), has_attribute=True)

    def set_allowed(self, permissions: Permissions, *, has_attribute: bool) -> None:
        """Enable the buttons, or disable them with a tooltip saying what is missing."""
        reason = "" if permissions.can_issue_tokens else NEEDS_FEATURE
        reason = reason or ("" if has_attribute else NEEDS_ATTRIBUTE)
        for button in (self.mark_button, self.code_button):
            button.setEnabled(not reason)
            button.setToolTip(reason)
        self.mark_button.setToolTip(
            reason or f"Set {VERIFIED_ATTRIBUTE} to now, with a single-use code"
        )
        self.code_button.setToolTip(
            reason or "Get a single-use code that verifies the email when used"
        )

    def _clipboard_seconds(self) -> float:
        settings = getattr(getattr(self.target.service, "session", None), "settings", None)
        seconds = getattr(settings, "clipboard_clear_seconds", DEFAULT_CLIPBOARD_SECONDS)
        return float(seconds)

    def _confirm(self, title: str, text: str, on_yes: Callable[[], object]) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.clicked.connect(on_yes)
        open_held(self, box)
        return box

    # ---- mark as verified -------------------------------------------------------------------
    def confirm_mark(self) -> None:
        self._confirm(
            "Mark email as verified",
            f"Set {VERIFIED_ATTRIBUTE} of this {self.target.type_name} record to the current "
            "time? "
            "The change is written to the audit log.",
            lambda: self.target.runner.run(self._mark(), name="records.editor.verify"),
        )

    async def _on_record(
        self, call: Callable[[VerificationCalls, str, str], Awaitable[str]]
    ) -> str | None:
        """Run ``call`` on this record while both buttons are busy: its answer, or None when
        there is no record yet or the call failed (the failure goes to ``failed``)."""
        uuid = self.target.uuid()
        if not uuid:
            return None
        with busy(self.mark_button, self.code_button):
            try:
                return await call(self.target.service, self.target.type_name, uuid)
            except Exception as exc:
                self.failed.emit(exc)
                return None

    async def _mark(self) -> None:
        if await self._on_record(mark_verified) is not None:
            self.finished.emit("Email marked as verified.")
            self.verified.emit()

    # ---- a code ------------------------------------------------------------------------------
    def confirm_code(self) -> None:
        self._confirm(
            "Get a verification code",
            "Ask Capture for a single-use code that verifies this record's email when used? "
            "Hand it only to the record's owner. The request is written to the audit log.",
            lambda: self.target.runner.run(self._code(), name="records.editor.verification-code"),
        )

    async def _code(self) -> None:
        code = await self._on_record(get_verification_code)
        if code is not None:
            open_held(self, VerificationCodeDialog(code, self._clipboard_seconds(), self))
            self.finished.emit("Verification code received.")
