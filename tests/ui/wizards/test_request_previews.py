"""Every wizard's request preview shows exactly what is sent: the same operation and the same
parameters (names and values; secrets compared by name only, both sides mask them)."""

from __future__ import annotations

from typing import Any

from capture_desktop.api.request_log import RequestEvent
from capture_desktop.redaction import is_secret_key
from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from capture_desktop.ui.wizards.creation_token import CreationTokenWizard
from capture_desktop.ui.wizards.native_signin import NativeSignInWizard
from capture_desktop.ui.wizards.widgets import RequestPreview
from tests.helpers.qt import wait_until
from tests.helpers.wizards import listen, pick_alice, request_code


class Sent:
    def __init__(self, session: Any) -> None:
        self.events: list[RequestEvent] = []
        self._off = session.request_log.subscribe(self.events.append)

    def last(self, operation: str) -> RequestEvent:
        found = [e for e in self.events if e.operation.strip("/") == operation.strip("/")]
        assert found, (operation, [e.operation for e in self.events])
        return found[-1]

    def close(self) -> None:
        self._off()


def assert_preview_is_sent(preview: RequestPreview, event: RequestEvent) -> None:
    assert preview.operation.strip("/") == event.operation.strip("/")
    sent = {k: v for k, v in event.params.items() if v not in (None, "")}
    assert set(preview.params) == set(sent), (sorted(preview.params), sorted(sent))
    for key, value in preview.params.items():
        if not is_secret_key(key):
            assert str(value) == str(sent[key]), (key, value, sent[key])


async def test_native_sign_in_preview(session: Any) -> None:
    sent = Sent(session)
    wizard = NativeSignInWizard(session)
    step = wizard.sign_in_step
    await wait_until(lambda: "login" in step.client_combo.currentText().lower())
    step.email_edit.setText("alice@example.com")
    step.password_edit.setText("Password1!")
    step.sign_in_button.click()
    await wait_until(lambda: step.is_complete() or step.error.info is not None)
    assert_preview_is_sent(step.request, sent.last("oauth/auth_native_traditional"))
    sent.close()
    await wizard.aclose()


async def test_access_token_previews(session: Any) -> None:
    sent = Sent(session)
    wizard = AccessTokenWizard(session)
    wizard.show()
    await pick_alice(wizard)
    await listen(wizard)
    await request_code(wizard)
    code_step = wizard.code_step
    assert_preview_is_sent(code_step.request, sent.last("access/getAuthorizationCode"))
    wizard.next_button.click()
    exchange = wizard.exchange_step
    exchange.exchange_button.click()
    await wait_until(exchange.is_complete)
    assert_preview_is_sent(exchange.request, sent.last("oauth/token"))
    sent.close()
    await wizard.aclose()


async def test_creation_token_preview(session: Any) -> None:
    sent = Sent(session)
    wizard = CreationTokenWizard(session)
    step = wizard.token_step
    await wait_until(lambda: step.types.combo.findText("user") >= 0)
    step.get_button.click()
    await wait_until(lambda: step.is_complete() and not step.get_button.property("busy"))
    assert_preview_is_sent(step.request, sent.last("access/getCreationToken"))
    sent.close()
    await wizard.aclose()
