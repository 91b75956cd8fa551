"""The token panel on a sandbox with short lifetimes: countdown, auto-refresh, needs sign-in,
copy with clipboard clearing, reveal, delete, and slots surviving a restart."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from capture_desktop.redaction import MASK
from capture_desktop.services.session import Session
from capture_desktop.services.settings import Settings
from capture_desktop.ui.token_model import COL_EXPIRES, COL_STATUS
from capture_desktop.ui.token_panel import TokenPanel
from tests.helpers.qt import wait_signal, wait_until
from tests.ui.shell.tokens import access_slot, creation_slot


def _cell(panel: TokenPanel, row: int, col: int) -> str:
    return str(panel.model.data(panel.model.index(row, col)))


@pytest.mark.parametrize("sandbox_overrides", [{"access_token_lifetime": 4}])
async def test_countdown_then_auto_refresh(sandbox_session: Session, panel: TokenPanel) -> None:
    slot = await access_slot(sandbox_session)
    await wait_until(lambda: panel.model.rowCount() == 1)
    assert _cell(panel, 0, 2).startswith("alice@example.com")
    assert _cell(panel, 0, COL_STATUS) == "valid"
    first = _cell(panel, 0, COL_EXPIRES)
    assert first.endswith(" s")
    # The countdown moves on its own (the panel's one-second timer repaints it).
    await wait_until(lambda: _cell(panel, 0, COL_EXPIRES) != first, timeout=5)
    # Auto-refresh (on by default) renews it before it runs out, and the history says so.
    await wait_until(lambda: bool(sandbox_session.tokens.history(slot.slot_id)), timeout=10)
    entry = sandbox_session.tokens.history(slot.slot_id)[0]
    assert entry.ok, entry.describe()
    renewed = sandbox_session.tokens.slot(slot.slot_id)
    assert renewed is not None and renewed.expires_at > slot.expires_at
    panel.table.selectRow(0)
    assert "refreshed" in panel.history.item(0).text()


@pytest.mark.parametrize(
    "sandbox_overrides", [{"access_token_lifetime": 4, "refresh_token_lifetime": 1}]
)
async def test_refused_refresh_reads_needs_sign_in(
    sandbox_session: Session, panel: TokenPanel
) -> None:
    slot = await access_slot(sandbox_session, "bob@example.com")
    await wait_until(lambda: panel.model.rowCount() == 1)
    await wait_until(lambda: _cell(panel, 0, COL_STATUS) == "needs sign-in", timeout=10)
    history = sandbox_session.tokens.history(slot.slot_id)
    assert history and not history[0].ok
    # Refresh now does not loop; it explains instead.
    panel.table.selectRow(0)
    panel.refresh_button.click()
    await wait_until(panel.banner.isVisible, timeout=5)
    await wait_until(panel.refresh_button.isEnabled)


async def test_copy_reveal_and_delete(
    sandbox_session: Session, panel: TokenPanel, memory_keyring: Any
) -> None:
    slot = await access_slot(sandbox_session)
    await wait_until(lambda: panel.model.rowCount() == 1)
    panel.table.selectRow(0)
    assert panel.d_value.text() == MASK  # masked until asked
    token = await sandbox_session.tokens.token_value(slot.slot_id)
    panel.copy_button.click()
    await wait_until(lambda: QGuiApplication.clipboard().text() == token)
    (cleared,) = await wait_signal(panel.clipboard.cleared, timeout=5)  # 0.2 s in this session
    assert cleared and QGuiApplication.clipboard().text() == ""
    panel.reveal_button.setChecked(True)
    await wait_until(lambda: panel.d_value.text() == token)
    panel.reveal_button.setChecked(False)
    assert panel.d_value.text() == MASK
    keys = [k for k in memory_keyring.usernames("capture-desktop") if slot.slot_id in k]
    assert keys  # access + refresh token items
    panel.delete_button.click()
    await wait_until(lambda: panel.model.rowCount() == 0)
    assert not [k for k in memory_keyring.usernames("capture-desktop") if slot.slot_id in k]
    assert panel.table_stack.currentWidget() is panel.empty


async def test_slots_survive_a_restart(sandbox_session: Session, qapp: Any) -> None:
    access = await access_slot(sandbox_session)
    creation = await creation_slot(sandbox_session)
    token = await sandbox_session.tokens.token_value(access.slot_id)
    again = Session(Settings())
    again.sandbox = sandbox_session.sandbox
    try:
        await again.start()
        panel = TokenPanel(again)
        try:
            assert panel.model.rowCount() == 2
            kinds = sorted(_cell(panel, row, 1) for row in range(2))
            assert kinds == ["access", "creation"]
            assert await again.tokens.token_value(access.slot_id) == token
            assert await again.tokens.token_value(creation.slot_id)
        finally:
            panel.close()
            panel.deleteLater()
    finally:
        await again.aclose()
