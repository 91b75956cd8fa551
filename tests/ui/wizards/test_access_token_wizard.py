"""AccessTokenWizard end to end against the sandbox on a real port.

The "browser" is an HTTP GET to the loopback redirect_uri: made by the wizard itself after
getAuthorizationCode, or by the test as an outside delivery. Covers the 420 explanation,
busy buttons restored after a failure, the paste fallback and cancel closing the receiver.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from capture_desktop.api.selectors import RecordSelector
from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from capture_desktop.ui.wizards.deliver import callback_url
from tests.helpers.qt import wait_signal, wait_until
from tests.helpers.wizards import close_wizard, listen, pick_alice, request_code


async def test_access_token_end_to_end(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    wizard.show()
    await pick_alice(wizard)
    redirect_uri = await listen(wizard)
    assert redirect_uri.startswith("http://127.0.0.1:") and redirect_uri.endswith("/callback")

    code_step = wizard.code_step
    code_step.state_edit.setText('{"ticket": "QA-1"}')
    await request_code(wizard)
    timeline = code_step.timeline.text()
    assert "state matches" in timeline
    assert "GET" in timeline and "code=" in timeline
    assert code_step.code is not None
    assert code_step.code not in timeline  # the code is masked in the delivery log
    assert code_step.code not in code_step.response.text()
    preview = code_step.request.text()
    assert "POST /access/getAuthorizationCode" in preview
    assert f"redirect_uri = {redirect_uri}" in preview
    assert code_step.countdown.remaining() > 0

    wizard.next_button.click()
    exchange = wizard.exchange_step
    assert exchange.uri_edit.text() == redirect_uri
    exchange.label_edit.setText("Alice QA")
    slot_events: list[bool] = []
    session.slots_changed.connect(lambda: slot_events.append(True))
    exchange.exchange_button.click()
    await wait_until(exchange.is_complete)
    tokens = exchange.tokens
    assert tokens is not None
    assert tokens.access_token not in exchange.response.text()
    assert tokens.refresh_token is None or tokens.refresh_token not in exchange.response.text()
    assert '"ticket": "QA-1"' in exchange.response.text()  # transaction_state came back

    keeper = wizard.flows.keeper()
    assert wizard.slot_id is not None
    slot = keeper.slot(wizard.slot_id)
    assert slot.label == "Alice QA"
    assert slot.email == "alice@example.com"
    assert slot.kind == "access"
    assert await keeper.access_token(wizard.slot_id) == tokens.access_token
    assert slot_events  # the Tokens panel hears about the new slot
    assert wizard.slot_id in [s.slot_id for s in session.tokens.slots()]

    wizard.next_button.click()
    assert wizard.current_page() is wizard.result_step
    assert "Alice QA" in wizard.result_step.headline.text()
    assert not wizard.back_button.isEnabled()  # nothing to redo once stored
    finished: list[str | None] = []
    wizard.finished.connect(finished.append)
    wizard.next_button.click()  # "Finish"
    assert finished == [wizard.slot_id]
    await close_wizard(wizard)


async def test_redirect_uri_mismatch_is_explained_with_both_uris(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    await pick_alice(wizard)
    issued = await listen(wizard)
    await request_code(wizard)
    wizard.next_button.click()
    exchange = wizard.exchange_step
    port = urlsplit(issued).port
    changed = f"http://localhost:{port}/callback"
    exchange.uri_edit.setText(changed)
    exchange.exchange_button.click()
    await wait_until(
        lambda: exchange.error.isVisibleTo(wizard) and exchange.exchange_button.isEnabled()
    )
    text = exchange.error.text()
    assert "420" in text
    assert issued in text and changed in text
    assert "character for character" in text
    assert "Request ID" in text
    assert not exchange.is_complete()
    # The sandbox did not spend the code: putting the issued URI back succeeds.
    exchange.uri_edit.setText(issued)
    exchange.exchange_button.click()
    await wait_until(exchange.is_complete)
    assert not exchange.error.isVisibleTo(wizard)
    await close_wizard(wizard)


async def test_outside_delivery_is_caught_by_the_receiver(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    await pick_alice(wizard)
    redirect_uri = await listen(wizard)
    receiver = wizard.holder.receiver
    selector = wizard.record_step.selector()
    assert selector is not None
    issued = await session.client().get_authorization_code("user", selector, redirect_uri)
    # The "browser": a plain GET to the loopback URL with the code and this attempt's state.
    async with httpx.AsyncClient() as browser:
        page = await browser.get(callback_url(redirect_uri, issued.code, receiver.state))
    assert page.status_code == 200
    await wait_until(wizard.code_step.is_complete)
    assert wizard.code_step.code == issued.code
    assert "loopback receiver" in wizard.code_step.timeline.text()
    await close_wizard(wizard)


async def test_pasted_redirect_url_supplies_the_code(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    await pick_alice(wizard)
    redirect_uri = await listen(wizard)
    selector = wizard.record_step.selector()
    assert selector is not None
    issued = await session.client().get_authorization_code("user", selector, redirect_uri)
    step = wizard.code_step
    step.paste.edit.setText("http://127.0.0.1:1/elsewhere?code=x")
    step.paste.button.click()
    assert step.error.isVisibleTo(wizard)
    assert "different redirect_uri" in step.error.text()
    step.paste.edit.setText(f"{redirect_uri}?code={issued.code}")
    step.paste.button.click()
    assert step.is_complete() and step.code == issued.code
    assert "pasted URL" in step.timeline.text()
    await close_wizard(wizard)


async def test_failed_request_explains_and_restores_the_button(make_session: Any) -> None:
    session = await make_session("direct_read_access")
    wizard = AccessTokenWizard(session, preset=("user", RecordSelector.by_id(1)))
    assert wizard.record_step.is_complete()  # preset applied
    wizard.next_button.click()
    await listen(wizard)
    step = wizard.code_step
    step.request_button.click()
    await wait_until(lambda: step.error.isVisibleTo(wizard))
    await wait_until(step.request_button.isEnabled)
    assert step.request_button.text() == "Request code"
    text = step.error.text()
    assert "403" in text and "Request ID" in text
    assert not step.is_complete()
    await close_wizard(wizard)


async def test_busy_fixed_port_is_named(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    await pick_alice(wizard)
    holder = await asyncio.start_server(lambda _r, _w: None, "127.0.0.1", 0)
    port = holder.sockets[0].getsockname()[1]
    try:
        step = wizard.redirect_step
        step.fixed.setChecked(True)
        step.port_spin.setValue(port)
        step.start_button.click()
        await wait_until(lambda: step.error.info is not None and step.start_button.isEnabled())
        assert f"Port {port} is already in use" in step.error.text()
        assert not step.is_complete() and step.redirect_uri() == ""
    finally:
        holder.close()
        await holder.wait_closed()
    await close_wizard(wizard)


async def test_expired_code_is_explained(session: Any, sandbox_server: Any) -> None:
    wizard = AccessTokenWizard(session)
    await pick_alice(wizard)
    await listen(wizard)
    step = wizard.code_step
    step.lifetime.setValue(1)
    await request_code(wizard)
    if step.countdown.remaining() > 0:
        await wait_signal(step.countdown.expired, timeout=5)
    assert "expired unused" in step.timeline.text()
    # The server's clock decides; it issued the code a moment after the app asked.
    state = sandbox_server.sandbox
    await wait_until(lambda: state.tokens.get(step.code, "code").expired(state.clock()))
    wizard.next_button.click()
    exchange = wizard.exchange_step
    exchange.exchange_button.click()
    await wait_until(
        lambda: exchange.error.info is not None and exchange.exchange_button.isEnabled()
    )
    assert "415" in exchange.error.text() and "request a new one" in exchange.error.text()
    await close_wizard(wizard)


async def test_cancel_mid_flow_closes_the_receiver_and_stops_tasks(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    await pick_alice(wizard)
    redirect_uri = await listen(wizard)
    port = urlsplit(redirect_uri).port
    assert port is not None
    # A request still waiting when Cancel is pressed must be cancelled, not left running.
    blocker = asyncio.Event()
    task = wizard.spawn(blocker.wait(), "slow")
    wizard.show()
    closed = asyncio.get_running_loop().create_future()
    wizard.closed.connect(lambda: closed.set_result(True))
    wizard.cancel_button.click()
    await asyncio.wait_for(closed, 10)
    assert task.cancelled()
    assert wizard.holder.receiver is None
    with pytest.raises(OSError):
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()


@pytest.mark.parametrize("mode", ["uuid", "id", "key"])
async def test_each_record_selector_reaches_the_code_step(session: Any, mode: str) -> None:
    alice = (await session.client().entity_find("user", "email = 'alice@example.com'")).results[0]
    wizard = AccessTokenWizard(session)
    step = wizard.record_step
    step.mode_buttons[mode].setChecked(True)
    assert not step.is_complete()
    if mode == "uuid":
        step.uuid_edit.setText(alice["uuid"])
    elif mode == "id":
        step.id_edit.setText(str(alice["id"]))
    else:
        step.key_value_edit.setText("alice@example.com")
    assert step.is_complete()
    selector = step.selector()
    assert selector is not None and selector.kind == mode
    wizard.next_button.click()
    await listen(wizard)
    await request_code(wizard)
    assert wizard.code_step.code
    await close_wizard(wizard)
