"""Browser sign-in through a real browser: Debian's chromium, driven by selenium.

The wizard's browser opener is pointed at a headless chromium. The test fills the sandbox's
real sign-in page and presses its real buttons, so the form's hidden fields (state, PKCE
challenge, redirect_uri) travel as a browser sends them, and the browser follows the 302 to
the wizard's real loopback receiver.

Selenium is blocking: every driver call runs in a worker thread, so the qasync loop stays
free to serve the receiver. The driver's and the browser's paths are given explicitly, so
Selenium Manager never tries to download anything (STACK-NOTES.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from capture_desktop.sandbox import signin
from capture_desktop.ui.wizards.browser_signin import BrowserSignInWizard
from tests.helpers.qt import wait_until
from tests.helpers.wizards import open_sign_in_page

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMEDRIVER).exists() and Path(CHROMIUM).exists()),
    reason="needs Debian's chromium and chromium-driver (.ci/setup installs them)",
)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(20)
    try:
        yield browser
    finally:
        browser.quit()


class ChromiumOpener:
    """The wizard's ``open_url``: loads the page in chromium, off the event loop."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.opened: list[str] = []
        self.loads: list[asyncio.Future[Any]] = []

    def __call__(self, url: QUrl) -> bool:
        text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        self.opened.append(text)
        self.loads.append(asyncio.ensure_future(asyncio.to_thread(self.driver.get, text)))
        return True

    async def loaded(self) -> None:
        await self.loads[-1]


def _fill_and_press(driver: Any, button: str) -> str:
    """As a user: type email and password, press the button; returns where the tab ended
    (once the next page has loaded: a click does not wait for the navigation)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    before = driver.current_url
    driver.find_element(By.NAME, "email").send_keys("alice@example.com")
    driver.find_element(By.NAME, "password").send_keys("Password1!")
    driver.find_element(By.CSS_SELECTOR, f'button[value="{button}"]').click()
    # Mid-navigation the driver may answer with an error about the old document: retry.
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: (
            d.current_url != before and d.execute_script("return document.readyState") == "complete"
        )
    )
    return str(driver.current_url)


def _page_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.TAG_NAME, "body").text)


async def _open_page(wizard: BrowserSignInWizard, opener: ChromiumOpener) -> str:
    url = await open_sign_in_page(wizard, opener)
    await opener.loaded()
    return url


async def test_sign_in_in_chromium(session: Any, driver: Any) -> None:
    opener = ChromiumOpener(driver)
    wizard = BrowserSignInWizard(session, open_url=opener)
    try:
        await _open_page(wizard, opener)
        step = wizard.sign_in_step
        assert driver.title.startswith("Sign in")
        redirect_uri = step.listen_field.value()
        ended = await asyncio.to_thread(_fill_and_press, driver, "signin")
        assert ended.startswith(redirect_uri)
        await wait_until(step.is_complete, timeout=20)
        assert "code=" not in await asyncio.to_thread(_page_text, driver)
        assert wizard.slot_id is not None
        slot = wizard.flows.keeper().slot(wizard.slot_id)
        assert slot.email == "alice@example.com" and slot.record_uuid
    finally:
        await wizard.aclose()


async def test_cancel_in_chromium_then_sign_in(session: Any, driver: Any) -> None:
    opener = ChromiumOpener(driver)
    wizard = BrowserSignInWizard(session, open_url=opener)
    try:
        await _open_page(wizard, opener)
        step = wizard.sign_in_step
        await asyncio.to_thread(_fill_and_press, driver, "cancel")
        await wait_until(lambda: step.error.isVisibleTo(wizard), timeout=20)
        assert "You cancelled sign-in" in step.error.text()
        assert "cancelled" in (await asyncio.to_thread(_page_text, driver))
        assert not step.is_complete()
        # The user tries again from the wizard: a fresh attempt in the same browser.
        await wait_until(lambda: step.attempt is not None and step.open_button.isEnabled())
        step.open_button.click()
        await wait_until(lambda: len(opener.opened) == 2 and step.open_button.isEnabled())
        await opener.loaded()
        await asyncio.to_thread(_fill_and_press, driver, "signin")
        await wait_until(step.is_complete, timeout=20)
    finally:
        await wizard.aclose()


async def test_page_without_its_hidden_fields_cannot_sign_in(
    session: Any, driver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mutation the earlier tests missed: with the form's hidden inputs gone, the real
    browser posts no state, PKCE or redirect_uri, and no sign-in may complete."""
    real_form = signin._form

    def form_without_hidden_inputs(fields: dict[str, str], *args: Any, **kwargs: Any) -> Any:
        return real_form({}, *args, **kwargs) if fields else real_form(fields, *args, **kwargs)

    monkeypatch.setattr(signin, "_form", form_without_hidden_inputs)
    opener = ChromiumOpener(driver)
    wizard = BrowserSignInWizard(session, open_url=opener)
    try:
        await _open_page(wizard, opener)
        step = wizard.sign_in_step
        redirect_uri = step.listen_field.value()
        ended = await asyncio.to_thread(_fill_and_press, driver, "signin")
        assert not ended.startswith(redirect_uri)
        assert "refused" in (await asyncio.to_thread(_page_text, driver))
        assert not step.is_complete() and step.tokens is None
    finally:
        await wizard.aclose()
