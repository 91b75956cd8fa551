"""BrowserSignInWizard: sign in on the hosted page in the system browser, catch the code.

Redirect (loopback receiver) → Sign in (the system browser opens ``/oauth/signin`` with state
and PKCE; the wizard waits, showing the redirect_uri it listens on, with a paste fallback;
the code is exchanged and stored on arrival) → Result. Never an embedded web view. A page
that answers ``error=access_denied`` is shown as the user cancelling.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFormLayout, QProgressBar, QWidget

from capture_desktop.auth.callback import SignInDenied
from capture_desktop.services.flows import ReceiverHolder
from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.base import WizardBase
from capture_desktop.ui.wizards.keyring_gate import KeyringGate
from capture_desktop.ui.wizards.redirect_step import RedirectStep
from capture_desktop.ui.wizards.step import WizardStep
from capture_desktop.ui.wizards.widgets import (
    CopyField,
    PasteUrlRow,
    action_button,
    hint,
    ok_text,
    slot_label_edit,
)

if TYPE_CHECKING:
    from capture_desktop.api.models import TokenSet
    from capture_desktop.auth.callback import CallbackResult
    from capture_desktop.auth.flows import BrowserSignInFlow
    from capture_desktop.auth.loopback import LoopbackReceiver
    from capture_desktop.services.session import Session

OpenUrl = Callable[[QUrl], Any]


class SignInStep(WizardStep):
    """Open the browser, wait for the redirect (or a pasted URL), exchange, store."""

    wizard: BrowserSignInWizard  # it opens the browser through the wizard's ``open_url``

    def __init__(self, wizard: BrowserSignInWizard, holder: ReceiverHolder) -> None:
        super().__init__(
            wizard,
            "Sign in",
            "Sign in on the application's own page in your web browser. When it sends the "
            "browser back to the redirect_uri, this window takes over and exchanges the code.",
        )
        self.holder = holder
        self.attempt: BrowserSignInFlow | None = None  # the core's flow: state, PKCE, URL
        self.tokens: TokenSet | None = None
        self._waiter: asyncio.Task[Any] | None = None
        self._preparing: asyncio.Task[None] | None = None
        # Checked before the browser opens: the code it brings back is exchanged at once.
        self.keyring = KeyringGate()
        self.keyring.changed.connect(self._sync_open_button)
        self.body.addWidget(self.keyring)

        self.open_button = action_button(
            "Open sign-in page in browser",
            "Open the sign-in page in the system browser",
            self._open_clicked,
        )
        row = self.add_row(self.open_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFixedSize(120, 10)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Waiting for sign-in")
        self.progress.hide()
        row.insertWidget(1, self.progress)
        self.status = self.add_status("Sign-in status")
        form = QFormLayout()
        self.url_field = CopyField("Sign-in page address")
        form.addRow("Sign-in page:", self.url_field)
        self.listen_field = CopyField("redirect_uri being listened on")
        form.addRow("Listening on:", self.listen_field)
        self.label_edit = slot_label_edit("Name in the Tokens panel (default: the user's email)")
        form.addRow("Save as:", self.label_edit)
        self.body.addLayout(form)
        self.body.addWidget(
            hint(
                "No browser opened? Copy the sign-in address into one. Browser could not "
                "reach this computer? Paste the address it ended on:"
            )
        )
        self.paste = PasteUrlRow()
        self.paste.submitted.connect(self.use_pasted_url)
        self.body.addWidget(self.paste)
        self.request.set_request(
            "/oauth/token",
            {
                "grant_type": "authorization_code",
                "code": "",
                "redirect_uri": "",
                "code_verifier": "",
            },
            auth=self.flows.auth_label(),
        )

    def on_enter(self) -> None:
        if self.attempt is None and self.tokens is None:
            self._prepare_once()

    def _prepare_once(self) -> asyncio.Task[None]:
        """Start preparing an attempt, unless one is being prepared: a click on Open while
        the attempt after a cancel is still being made waits for it. Two at once each
        restarted the receiver, and the callback could reach one that nobody waited on."""
        if self._preparing is None or self._preparing.done():
            self._preparing = self.wizard.spawn(self.prepare(), "prepare-sign-in")
        return self._preparing

    def _sync_open_button(self) -> None:
        if self.tokens is None:
            self.open_button.setEnabled(self.keyring.ready())

    async def prepare(self) -> None:
        """A fresh receiver (same port) and a fresh state + PKCE pair for this attempt."""
        self.keyring.set_problem(await self.flows.keyring_problem())
        receiver = await self.holder.ensure_listening()
        self.attempt = self.flows.browser_attempt(receiver, self._open_url)
        self.url_field.set_value(self.attempt.sign_in_url())
        self.listen_field.set_value(str(receiver.redirect_uri))
        self.request.set_request(
            "/oauth/token",
            {
                "grant_type": "authorization_code",
                "code": "",
                "redirect_uri": receiver.redirect_uri,
                "code_verifier": self.attempt.pkce.verifier,
            },
            auth=self.flows.auth_label(),
            pending=("code",),
        )
        self.status.setText("Ready. Click “Open sign-in page in browser”.")
        if self._waiter is None or self._waiter.done():
            self._waiter = self.wizard.spawn(self._wait(receiver), "wait-sign-in")

    def _open_url(self, url: str) -> object:
        return self.wizard.open_url(QUrl(url))

    def _open_clicked(self) -> None:
        self.wizard.spawn(self.open_browser(), "open-browser")

    async def open_browser(self) -> None:
        self.keyring.set_problem(await self.flows.keyring_problem())
        if not self.keyring.ready():
            return
        self.error.clear()
        with busy(self.open_button, text="Opening…", relabel=True):
            if self.attempt is None or not self.holder.is_listening():
                # Its failure is shown by its own task (``WizardBase.spawn``), not twice.
                await asyncio.wait([self._prepare_once()])
            if self.attempt is None:
                return
            # Not the flow's open(): it drops the opener's answer, and "no browser" matters.
            opened = self._open_url(self.attempt.sign_in_url())
        if opened is False:
            self.status.setText(
                "No browser could be opened. Copy the sign-in address into a browser."
            )
            return
        self.progress.show()
        self.open_button.setText("Open the page again")
        self.status.setText(
            f"Waiting for the browser to come back to {self.listen_field.value()} … "
            "Finish signing in there, or press Cancel to stop."
        )

    async def _wait(self, receiver: LoopbackReceiver) -> None:
        try:
            result = await receiver.wait()
        except Exception as exc:
            if self.tokens is None:
                self.progress.hide()
                self.status.setText(f"Stopped waiting: {exc}")
            return
        await self.handle_callback(result)

    def use_pasted_url(self, url: str) -> None:
        if self.attempt is None:
            return
        self.error.clear()
        try:
            result = self.flows.parse_redirect_url(
                url, self.attempt.receiver.state, self.attempt.receiver.redirect_uri
            )
        except Exception as exc:
            self.error.show_error(exc)
            return
        self.paste.clear()
        self.wizard.spawn(self.handle_callback(result), "pasted-sign-in")

    async def handle_callback(self, result: CallbackResult) -> None:
        self.progress.hide()
        attempt = self.attempt
        if attempt is None or self.tokens is not None:
            return
        if not result.error and not self.keyring.ready():
            # A pasted URL while the keyring choice is still open: the code stays unspent.
            self.status.setText("Choose what to do without a keyring first, then paste again.")
            return
        if result.error:
            denied = SignInDenied.from_result(result)
            if denied.cancelled:
                self.status.setText(
                    "Sign-in was cancelled in the browser. Click “Open sign-in page in "
                    "browser” to try again."
                )
            else:
                self.status.setText("The sign-in page returned an error.")
            self.error.show_error(denied)
            # The receiver caught its one callback; the next try needs a fresh attempt.
            self.attempt = None
            self.open_button.setText("Open sign-in page in browser")
            self._prepare_once()
            return
        self.status.setText(ok_text("The code arrived; exchanging it…"))
        params = {
            "grant_type": "authorization_code",
            "code": result.code,
            "redirect_uri": attempt.receiver.redirect_uri,
            "code_verifier": attempt.pkce.verifier,
        }
        self.request.set_request("/oauth/token", params, auth=self.flows.auth_label())
        with busy(self.open_button, self.paste.button, text="Exchanging…", relabel=True):
            with self.flows.watch() as watch:
                try:
                    tokens = await attempt.exchange(result)
                except Exception as exc:
                    self.response.show_call(watch, "oauth/token")
                    self.status.setText("The code could not be exchanged.")
                    self.error.show_error(
                        exc,
                        issued_redirect_uri=attempt.receiver.redirect_uri,
                        sent_redirect_uri=attempt.receiver.redirect_uri,
                    )
                    self.attempt = None
                    return
            self.response.show_call(watch, "oauth/token")
            typed = self.label_edit.text().strip()
            try:
                issued = await self.flows.store_issued(
                    tokens,
                    type_name=self.flows.default_type(),
                    label=lambda email: typed or f"{email or 'User'} (browser sign-in)",
                    session_only=self.keyring.session_only(),
                )
            except Exception as exc:
                self.status.setText("Signed in, but the token could not be saved.")
                self.error.show_error(exc)
                return
        label = issued.label
        self.label_edit.setText(label)
        self.tokens = tokens = issued.tokens
        self.wizard.set_result(issued)
        who = issued.email or tokens.record_uuid or "the user"
        self.status.setText(ok_text(f"Signed in as {who}; saved as “{label}”. Click Next."))
        self.open_button.setEnabled(False)
        self.set_complete(True)


class BrowserSignInWizard(WizardBase):
    """Browser sign-in with state and PKCE; ``open_url`` is injectable for tests."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        open_url: OpenUrl | None = None,
    ) -> None:
        super().__init__(
            session,
            "Sign in with the browser",
            "Sign a user in on the application's hosted sign-in page, in your normal web "
            "browser, and keep the resulting token.",
            parent,
        )
        self.setObjectName("BrowserSignInWizard")
        self.open_url: OpenUrl = open_url or QDesktopServices.openUrl
        self.holder = ReceiverHolder(self.flows, self.state)
        self.add_cleanup(self.holder.close)
        self.redirect_step = RedirectStep(self, self.holder)
        self.sign_in_step = SignInStep(self, self.holder)
        self.add_steps(self.redirect_step, self.sign_in_step, result_page=True)
