"""The token panel and slots changed elsewhere: revoked at the server, or by another process
(a ``capture-desktop token …`` script) writing the shared slot file."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QMessageBox

from capture_desktop.auth.revoke import revoke_slot
from capture_desktop.services.session import Session
from capture_desktop.store import paths
from capture_desktop.store.slots import SlotStore
from capture_desktop.ui.token_model import COL_STATUS
from capture_desktop.ui.token_panel import TokenPanel
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot


def _status(panel: TokenPanel, row: int = 0) -> str:
    return str(panel.model.data(panel.model.index(row, COL_STATUS)))


async def test_revoked_at_the_server_reads_revoked(
    sandbox_session: Session, panel: TokenPanel
) -> None:
    slot = await access_slot(sandbox_session)
    await wait_until(lambda: panel.model.rowCount() == 1)
    keeper = sandbox_session.tokens.keeper

    await revoke_slot(keeper, sandbox_session.client(), slot.slot_id)

    await wait_until(lambda: _status(panel) == "revoked")
    assert keeper.state(slot.slot_id) == "revoked"


async def test_a_slot_changed_by_another_process_shows_without_a_restart(
    sandbox_session: Session, panel: TokenPanel
) -> None:
    slot = await access_slot(sandbox_session)
    await wait_until(lambda: _status(panel) == "valid")
    # Another process (its own SlotStore on the same file) marks the slot revoked.
    other = SlotStore(paths.slots_file())
    other.put(dataclasses.replace(other.get(slot.slot_id), state="revoked"))

    # The keeper's watcher (every 5 s at most) re-reads the changed file.
    await wait_until(lambda: _status(panel) == "revoked", timeout=15)


async def test_revoke_button_confirms_then_revokes_and_audits(
    sandbox_session: Session, panel: TokenPanel
) -> None:
    slot = await access_slot(sandbox_session, "carol@example.com")
    await wait_until(lambda: _status(panel) == "valid")
    panel.table.selectRow(0)
    assert panel.revoke_button.isEnabled()

    panel.revoke_button.click()
    box = panel.revoke_box
    assert box is not None and box.isVisible()
    assert "carol@example.com" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()  # cancel: nothing happens
    assert sandbox_session.tokens.keeper.state(slot.slot_id) == "valid"

    panel.revoke_button.click()
    assert panel.revoke_box is not None and panel.revoke_confirm is not None
    panel.revoke_confirm.click()

    await wait_until(lambda: _status(panel) == "revoked")
    await wait_until(lambda: not panel.revoke_button.isEnabled())
    assert "Revoked at the server" in panel.status.text()
    audit = (paths.data_dir() / "audit.jsonl").read_text().splitlines()
    assert '"entity.deleteAccess"' in audit[-1] and slot.record_uuid in audit[-1]
