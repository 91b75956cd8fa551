"""Step "Code": ``access/getAuthorizationCode``, then watch the code reach ``redirect_uri``.

The app requests the code, then delivers it to the loopback receiver the way a browser would
(GET ``redirect_uri?code=…&state=…``), so the user sees each hop. A code that arrived
somewhere else can be pasted as the full redirect URL. A live countdown shows how long the
code stays usable.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLineEdit

from capture_desktop.auth.callback import SignInDenied
from capture_desktop.services.error_text import ErrorInfo
from capture_desktop.services.flow_display import MASK, redact_url
from capture_desktop.services.flows import ReceiverHolder
from capture_desktop.ui.busy import busy
from capture_desktop.ui.theme import text_colour
from capture_desktop.ui.wizards.deliver import callback_url, http_get
from capture_desktop.ui.wizards.step import WizardStep
from capture_desktop.ui.wizards.widgets import (
    CountdownLabel,
    PasteUrlRow,
    action_button,
    hint,
    ok_text,
    seconds_spin,
)

if TYPE_CHECKING:
    from capture_desktop.auth.callback import CallbackResult
    from capture_desktop.auth.loopback import LoopbackReceiver
    from capture_desktop.ui.wizards.base import WizardBase


class CodeStep(WizardStep):
    """Request a code, deliver it to the receiver, or accept a pasted redirect URL."""

    def __init__(self, wizard: WizardBase, holder: ReceiverHolder) -> None:
        super().__init__(
            wizard,
            "Code",
            "Ask Capture for a single-use authorization code for this record and "
            "redirect_uri. The app then delivers it to the redirect_uri, as a browser would.",
        )
        self.holder = holder
        self.expires_at: datetime | None = None
        self._waiter: asyncio.Task[Any] | None = None

        form = QFormLayout()
        self.lifetime = seconds_spin("Code lifetime in seconds", 3600, 30, 120)
        form.addRow("Code lifetime:", self.lifetime)
        self.state_edit = QLineEdit()
        self.state_edit.setPlaceholderText('optional JSON object, e.g. {"ticket": "QA-123"}')
        self.state_edit.setAccessibleName("transaction_state")
        form.addRow("transaction_state:", self.state_edit)
        self.body.addLayout(form)

        self.request_button = action_button(
            "Request code", "Request authorization code", self._request_clicked
        )
        self.countdown = CountdownLabel("Code expires")
        self.countdown.expired.connect(self._code_expired)
        self.add_row(self.request_button, self.countdown)
        self.timeline = self.add_status("Code delivery")

        self.paste = PasteUrlRow()
        self.paste.submitted.connect(self.use_pasted_url)
        self.body.addWidget(
            hint(
                "Code arrived somewhere else (another browser, a colleague)? Paste the full "
                "redirect URL here:"
            )
        )
        self.body.addWidget(self.paste)
        self._lines: list[str] = []

    @property
    def code(self) -> str | None:
        return self.state.code

    # -- helpers -------------------------------------------------------------------------
    def _log(self, html: str) -> None:
        self._lines.append(html)
        self.timeline.setText("<br>".join(self._lines))

    def transaction_state(self) -> dict[str, Any] | None:
        text = self.state_edit.text().strip()
        if not text:
            return None
        value = json.loads(text)
        if not isinstance(value, dict):
            raise ValueError('transaction_state must be a JSON object, e.g. {"k": "v"}')
        return value

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"type_name": self.state.type_name}
        if self.state.selector is not None:
            params.update(self.state.selector.to_params())
        params["redirect_uri"] = self.state.redirect_uri
        params["lifetime"] = self.lifetime.value()
        params["transaction_state"] = self.state_edit.text().strip()
        return params

    def on_enter(self) -> None:
        self.request.set_request(
            "/access/getAuthorizationCode", self.params(), auth=self.flows.auth_label()
        )
        # Listen from the start: a code may also be delivered from outside the app.
        receiver = self.holder.receiver
        if self.code is None and receiver is not None and self.holder.is_listening():
            self._watch_receiver(receiver)

    # -- request and deliver -------------------------------------------------------------
    def _request_clicked(self) -> None:
        self.wizard.spawn(self.request_and_deliver(), "request-code")

    async def request_and_deliver(self) -> None:
        self.error.clear()
        self.response.clear()
        try:
            transaction_state = self.transaction_state()
        except ValueError as exc:
            self.error.show_info(ErrorInfo("transaction_state is not valid JSON", str(exc), []))
            return
        self.set_complete(False)
        self.state.code = None
        self.state.code_expires_at = None
        self._lines = []
        self.timeline.clear()
        with busy(self.request_button, self.paste.button, text="Requesting…", relabel=True):
            receiver = await self.holder.ensure_listening()
            redirect_uri = str(receiver.redirect_uri)
            self.request.set_request(
                "/access/getAuthorizationCode", self.params(), auth=self.flows.auth_label()
            )
            selector = self.state.selector
            assert selector is not None
            with self.flows.watch() as watch:
                try:
                    issued = await self.flows.request_code(
                        self.state.type_name,
                        selector,
                        redirect_uri,
                        self.lifetime.value(),
                        transaction_state,
                    )
                except Exception as exc:
                    self.response.set_message("The request failed; see the explanation above.")
                    self.error.show_error(exc)
                    return
            event = watch.last("access/getAuthorizationCode")
            if event is not None and event.response is not None:
                self.response.set_response(event.response)
            else:
                self.response.set_response({"authorizationCode": issued.code, "stat": "ok"})
            issued_for = issued.redirect_uri or redirect_uri
            self.state.issued_redirect_uri = issued_for
            self.expires_at = issued.expires_at
            self.state.code_expires_at = issued.expires_at
            self.countdown.start(issued.expires_at)
            self._log(ok_text(f"Code issued for {issued_for}"))
            self._watch_receiver(receiver)
            url = callback_url(redirect_uri, issued.code, receiver.state)
            self._log(f"→ Delivering: GET {escape(redact_url(url))}")
            try:
                status = await http_get(url)
            except Exception as exc:
                red = text_colour("error")
                self._log(f"<span style='color:{red}'>✘ Delivery failed: {escape(str(exc))}</span>")
                self._log("Paste the redirect URL below if the code reached it another way.")
                return
            self._log(f"← The receiver answered HTTP {status}")
            if self._waiter is not None:
                await self._waiter

    def _code_expired(self) -> None:
        if self.code is not None and self.wizard.result is None:
            self._log(
                f"<span style='color:{text_colour('error')}'>The code has expired unused. "
                "Request a new one "
                "(each code works once, within its lifetime).</span>"
            )

    def _watch_receiver(self, receiver: LoopbackReceiver) -> None:
        if self._waiter is None or self._waiter.done():
            self._waiter = self.wizard.spawn(self._wait_for(receiver), "wait-callback")

    async def _wait_for(self, receiver: LoopbackReceiver) -> None:
        try:
            result = await receiver.wait()
        except Exception as exc:
            if self.code is None:
                self._log(f"Receiver stopped: {escape(str(exc))}")
            return
        self.accept_callback(result, "the loopback receiver")

    def accept_callback(self, result: CallbackResult, source: str) -> None:
        if result.error:
            self.error.show_error(SignInDenied.from_result(result))
            return
        self.state.code = result.code
        if self.state.issued_redirect_uri is None:
            self.state.issued_redirect_uri = self.state.redirect_uri
        self._log(ok_text(f"Received by {source}; state matches. Code: {MASK}"))
        self._log("Next: exchange the code for tokens.")
        self.set_complete(True)

    def use_pasted_url(self, url: str) -> None:
        self.error.clear()
        oauth_state = self.holder.oauth_state
        expected = self.state.redirect_uri or None
        if not oauth_state:
            self.error.show_info(
                ErrorInfo(
                    "Start the receiver first",
                    "The pasted URL is checked against the state "
                    "of this attempt; go back to Redirect and start listening.",
                    [],
                )
            )
            return
        if "state=" not in url:
            # getAuthorizationCode codes travel without a state (it guards browser flows
            # only); this attempt's own state is added so every other check still applies.
            url += ("&" if "?" in url else "?") + "state=" + oauth_state
        try:
            result = self.flows.parse_redirect_url(url, oauth_state, expected)
        except Exception as exc:
            self.error.show_error(exc)
            return
        self.paste.clear()
        self.accept_callback(result, "the pasted URL")
