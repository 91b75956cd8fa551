"""Each browser sign-in attempt has its own state and PKCE verifier; the receiver takes only
the current one, and a page of a replaced attempt is told so in plain words."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from capture_desktop.ui.wizards.browser_signin import BrowserSignInWizard
from tests.helpers.qt import wait_until
from tests.helpers.wizards import FakeBrowser, open_sign_in_page, user_at_the_page


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def test_a_retry_is_a_new_attempt_and_the_old_page_is_turned_away(session: Any) -> None:
    browser = FakeBrowser()
    wizard = BrowserSignInWizard(session, open_url=browser)
    try:
        first_url = await open_sign_in_page(wizard, browser)
        step = wizard.sign_in_step
        first_verifier = step.attempt.pkce.verifier
        # The user had opened the page twice; cancels in one tab...
        await user_at_the_page(first_url, "cancel")
        await wait_until(lambda: step.error.isVisibleTo(wizard))
        await wait_until(lambda: step.attempt is not None and step.open_button.isEnabled())
        step.open_button.click()
        await wait_until(lambda: len(browser.opened) == 2 and step.open_button.isEnabled())
        second_url = browser.opened[1]
        assert _query(second_url)["state"] != _query(first_url)["state"]
        assert step.attempt.pkce.verifier != first_verifier
        assert step.attempt.receiver.state == _query(second_url)["state"]

        # ...then finishes signing in on the other, older tab.
        stale = await user_at_the_page(first_url, "signin")
        assert "replaced" in stale.text, stale.text
        assert "code_verifier" not in stale.text
        assert not step.is_complete()
        assert "200" not in step.error.text()

        # The current attempt still works.
        landing = await user_at_the_page(second_url, "signin")
        assert landing.status_code == 200
        await wait_until(step.is_complete)
    finally:
        await wizard.aclose()
