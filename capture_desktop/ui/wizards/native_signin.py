"""NativeSignInWizard: sign a test user in with email and password (a QA test flow).

``oauth/auth_native_traditional`` takes a user's password directly, with a login client's
id and no client secret. Real apps must use browser sign-in; this exists so QA can get a
token for a test account quickly, and the window says so plainly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.base import WizardBase
from capture_desktop.ui.wizards.keyring_gate import KeyringGate
from capture_desktop.ui.wizards.step import WizardStep
from capture_desktop.ui.wizards.widgets import (
    action_button,
    editable_combo,
    ok_text,
    slot_label_edit,
)

if TYPE_CHECKING:
    from capture_desktop.api.models import TokenSet
    from capture_desktop.services.session import Session

TEST_FLOW_BANNER = (
    "<b>Test flow — for QA test accounts only.</b> This sends the user's password straight "
    "to Capture (oauth/auth_native_traditional). Never use it with a real customer's "
    "password; real users sign in through the browser."
)


class SignInStep(WizardStep):
    """Login client, email, password → token set stored in a slot."""

    def __init__(self, wizard: NativeSignInWizard) -> None:
        super().__init__(
            wizard,
            "Sign in",
            "Sign in as a login client with the test user's email and password. "
            "No client secret is sent.",
        )
        self.tokens: TokenSet | None = None
        self._clients_loaded = False
        banner = QLabel(TEST_FLOW_BANNER)
        banner.setWordWrap(True)
        banner.setObjectName("TestFlowBanner")
        banner.setAccessibleDescription("Test flow warning")
        banner.setStyleSheet(
            "#TestFlowBanner { background: #fff3e0; color: #5d4037; border: 1px solid #e65100;"
            " border-left: 5px solid #e65100; border-radius: 4px; padding: 8px; }"
        )
        self.body.addWidget(banner)
        form = QFormLayout()
        self.client_combo = editable_combo("Login client id", "Login client id (typed)", 320)
        self.client_combo.setEditText(self.flows.client_id())
        form.addRow("Login client:", self.client_combo)
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("e.g. alice@example.com")
        self.email_edit.setAccessibleName("Email")
        form.addRow("Email:", self.email_edit)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Password")
        form.addRow("Password:", self.password_edit)
        self.label_edit = slot_label_edit()
        form.addRow("Save as:", self.label_edit)
        self.body.addLayout(form)
        # Asked before signing in: the token it issues must have somewhere to go.
        self.keyring = KeyringGate()
        self.keyring.changed.connect(self._sync_button)
        self.body.addWidget(self.keyring)
        self.sign_in_button = action_button(
            "Sign in and save",
            "Sign in with email and password",
            lambda: wizard.spawn(self.sign_in(), "native-sign-in"),
        )
        self.password_edit.returnPressed.connect(self.sign_in_button.click)
        self.add_row(self.sign_in_button)
        self.status = self.add_status("Sign-in status")
        for edit in (self.email_edit, self.password_edit):
            edit.textChanged.connect(lambda _t: self._preview())
        self.client_combo.editTextChanged.connect(lambda _t: self._preview())
        self._preview()

    def client_id(self) -> str:
        # Items read "client_id  (description)"; a typed id has no description.
        text = self.client_combo.currentText().strip()
        return text.split()[0] if text else ""

    def _preview(self) -> None:
        self.request.set_request(
            "/oauth/auth_native_traditional",
            {
                "client_id": self.client_id(),
                "form": "signInForm",
                "signInEmailAddress": self.email_edit.text(),
                "currentPassword": self.password_edit.text(),
                "redirect_uri": self.flows.native_redirect_uri(),
                "response_type": "token",
                "locale": "en-US",
            },
            auth="none (login client id only, no secret)",
        )

    def on_enter(self) -> None:
        if self.tokens is None:
            self.wizard.spawn(self.check_keyring(), "check-keyring")
        if not self._clients_loaded:
            self._clients_loaded = True
            self.wizard.spawn(self.load_login_clients(), "login-clients")

    async def load_login_clients(self) -> None:
        """Offer the application's login clients (only an owner may list them)."""
        try:
            clients = await self.flows.login_clients()
        except Exception:
            return  # Not an owner: the user types the login client id.
        if not clients:
            return
        current = self.client_combo.currentText()
        self.client_combo.clear()
        for client_id, description in clients:
            self.client_combo.addItem(f"{client_id}  ({description})", client_id)
        if current not in [c for c, _ in clients]:
            self.client_combo.setCurrentIndex(0)

    def _sync_button(self) -> None:
        if self.tokens is None:
            self.sign_in_button.setEnabled(self.keyring.ready())

    async def check_keyring(self) -> None:
        self.keyring.set_problem(await self.flows.keyring_problem())

    async def sign_in(self) -> None:
        await self.check_keyring()
        if not self.keyring.ready():
            self.status.setText("Not signed in: choose what to do without a keyring first.")
            return
        email = self.email_edit.text().strip()
        if not email or not self.password_edit.text():
            self.status.setText("Enter the test user's email and password.")
            return
        self.error.clear()
        self.response.clear()
        self._preview()
        with busy(
            self.sign_in_button,
            self.email_edit,
            self.password_edit,
            self.client_combo,
            text="Signing in…",
            relabel=True,
        ):
            with self.flows.watch() as watch:
                try:
                    tokens = await self.flows.native_sign_in(
                        self.client_id(), email, self.password_edit.text()
                    )
                except Exception as exc:
                    self.response.show_call(watch, "oauth/auth_native_traditional")
                    self.error.show_error(exc)
                    return
            self.response.show_call(watch, "oauth/auth_native_traditional")
            # Forget the password at once; the preview keeps showing that one was sent.
            self.password_edit.blockSignals(True)
            self.password_edit.clear()
            self.password_edit.blockSignals(False)
            label = self.label_edit.text().strip() or f"{email} (password sign-in)"
            self.label_edit.setText(label)
            try:
                issued = await self.flows.store_issued(
                    tokens,
                    label=lambda _found: label,
                    email=email,
                    record=email,
                    session_only=self.keyring.session_only(),
                )
            except Exception as exc:
                self.status.setText("Signed in, but the token could not be saved.")
                self.error.show_error(exc)
                return
        self.tokens = issued.tokens
        self.wizard.set_result(issued)
        self.status.setText(ok_text(f"Signed in as {email}; saved as “{label}”. Click Next."))
        self.sign_in_button.setEnabled(False)
        self.set_complete(True)


class NativeSignInWizard(WizardBase):
    """Email + password sign-in (QA test flow) → token slot."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            "Sign in with email and password (test flow)",
            "A QA shortcut: get a token for a test account by its password.",
            parent,
        )
        self.setObjectName("NativeSignInWizard")
        self.sign_in_step = SignInStep(self)
        self.add_steps(self.sign_in_step, result_page=True)
