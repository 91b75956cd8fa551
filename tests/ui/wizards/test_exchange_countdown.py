"""The Exchange step shows how long the code has left, like the Code step does."""

from __future__ import annotations

from typing import Any

from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from tests.helpers.qt import wait_until
from tests.helpers.wizards import listen, pick_alice, request_code


async def test_exchange_step_counts_the_code_down(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    wizard.show()
    await pick_alice(wizard)
    await listen(wizard)
    await request_code(wizard)
    left_at_code = wizard.code_step.countdown.remaining()
    wizard.next_button.click()
    exchange = wizard.exchange_step
    countdown = exchange.countdown
    assert countdown.isVisibleTo(wizard)
    assert 0 < countdown.remaining() <= left_at_code
    assert "Code expires" in countdown.text()
    first = countdown.text()
    await wait_until(lambda: countdown.text() != first, timeout=5)  # it moves
    exchange.exchange_button.click()
    await wait_until(exchange.is_complete)
    assert countdown.text() == "Code used"
    await wizard.aclose()
