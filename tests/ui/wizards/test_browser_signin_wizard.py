"""BrowserSignInWizard against the sandbox's hosted /oauth/signin page.

The "system browser" is injected: it records the URL, and the test plays the user with httpx
(GET the form, POST email and password or Cancel, follow the 302 to the loopback receiver).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from capture_desktop.ui.wizards.browser_signin import BrowserSignInWizard
from tests.helpers.qt import wait_until
from tests.helpers.wizards import FakeBrowser, open_sign_in_page, user_at_the_page


async def test_browser_sign_in_end_to_end(session: Any) -> None:
    browser = FakeBrowser()
    wizard = BrowserSignInWizard(session, open_url=browser)
    url = await open_sign_in_page(wizard, browser)
    step = wizard.sign_in_step
    query = parse_qs(urlsplit(url).query)
    redirect_uri = step.listen_field.value()
    assert url.startswith(session.profile().base_url + "/oauth/signin?")
    assert query["redirect_uri"] == [redirect_uri]
    assert query["state"] == [wizard.holder.receiver.state]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert "Waiting for the browser" in step.status.text()
    assert step.progress.isVisibleTo(wizard)

    landing = await user_at_the_page(url, "signin")
    assert landing.status_code == 200
    assert str(landing.url).startswith(redirect_uri)
    await wait_until(step.is_complete)
    assert step.tokens is not None
    assert "code_verifier" in step.request.text()
    assert step.tokens.access_token not in step.response.text()
    assert wizard.slot_id is not None
    slot = wizard.flows.keeper().slot(wizard.slot_id)
    assert slot.email == "alice@example.com" and slot.record_uuid
    wizard.next_button.click()
    assert wizard.current_page() is wizard.result_step
    await wizard.aclose()


async def test_access_denied_reads_as_the_user_cancelling(session: Any) -> None:
    browser = FakeBrowser()
    wizard = BrowserSignInWizard(session, open_url=browser)
    url = await open_sign_in_page(wizard, browser)
    step = wizard.sign_in_step
    await user_at_the_page(url, "cancel")
    await wait_until(lambda: step.error.isVisibleTo(wizard))
    assert "You cancelled sign-in" in step.error.text()
    assert not step.is_complete()
    assert step.open_button.isEnabled()
    # Trying again works: a fresh attempt on the same redirect_uri.
    step.open_button.click()
    await wait_until(lambda: len(browser.opened) == 2 and step.open_button.isEnabled())
    assert urlsplit(browser.opened[1]).query != urlsplit(url).query  # new state and PKCE
    await user_at_the_page(browser.opened[1], "signin")
    await wait_until(step.is_complete)
    await wizard.aclose()


async def test_pasted_redirect_url_is_exchanged(session: Any) -> None:
    browser = FakeBrowser()
    wizard = BrowserSignInWizard(session, open_url=browser)
    url = await open_sign_in_page(wizard, browser)
    step = wizard.sign_in_step
    # The browser could not reach the receiver: take the Location of the 302 by hand.
    async with httpx.AsyncClient(follow_redirects=False) as other:
        fields = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        fields.update({"email": "alice@example.com", "password": "Password1!", "action": "signin"})
        answer = await other.post(url.split("?", 1)[0], data=fields)
    assert answer.status_code == 302
    step.paste.edit.setText(answer.headers["location"])
    step.paste.button.click()
    await wait_until(step.is_complete)
    await wizard.aclose()


async def test_cancel_while_waiting_closes_the_receiver(session: Any) -> None:
    browser = FakeBrowser()
    wizard = BrowserSignInWizard(session, open_url=browser)
    await open_sign_in_page(wizard, browser)
    port = urlsplit(wizard.sign_in_step.listen_field.value()).port
    assert port is not None
    assert wizard.running_tasks()  # waiting for the redirect
    await wizard.aclose()
    assert not wizard.running_tasks()
    try:
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        pass
    else:
        writer.close()
        raise AssertionError("the receiver still listens after Cancel")


async def test_open_again_at_once_after_a_cancel_still_signs_in(session: Any) -> None:
    # A click on Open right after a cancel, while the fresh attempt is still being made (its
    # receiver still starting): the click must wait for that attempt, not make a second
    # receiver of its own that nobody listens on.
    browser = FakeBrowser()
    wizard = BrowserSignInWizard(session, open_url=browser)
    url = await open_sign_in_page(wizard, browser)
    step = wizard.sign_in_step
    holder = wizard.holder
    listening = holder.ensure_listening

    async def slow_to_listen() -> Any:
        await asyncio.sleep(0.05)  # a busy machine: binding the port takes a moment
        return await listening()

    holder.ensure_listening = slow_to_listen  # type: ignore[method-assign]
    await user_at_the_page(url, "cancel")
    await wait_until(lambda: step.attempt is None)  # the cancel arrived; a new attempt is due
    step.open_button.click()
    await wait_until(lambda: len(browser.opened) == 2 and step.open_button.isEnabled())
    assert step.attempt is not None
    assert browser.opened[1] == step.attempt.sign_in_url()
    await user_at_the_page(browser.opened[1], "signin")
    await wait_until(step.is_complete, timeout=5)
    await wizard.aclose()
