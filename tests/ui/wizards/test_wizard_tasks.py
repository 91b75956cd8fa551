"""The wizards' coroutines run on the session's TaskRunner: the leak check sees them, closing
the window cancels them, and quitting the app (the runner's ``aclose``) stops them and the
loopback receiver. Also: a native sign-in slot takes the lifetime the server sent."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

import pytest

from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from tests.helpers.qt import wait_until
from tests.ui.leakcheck import LeakCheck


async def _opened(session: Any) -> AccessTokenWizard:
    wizard = AccessTokenWizard(session)
    # Its first look-up (entity types) ends before the test goes on: cancelling an httpx
    # call half-way through connecting leaves its socket to the garbage collector.
    await wait_until(lambda: not session.runner.pending())
    return wizard


async def test_wizard_tasks_are_the_runners_and_end_with_the_window(session: Any) -> None:
    wizard = await _opened(session)
    task = wizard.spawn(asyncio.Event().wait(), "slow")
    assert wizard.running_tasks() == [task]
    pending, _ = LeakCheck().find(flush=False)
    assert pending == ["wizard:slow"]  # what the autouse leak check would report
    await wizard.aclose()
    assert task.cancelled()
    assert session.runner.pending() == []  # the closing task has ended as well


async def test_quitting_stops_wizard_tasks_and_the_receiver(session: Any) -> None:
    wizard = await _opened(session)
    wizard.go_to(1)
    wizard.redirect_step.start_button.click()
    await wait_until(wizard.redirect_step.is_complete)
    port = urlsplit(wizard.redirect_step.redirect_uri()).port
    task = wizard.spawn(asyncio.Event().wait(), "slow")
    closed: list[bool] = []
    wizard.closed.connect(lambda: closed.append(True))
    # What quitting does: the main window closes its windows, then the session its runner,
    # at once (the wizard's closing task has not even started yet).
    wizard.close()
    await session.runner.aclose()
    assert task.cancelled() and closed == [True]
    assert wizard.holder.receiver is None
    with pytest.raises(OSError):
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()
