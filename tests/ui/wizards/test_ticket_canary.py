"""Canary: a full access-token wizard run, exported for a ticket from its result page.

Every secret the run touched (the client secret, the authorization code, the access and
refresh tokens, the loopback ``state``) is looked for in both exported files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from capture_desktop.store.secrets import client_secret_key
from capture_desktop.ticket.har import har_problems
from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from tests.helpers.qt import wait_signal, wait_until
from tests.helpers.wizards import close_wizard, listen, pick_alice, request_code


async def test_a_wizard_run_exports_without_any_secret(session: Any, tmp_path: Path) -> None:
    wizard = AccessTokenWizard(session)
    wizard.show()
    try:
        await pick_alice(wizard)
        await listen(wizard)
        await request_code(wizard)
        code = wizard.code_step.code
        state = wizard.holder.receiver.state
        wizard.next_button.click()
        wizard.exchange_step.exchange_button.click()
        await wait_until(wizard.exchange_step.is_complete)
        tokens = wizard.exchange_step.tokens
        wizard.next_button.click()
        assert wizard.current_page() is wizard.result_step
        secret = await session.secrets.get(client_secret_key(session.require_profile().name))
        canaries = {
            "client secret": secret,
            "authorization code": code,
            "access token": tokens.access_token,
            "refresh token": tokens.refresh_token,
            "state": state,
        }
        assert all(canaries.values())

        control = wizard.result_step.ticket
        control.export(tmp_path)
        (files,) = await wait_signal(control.ticket_exported)

        assert not isinstance(files, Exception), files
        har_text, report = files.har.read_text(), files.report.read_text()
        for name, value in canaries.items():
            assert value not in har_text, name
            assert value not in report, name
        har = json.loads(har_text)
        assert har_problems(har) == []
        operations = [e["comment"] for e in har["log"]["entries"]]
        assert "access/getAuthorizationCode" in operations and "oauth/token" in operations
        assert "[AUTHORIZATION_CODE]" in har_text and "[REFRESH_TOKEN]" in har_text
        assert "## Steps" in report and "1. " in report
        assert "Wrote" in control.status.text()
    finally:
        await close_wizard(wizard)
