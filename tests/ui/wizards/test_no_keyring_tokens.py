"""No system keyring (keyring's fail backend) when a token is about to be issued.

The session was opened while a keyring answered; then the keyring is gone, as on a machine
without a Secret Service. The wizard must find that out before the single-use code is spent,
offer to keep the token in memory for this session only, and mark it so, with a Copy button.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtGui import QGuiApplication

from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from tests.helpers.qt import wait_until
from tests.helpers.wizards import FakeBrowser, to_exchange_step


@pytest.fixture
def keyring_gone(memory_keyring: Any) -> Iterator[None]:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(memory_keyring)


async def test_code_is_not_spent_until_the_user_chooses_memory(
    session: Any, keyring_gone: None, tmp_path: Path
) -> None:
    wizard = AccessTokenWizard(session)
    wizard.show()
    exchange = await to_exchange_step(wizard)
    gate = exchange.keyring
    await wait_until(gate.isVisible)
    text = gate.text.text()
    assert "No system keyring" in text and "GNOME Keyring" in text, text
    assert not exchange.exchange_button.isEnabled(), "the code must not be spent yet"
    events: list[Any] = []
    unsubscribe = session.request_log.subscribe(events.append)
    await exchange.exchange()  # even if called, nothing is sent
    unsubscribe()
    assert not [e for e in events if "oauth/token" in e.operation]
    assert "not spent" in exchange.status.text()

    gate.keep_in_memory.click()
    assert exchange.exchange_button.isEnabled()
    exchange.exchange_button.click()
    await wait_until(lambda: exchange.is_complete() or exchange.error.info is not None)
    assert exchange.error.info is None, exchange.error.text()

    wizard.next_button.click()
    result = wizard.result_step
    assert result.memory_note.isVisible() and "lost when you quit" in result.memory_note.text()
    assert result.copy_button.isVisible()
    result.copy_button.click()
    keeper = wizard.flows.keeper()
    assert wizard.slot_id is not None
    value = await keeper.access_token(wizard.slot_id)
    assert QGuiApplication.clipboard().text() == value
    slot = keeper.slot(wizard.slot_id)
    assert slot.session_only
    # Nothing of it on disk: the slot file does not list it.
    slots_file = keeper._slots.path
    listed = json.loads(slots_file.read_text())["slots"] if slots_file.exists() else []
    assert wizard.slot_id not in [s["slot_id"] for s in listed]
    result.clipboard.flush()
    await wizard.aclose()


async def test_with_a_keyring_nothing_is_asked(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    wizard.show()
    exchange = await to_exchange_step(wizard)
    exchange.exchange_button.click()
    await wait_until(exchange.is_complete)
    assert not exchange.keyring.isVisible()
    wizard.next_button.click()
    assert not wizard.result_step.copy_button.isVisible()
    assert wizard.slot_id is not None
    assert not wizard.flows.keeper().slot(wizard.slot_id).session_only
    await wizard.aclose()


async def test_browser_sign_in_asks_before_the_browser_opens(
    session: Any, keyring_gone: None
) -> None:
    from capture_desktop.ui.wizards.browser_signin import BrowserSignInWizard

    browser = FakeBrowser()
    wizard = BrowserSignInWizard(session, open_url=browser)
    wizard.show()
    wizard.redirect_step.start_button.click()
    await wait_until(wizard.redirect_step.is_complete)
    wizard.next_button.click()
    step = wizard.sign_in_step
    await wait_until(lambda: step.attempt is not None and step.keyring.isVisible())
    assert not step.open_button.isEnabled(), "no browser (and no code) before the choice"
    await step.open_browser()
    assert browser.opened == []
    step.keyring.keep_in_memory.click()
    assert step.open_button.isEnabled()
    await wizard.aclose()


async def test_a_session_only_token_is_marked_in_the_tokens_table(
    session: Any, keyring_gone: None
) -> None:
    import dataclasses

    from capture_desktop.ui.token_model import TokenTableModel

    wizard = AccessTokenWizard(session)
    wizard.show()
    exchange = await to_exchange_step(wizard)
    await wait_until(exchange.keyring.isVisible)
    exchange.keyring.keep_in_memory.click()
    exchange.exchange_button.click()
    await wait_until(exchange.is_complete)
    assert wizard.slot_id is not None
    slot = wizard.flows.keeper().slot(wizard.slot_id)
    model = TokenTableModel()
    model.set_slots([slot, dataclasses.replace(slot, slot_id="other", session_only=False)])
    assert "this session only" in model.data(model.index(0, 0))
    assert "this session only" not in model.data(model.index(1, 0))
    await wizard.aclose()


async def test_native_sign_in_asks_before_signing_in(session: Any, keyring_gone: None) -> None:
    from capture_desktop.ui.wizards.native_signin import NativeSignInWizard

    wizard = NativeSignInWizard(session)
    wizard.show()
    step = wizard.sign_in_step
    await wait_until(
        lambda: step.keyring.isVisible() and "login" in step.client_combo.currentText()
    )
    step.email_edit.setText("alice@example.com")
    step.password_edit.setText("Password1!")
    assert not step.sign_in_button.isEnabled()
    events: list[Any] = []
    unsubscribe = session.request_log.subscribe(events.append)
    await step.sign_in()
    assert not [e for e in events if "auth_native" in e.operation], "nothing sent yet"
    step.keyring.keep_in_memory.click()
    step.sign_in_button.click()
    await wait_until(lambda: step.is_complete() or step.error.info is not None)
    unsubscribe()
    assert step.error.info is None, step.error.text()
    assert wizard.slot_id is not None
    assert wizard.flows.keeper().slot(wizard.slot_id).session_only
    await wizard.aclose()
