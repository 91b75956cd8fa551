"""Screenshots of every flow-wizard step, against a throw-away sandbox.

Run under Xvfb from the repo root:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python -m tests.e2e.wizard_screenshots
Writes resources/screenshots/wizard-*.png. Secrets live in an in-memory keyring; the sandbox
and the app's files live in a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import os
import sys
from typing import Any
from urllib.parse import parse_qs, urlsplit

os.environ.setdefault("QT_API", "pyside6")

import httpx
import qasync
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QWidget

from tests.e2e.screenshot_sandbox import sandbox_session, save_shot
from tests.helpers.qt import wait_until

SIZE = (1000, 800)


async def shot(widget: QWidget, name: str) -> None:
    await save_shot(widget, f"wizard-{name}.png")


async def access_token_wizard(session: Any) -> None:
    from capture_desktop.ui.wizards.access_token import AccessTokenWizard

    w = AccessTokenWizard(session)
    w.resize(*SIZE)
    w.show()
    step = w.record_step
    await wait_until(lambda: step.types.combo.findText("user") >= 0)
    step.search_edit.setText("alice@example.com")
    step.search_button.click()
    await wait_until(lambda: step.results.count() == 1 and step.search_button.isEnabled())
    await shot(w, "access-1-record")
    w.next_button.click()
    w.redirect_step.start_button.click()
    await wait_until(w.redirect_step.is_complete)
    await shot(w, "access-2-redirect")
    w.next_button.click()
    w.code_step.state_edit.setText('{"ticket": "QA-123"}')
    w.code_step.request_button.click()
    await wait_until(lambda: w.code_step.is_complete() and w.code_step.request_button.isEnabled())
    await shot(w, "access-3-code")
    w.next_button.click()
    ex = w.exchange_step
    issued = ex.uri_edit.text()
    ex.uri_edit.setText(issued.replace("127.0.0.1", "localhost"))
    ex.exchange_button.click()
    await wait_until(lambda: ex.error.info is not None and ex.exchange_button.isEnabled())
    await shot(w, "access-4-exchange-420")
    ex.uri_edit.setText(issued)
    ex.label_edit.setText("Alice (QA)")
    ex.exchange_button.click()
    await wait_until(ex.is_complete)
    await shot(w, "access-4-exchange")
    w.next_button.click()
    await shot(w, "access-5-result")
    await w.aclose()


async def browser_user(url: str, action: str) -> None:
    async with httpx.AsyncClient(follow_redirects=True) as browser:
        fields = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        fields.update({"email": "bob@example.com", "password": "Password2!", "action": action})
        await browser.post(url.split("?", 1)[0], data=fields)


async def browser_wizard(session: Any) -> None:
    from capture_desktop.ui.wizards.browser_signin import BrowserSignInWizard

    opened: list[str] = []

    def fake_browser(url: QUrl) -> bool:
        opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return True

    w = BrowserSignInWizard(session, open_url=fake_browser)
    w.resize(*SIZE)
    w.show()
    w.redirect_step.start_button.click()
    await wait_until(w.redirect_step.is_complete)
    await shot(w, "browser-1-redirect")
    w.next_button.click()
    step = w.sign_in_step
    await wait_until(lambda: step.attempt is not None)
    step.open_button.click()
    await wait_until(lambda: len(opened) == 1 and step.open_button.isEnabled())
    await shot(w, "browser-2-waiting")
    await browser_user(opened[-1], "cancel")
    await wait_until(lambda: step.error.info is not None)
    await shot(w, "browser-2-cancelled")
    step.open_button.click()
    await wait_until(lambda: len(opened) == 2 and step.open_button.isEnabled())
    await browser_user(opened[-1], "signin")
    await wait_until(step.is_complete)
    await shot(w, "browser-2-signed-in")
    w.next_button.click()
    await shot(w, "browser-3-result")
    await w.aclose()


async def creation_wizard(session: Any) -> None:
    from capture_desktop.ui.wizards.creation_token import CreationTokenWizard

    w = CreationTokenWizard(session)
    w.resize(*SIZE)
    w.show()
    step = w.token_step
    await wait_until(lambda: step.types.combo.findText("user") >= 0)
    step.label_edit.setText("Mobile sign-up test")
    await shot(w, "creation-1-before")
    step.get_button.click()
    await wait_until(lambda: step.is_complete() and not step.get_button.property("busy"))
    await shot(w, "creation-1-token")
    w.next_button.click()
    form = w.create_step.form
    form.editor.setPlainText('{\n  "email": "erin@example.com",\n  "givenName": "Erin"\n}')
    form.create_button.click()
    await wait_until(lambda: form.result is not None or form.error.info is not None)
    await shot(w, "creation-2-create")
    await w.aclose()


async def native_wizard(session: Any) -> None:
    from capture_desktop.ui.wizards.native_signin import NativeSignInWizard

    w = NativeSignInWizard(session)
    w.resize(*SIZE)
    w.show()
    step = w.sign_in_step
    await wait_until(lambda: "login" in step.client_combo.currentText().lower())
    step.email_edit.setText("carol@example.com")
    step.password_edit.setText("Password3!")
    await shot(w, "native-1-form")
    step.sign_in_button.click()
    await wait_until(lambda: step.is_complete() or step.error.info is not None)
    await shot(w, "native-1-signed-in")
    w.next_button.click()
    await shot(w, "native-2-result")
    await w.aclose()


async def main() -> int:
    async with sandbox_session() as (session, _server):
        await access_token_wizard(session)
        await browser_wizard(session)
        await creation_wizard(session)
        await native_wizard(session)
    return 0


if __name__ == "__main__":
    app = QApplication(sys.argv)
    sys.exit(qasync.run(main()))
