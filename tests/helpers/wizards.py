"""Driving the flow wizards as a user does, against the sandbox: the shared steps of the
wizard tests (pick alice, start the loopback receiver, request a code, sign in at the
sandbox's hosted page, get a creation token) and the fake system browser."""

from __future__ import annotations

from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import httpx
from PySide6.QtCore import QUrl

from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from capture_desktop.ui.wizards.base import WizardBase
from capture_desktop.ui.wizards.browser_signin import BrowserSignInWizard
from capture_desktop.ui.wizards.creation_token import CreationTokenWizard
from capture_desktop.ui.wizards.exchange_step import ExchangeStep
from tests.helpers.qt import wait_until


async def pick_alice(wizard: AccessTokenWizard) -> None:
    """Find alice on the record step by email and go on to the redirect step."""
    step = wizard.record_step
    await wait_until(lambda: step.types.combo.findText("user") >= 0)
    step.search_edit.setText("alice@example.com")
    step.search_button.click()
    await wait_until(lambda: step.results.count() == 1 and step.search_button.isEnabled())
    assert step.is_complete()
    selector = step.selector()
    assert selector is not None and selector.kind == "uuid"
    wizard.next_button.click()
    assert wizard.current_page() is wizard.redirect_step


async def listen(wizard: AccessTokenWizard) -> str:
    """Start the loopback receiver, go on to the code step; returns the redirect_uri."""
    step = wizard.redirect_step
    step.start_button.click()
    await wait_until(step.is_complete)
    wizard.next_button.click()
    assert wizard.current_page() is wizard.code_step
    return step.redirect_uri()


async def request_code(wizard: AccessTokenWizard) -> None:
    step = wizard.code_step
    step.request_button.click()
    await wait_until(lambda: step.is_complete() and step.request_button.isEnabled())


async def to_exchange_step(wizard: AccessTokenWizard) -> ExchangeStep:
    """Alice picked, the receiver listening, a code delivered: on to the exchange step."""
    await pick_alice(wizard)
    await listen(wizard)
    await request_code(wizard)
    wizard.next_button.click()
    return wizard.exchange_step


async def close_wizard(wizard: WizardBase) -> None:
    """Close the wizard and check that none of its tasks is left running."""
    await wizard.aclose()
    assert not wizard.running_tasks()


class FakeBrowser:
    """Stands in for QDesktopServices.openUrl: remembers what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: QUrl) -> bool:
        self.opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return True


async def user_at_the_page(url: str, action: str) -> httpx.Response:
    """Load the sign-in page, submit it, follow the redirect to the loopback receiver."""
    async with httpx.AsyncClient(follow_redirects=True) as browser:
        page = await browser.get(url)
        assert page.status_code == 200 and "<form" in page.text
        fields = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        fields.update({"email": "alice@example.com", "password": "Password1!", "action": action})
        signin_url = url.split("?", 1)[0]
        return await browser.post(signin_url, data=fields)


class Opener(Protocol):
    """The wizard's ``open_url`` as a test provides it: it records what it opened."""

    opened: list[str]

    def __call__(self, url: QUrl) -> bool: ...


async def open_sign_in_page(wizard: BrowserSignInWizard, browser: Opener) -> str:
    """Start the receiver and press "Open in browser"; returns the URL the browser got."""
    wizard.redirect_step.start_button.click()
    await wait_until(wizard.redirect_step.is_complete)
    wizard.next_button.click()
    step = wizard.sign_in_step
    await wait_until(lambda: step.attempt is not None)
    step.open_button.click()
    await wait_until(lambda: len(browser.opened) == 1 and step.open_button.isEnabled())
    return browser.opened[0]


async def get_creation_token(wizard: CreationTokenWizard, lifetime: int = 600) -> None:
    step = wizard.token_step
    await wait_until(lambda: step.types.combo.findText("user") >= 0)
    step.lifetime.setValue(lifetime)
    step.label_edit.setText("QA creation")
    step.get_button.click()
    await wait_until(lambda: step.is_complete() and not step.get_button.property("busy"))
