"""A rotated refresh token the keyring refuses shows at once, red and persistently, in the
token panel; "Retry saving" stores it once the keyring accepts again."""

from __future__ import annotations

from typing import Any

import pytest
from keyring.errors import KeyringLocked

from capture_desktop.services.session import Session
from capture_desktop.ui.token_model import COL_STATUS
from capture_desktop.ui.token_panel import TokenPanel
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot


async def test_unsaved_token_shows_red_and_retry_saving_stores_it(
    sandbox_session: Session,
    panel: TokenPanel,
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slot = await access_slot(sandbox_session)
    await wait_until(lambda: panel.model.rowCount() == 1)
    assert panel.unsaved_bar.isHidden()

    def refuse(*_args: object) -> None:
        raise KeyringLocked("the keyring is locked")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    sandbox_session.runner.run(sandbox_session.tokens.refresh(slot.slot_id), name="refresh")

    await wait_until(panel.unsaved_bar.isVisible, timeout=10)
    assert "alice" in panel.unsaved_bar.text.text()
    assert panel.model.data(panel.model.index(0, COL_STATUS)) == "NOT SAVED"
    entry = sandbox_session.tokens.history(slot.slot_id)[0]
    assert not entry.ok and "could not be saved" in entry.describe()

    panel.unsaved_bar.retry_button.click()  # still refused: the bar stays and says so
    await wait_until(lambda: "still refuses" in panel.unsaved_bar.text.text(), timeout=5)
    assert panel.unsaved_bar.isVisible()

    monkeypatch.undo()
    panel.unsaved_bar.retry_button.click()
    await wait_until(panel.unsaved_bar.isHidden, timeout=5)
    await wait_until(lambda: panel.model.data(panel.model.index(0, COL_STATUS)) == "valid")
    assert sandbox_session.token_keeper.unsaved() == []


async def test_quitting_with_an_unsaved_token_asks_first(
    sandbox_session: Session, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from capture_desktop.ui.main_window import MainWindow

    window = MainWindow(sandbox_session)
    window.show()
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    slot = await access_slot(sandbox_session)

    def refuse(*_args: object) -> None:
        raise KeyringLocked("the keyring is locked")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    with pytest.raises(Exception, match="locked"):
        await sandbox_session.tokens.refresh(slot.slot_id)

    window.close()
    box = window._unsaved_quit_box  # type: ignore[attr-defined]
    await wait_until(box.isVisible)
    assert window.isVisible() and quits == []  # not quit: asked instead
    assert "sign-in is lost" in box.text()
    quit_anyway = next(b for b in box.buttons() if b.text() == "Quit anyway")
    quit_anyway.click()
    await wait_until(lambda: quits == [True])
    window.deleteLater()
