"""After someone else spent the slot's refresh token (the sandbox then revokes the grant),
the token panel shows "needs sign-in" and says why, in the status tooltip and the history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from capture_desktop.services.session import Session
from capture_desktop.store.secrets import slot_key
from capture_desktop.ui.token_model import COL_STATUS
from capture_desktop.ui.token_panel import TokenPanel
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot


async def test_a_reused_refresh_token_reads_needs_sign_in_with_the_reason(
    sandbox_session: Session, panel: TokenPanel, memory_keyring: Any
) -> None:
    slot = await access_slot(sandbox_session)
    await wait_until(lambda: panel.model.rowCount() == 1)
    key = slot_key(slot.profile, slot.slot_id, "refresh_token")
    copy = memory_keyring.get_password("capture-desktop", key)
    await sandbox_session.client().oauth_token("refresh_token", refresh_token=copy)  # the thief

    sandbox_session.runner.run(sandbox_session.tokens.refresh(slot.slot_id), name="refresh")

    status = panel.model.index(0, COL_STATUS)
    await wait_until(lambda: panel.model.data(status) == "needs sign-in", timeout=10)
    tooltip = str(panel.model.data(status, Qt.ItemDataRole.ToolTipRole))
    assert "already been used" in tooltip and "Sign in again" in tooltip
    entry = sandbox_session.tokens.history(slot.slot_id)[0]
    assert not entry.ok and "already been used" in entry.describe()
