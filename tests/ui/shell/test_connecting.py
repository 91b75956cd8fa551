"""Between the first page and the profile's client, what calls Capture waits.

``Session.load`` shows the last profile and its token slots before any secret is read; the
client comes with ``start_services``. In between, the Records page and the wizards are
disabled, so nobody meets a "no connection profile" error on a profile that is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from capture_desktop.services.session import Session
from capture_desktop.services.settings import Settings
from capture_desktop.store.profiles import Profile
from capture_desktop.ui.main_window import PAGES, MainWindow


async def test_records_and_wizards_wait_for_the_client(
    app_home: Path,
    memory_keyring: Any,
    qapp: Any,
) -> None:
    session = Session(Settings())
    session.profile_store.load()
    session.profile_store.put(
        Profile(name="Staging", base_url="https://staging.example.com", client_id="abc")
    )
    session.load()
    window = MainWindow(session)
    window.show()
    try:
        records = window.nav.item(PAGES.index("Records"))
        assert session.profile() is not None and not session.connected
        assert window.root.currentWidget() is window.workspace
        assert not records.flags() & Qt.ItemFlag.ItemIsEnabled
        assert not any(action.isEnabled() for action in window.wizard_actions.values())

        await session.start_services()

        assert session.connected
        assert records.flags() & Qt.ItemFlag.ItemIsEnabled
        assert all(action.isEnabled() for action in window.wizard_actions.values())
    finally:
        window.close()
        window.deleteLater()
        await session.aclose()
