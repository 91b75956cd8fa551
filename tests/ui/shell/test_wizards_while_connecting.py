"""Between the first page and the client (a returning user's start: profiles and slots read,
the secret not yet), no flow wizard can start: not from the toolbar, the Tokens menu or the
Tokens page's own buttons. Once the client is up they all can, together."""

from __future__ import annotations

from typing import Any

from capture_desktop.services.session import Session
from capture_desktop.services.settings import Settings
from capture_desktop.ui.main_window import MainWindow


def _states(window: MainWindow) -> dict[str, tuple[bool, bool]]:
    """Per wizard: (menu/toolbar action enabled, Tokens page button enabled)."""
    buttons = window.token_panel.wizard_buttons
    return {
        key: (action.isEnabled(), buttons[key][0].isEnabled())
        for key, action in window.wizard_actions.items()
        if key in buttons
    }


async def test_no_wizard_starts_before_the_client_is_up(
    sandbox_session: Session, qapp: Any
) -> None:
    again = Session(Settings())
    again.sandbox = sandbox_session.sandbox
    window = MainWindow(again)
    try:
        again.load()  # what the app does before its first paint
        assert not again.connected
        states = _states(window)
        assert states and set(states.values()) == {(False, False)}, states
        await again.start_services()
        assert again.connected
        assert set(_states(window).values()) == {(True, True)}, _states(window)
    finally:
        window.close()
        window.deleteLater()
        await again.aclose()
