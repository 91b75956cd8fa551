"""The wizards opened the way the app opens them: from the main window, with a preset record.

The main window marks its windows WA_DeleteOnClose; Cancel must still stop the receiver and
leave nothing running even though Qt deletes the window while the cleanup runs.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

import pytest

from capture_desktop.api.selectors import RecordSelector
from capture_desktop.ui.wizards import AccessTokenWizard
from tests.helpers.accessibility import unnamed_controls
from tests.helpers.qt import wait_until


@pytest.fixture
async def main_window(session: Any) -> Any:
    from capture_desktop.ui.main_window import MainWindow

    window = MainWindow(session)
    yield window
    from capture_desktop.services.tasks import live_runners

    # The window's own start-up calls (the Records view loads types) must end before the
    # loop does, or their half-open connections outlive it.
    await wait_until(lambda: not any(r.pending() for r in live_runners()))
    window.close()
    window.deleteLater()


@pytest.mark.parametrize("key", ["access", "browser", "creation", "native"])
async def test_each_wizard_opens_from_the_main_window(main_window: Any, key: str) -> None:
    wizard = main_window.start_wizard(key)
    assert wizard is not None and wizard.isVisible()
    assert not wizard.isModal()
    # Let the first look-ups (entity types, login clients) finish: cancelling an httpx call
    # in the middle of connecting leaves its socket to the garbage collector (ResourceWarning).
    await wait_until(lambda: not wizard.running_tasks())
    # A screen reader can name every control on the wizard's first page.
    assert unnamed_controls(wizard) == []
    await wizard.aclose()


async def test_get_a_token_for_this_user_preselects_the_record(main_window: Any) -> None:
    main_window.start_access_token_wizard("user", RecordSelector.by_id(2))
    wizard = next(w for w in main_window._windows if isinstance(w, AccessTokenWizard))
    step = wizard.record_step
    assert step.is_complete() and step.mode() == "id" and step.id_edit.text() == "2"
    step_uri = wizard.redirect_step
    wizard.next_button.click()
    step_uri.start_button.click()
    await wait_until(step_uri.is_complete)
    port = urlsplit(step_uri.redirect_uri()).port
    assert port is not None
    holder = wizard.holder
    wizard.cancel_button.click()  # the window is deleted on close (WA_DeleteOnClose)
    await wait_until(lambda: holder.receiver is None)
    with pytest.raises(OSError):
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()


async def test_the_record_editors_token_request_opens_the_wizard(main_window: Any) -> None:
    # The editor's "Get an access token for this user…" reaches the window through the Records
    # view's signal; nothing else connects it.
    main_window.build_deferred_views()
    main_window.records_view.access_token_requested.emit("user", RecordSelector.by_id(3))
    wizard = next(w for w in main_window._windows if isinstance(w, AccessTokenWizard))
    assert wizard.record_step.mode() == "id" and wizard.record_step.id_edit.text() == "3"
    await wait_until(lambda: not wizard.running_tasks())
    await wizard.aclose()
