"""Step "Exchange": ``oauth/token`` with the code, then keep the tokens in a named slot.

The ``redirect_uri`` is pre-filled with the one the code was issued for and stays editable,
because the sources disagree on whether it may differ; a 420 is explained with both URIs.
Exchange and storing happen in one action so a single-use token set is never left unsaved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton

from capture_desktop.services.flow_display import mask
from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.keyring_gate import KeyringGate
from capture_desktop.ui.wizards.step import WizardStep
from capture_desktop.ui.wizards.widgets import (
    CountdownLabel,
    action_button,
    hint,
    ok_text,
    slot_label_edit,
)

if TYPE_CHECKING:
    from capture_desktop.api.models import TokenSet
    from capture_desktop.ui.wizards.base import WizardBase


def token_summary(tokens: TokenSet) -> dict[str, Any]:
    """The fields of a token set worth showing, secrets masked."""
    return {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expires_at": tokens.expires_at.isoformat(timespec="seconds"),
        "record_uuid": tokens.record_uuid,
        "transaction_state": dict(tokens.transaction_state) if tokens.transaction_state else None,
    }


class ExchangeStep(WizardStep):
    """Exchange the code; store the token set; complete when stored."""

    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(
            wizard,
            "Exchange",
            "Trade the code for an access token and a refresh token at oauth/token "
            "(grant_type=authorization_code). The tokens are kept in a named slot: the "
            "values in the system keyring, only the facts on disk.",
        )
        self.tokens: TokenSet | None = None

        form = QFormLayout()
        self.code_label = QLineEdit()
        self.code_label.setReadOnly(True)
        self.code_label.setAccessibleName("Authorization code (masked)")
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_label, 1)
        # The same countdown as the Code step: the code works once, within its lifetime.
        self.countdown = CountdownLabel("Code expires")
        code_row.addWidget(self.countdown)
        form.addRow("Code:", code_row)
        uri_row = QHBoxLayout()
        self.uri_edit = QLineEdit()
        self.uri_edit.setAccessibleName("redirect_uri for the exchange")
        self.reset_uri = QPushButton("Use the issued URI")
        self.reset_uri.setAccessibleDescription("Put back the redirect_uri the code was issued for")
        self.reset_uri.clicked.connect(self._reset_uri)
        uri_row.addWidget(self.uri_edit, 1)
        uri_row.addWidget(self.reset_uri)
        form.addRow("redirect_uri:", uri_row)
        self.body.addLayout(form)
        self.body.addWidget(
            hint(
                "Pre-filled with the redirect_uri the code was issued for. Sources disagree on "
                "whether it may differ; Capture and the sandbox insist on an exact match, so "
                "change it only to see what happens."
            )
        )
        form2 = QFormLayout()
        self.label_edit = slot_label_edit()
        form2.addRow("Save as:", self.label_edit)
        self.body.addLayout(form2)
        self.keyring = KeyringGate()
        self.keyring.changed.connect(self._sync_button)
        self.body.addWidget(self.keyring)
        self.exchange_button = action_button(
            "Exchange and save", "Exchange the code for tokens", self._exchange_clicked
        )
        self.add_row(self.exchange_button)
        self.status = self.add_status("Exchange status")
        self.uri_edit.textChanged.connect(lambda _t: self._preview())

    def on_enter(self) -> None:
        state = self.state
        self.code_label.setText(mask(state.code))
        if state.code_expires_at is not None and self.tokens is None:
            self.countdown.start(state.code_expires_at)
        if state.issued_redirect_uri and not self.tokens:
            self.uri_edit.setText(state.issued_redirect_uri)
        if not self.label_edit.text():
            self.label_edit.setText(f"{state.record_label} ({state.type_name})")
        self._preview()
        if self.tokens is None:
            self.wizard.spawn(self.check_keyring(), "check-keyring")

    async def check_keyring(self) -> None:
        """Before the code is spent: can the token be kept? If not, the user chooses."""
        self.keyring.set_problem(await self.flows.keyring_problem())
        self._sync_button()

    def _sync_button(self) -> None:
        self.exchange_button.setEnabled(self.tokens is None and self.keyring.ready())

    def _reset_uri(self) -> None:
        issued = self.state.issued_redirect_uri
        if issued:
            self.uri_edit.setText(issued)

    def _preview(self) -> None:
        self.request.set_request(
            "/oauth/token",
            {
                "grant_type": "authorization_code",
                "code": self.state.code,
                "redirect_uri": self.uri_edit.text(),
            },
            auth=self.flows.auth_label(),
        )

    def _exchange_clicked(self) -> None:
        self.wizard.spawn(self.exchange(), "exchange-code")

    async def exchange(self) -> None:
        state = self.state
        code = state.code
        if not code:
            return
        await self.check_keyring()  # again: the code is single-use, the answer must be fresh
        if not self.keyring.ready():
            self.status.setText(
                "The code was not spent: choose what to do without a keyring first."
            )
            return
        self.error.clear()
        self.response.clear()
        sent_uri = self.uri_edit.text().strip()
        self._preview()
        with busy(
            self.exchange_button, self.uri_edit, self.reset_uri, text="Exchanging…", relabel=True
        ):
            with self.flows.watch() as watch:
                try:
                    tokens = await self.flows.exchange(code, sent_uri)
                except Exception as exc:
                    self.response.show_call(watch, "oauth/token")
                    self.error.show_error(
                        exc,
                        issued_redirect_uri=state.issued_redirect_uri,
                        sent_redirect_uri=sent_uri,
                    )
                    return
            self.response.show_call(watch, "oauth/token", token_summary(tokens))
            self.status.setText("Saving the tokens…")
            selector = state.selector
            label = self.label_edit.text().strip() or "Access token"
            try:
                issued = await self.flows.store_issued(
                    tokens,
                    label=lambda _email: label,
                    type_name=state.type_name,
                    record=state.record_label,
                    record_uuid=str(selector.value)
                    if selector is not None and selector.kind == "uuid"
                    else None,
                    session_only=self.keyring.session_only(),
                )
            except Exception as exc:
                self.status.setText("The token was issued but could not be saved.")
                self.error.show_error(exc)
                return
        self.tokens = issued.tokens
        self.countdown.stop()  # spent: its lifetime no longer matters
        self.countdown.setText("Code used")
        self.wizard.set_result(issued)
        self.exchange_button.setEnabled(False)
        self.status.setText(ok_text(f"Saved as “{self.label_edit.text()}”. Click Next."))
        self.set_complete(True)
        # The exchange button is done: the keyboard moves on to Next (the result), not into
        # the read-only preview where Qt would put it.
        self.wizard.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
