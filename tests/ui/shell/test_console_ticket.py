"""“Export for a ticket…” in the console, on a session against the built-in sandbox: real
calls (a code flow and a refresh), real keyring values, files scanned for every secret."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from capture_desktop.services.session import Session
from capture_desktop.store.secrets import client_secret_key, slot_key
from capture_desktop.ticket.har import har_problems
from capture_desktop.ui.console.view import ConsoleView
from tests.helpers.qt import wait_signal, wait_until
from tests.ui.shell.tokens import access_slot


async def test_export_writes_har_and_report_without_secrets(
    sandbox_session: Session, tmp_path: Path, qapp: Any
) -> None:
    console = ConsoleView(sandbox_session)
    console.show()
    try:
        slot = await access_slot(sandbox_session)
        await sandbox_session.tokens.refresh(slot.slot_id)
        await wait_until(lambda: console.model.rowCount() >= 4)
        assert console.ticket_button.isVisible()
        # The button asks for a folder without a modal loop; choosing one starts the export.
        console.ticket_button.click()
        dialog = console.ticket_dialog
        assert dialog is not None and dialog.isVisible()
        dialog.close()
        profile = sandbox_session.require_profile()
        secrets = sandbox_session.secrets
        known = [
            await secrets.get(client_secret_key(profile.name)),
            await secrets.get(slot_key(profile.name, slot.slot_id, "access_token")),
            await secrets.get(slot_key(profile.name, slot.slot_id, "refresh_token")),
        ]
        assert all(known)

        # The export runs as a task: connected before it can report, no await in between.
        console.export_ticket(tmp_path / "ticket")
        (files,) = await wait_signal(console.ticket_exported)

        har_text, report = files.har.read_text(), files.report.read_text()
        for secret in known:
            assert secret not in har_text and secret not in report
        har = json.loads(har_text)
        assert har_problems(har) == []
        operations = [e["comment"] for e in har["log"]["entries"]]
        assert "access/getAuthorizationCode" in operations
        assert operations.count("oauth/token") == 2  # the exchange and the refresh
        assert f"Client id: {profile.client_id}" in report
        assert "Environment: sandbox" in report
        assert "Wrote" in console.ticket_label.text()
        # Only the selected calls when some are selected.
        console.select_row(0)
        console.export_ticket(tmp_path / "one")
        (single,) = await wait_signal(console.ticket_exported)
        one = json.loads(single.har.read_text())
        assert len(one["log"]["entries"]) == 1
    finally:
        console.close()
        console.deleteLater()
