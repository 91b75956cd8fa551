"""A profile added through the wizard with a non-owner client must not flood the server.

``clients/list`` answers 403 to every client but an owner, so such a client's features stay
unknown. Opening Records once must cost a handful of requests, and an idle window none: the
requests are counted where they leave the app, at the httpx transport of each profile.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QWizard

from capture_desktop.sandbox import load_clients
from capture_desktop.services.sandbox_service import profile_name_for
from capture_desktop.services.session import Session
from capture_desktop.ui.main_window import PAGES, MainWindow
from capture_desktop.ui.profile_wizard import ProfileWizard
from tests.helpers.qt import wait_until

# Nothing in the Records page or the shell polls the server; a few seconds show a loop (it ran
# at ~300 requests per second) without making the suite slow.
IDLE_SECONDS = 3.0
HANDFUL = 6


class RequestCounter:
    """Counts every request handed to an httpx transport, by endpoint path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, session: Session) -> None:
        self.paths: Counter[str] = Counter()
        original = session.connections.http_for

        def http_for(profile: Any) -> httpx.AsyncClient:
            http = original(profile)
            hooks = http.event_hooks
            if self._hook not in hooks["request"]:
                hooks["request"].append(self._hook)
                http.event_hooks = hooks
            return http

        monkeypatch.setattr(session.connections, "http_for", http_for)

    async def _hook(self, request: httpx.Request) -> None:
        self.paths[request.url.path] += 1

    def total(self) -> int:
        return sum(self.paths.values())


async def _add_profile_through_wizard(window: MainWindow, session: Session, feature: str) -> str:
    client = next(c for c in load_clients(session.sandbox.data_dir) if c["features"] == [feature])
    wizard = window.new_profile()
    assert isinstance(wizard, ProfileWizard)
    wizard.show()
    name = f"Mine {feature}"
    wizard.connection.name.setText(name)
    wizard.connection.base_url.setText(session.sandbox.base_url)
    wizard.next()
    wizard.client.client_id.setText(client["client_id"])
    wizard.client.secret.entry.setText(client["client_secret"])
    wizard.next()
    wizard.next()
    await wait_until(lambda: wizard.last_report is not None)
    assert wizard.last_report is not None and wizard.last_report.ok
    saved: list[str] = []
    wizard.saved.connect(saved.append)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    await wait_until(lambda: bool(saved))
    await wait_until(lambda: session.profile() is not None and session.profile().name == name)
    return name


async def _settle() -> bool:
    """Wait until no task of the app is pending (one user action has finished): False if the
    tasks keep going, as they do when two of them trigger each other."""
    from capture_desktop.services.tasks import live_runners

    try:
        await wait_until(lambda: not any(r.pending() for r in live_runners()), timeout=5.0)
    except AssertionError:
        return False
    return True


FEATURES = ["owner", "access_issuer", "direct_access", "direct_read_access", "login_client"]


async def _switch_to_builtin(window: MainWindow, session: Session, feature: str) -> str:
    """Choose the built-in sandbox profile of ``feature`` in the toolbar's profile box."""
    name = profile_name_for([feature])
    window.profile_box.setCurrentIndex(window.profile_box.findData(name))
    await wait_until(lambda: session.profile() is not None and session.profile().name == name)
    return name


@pytest.mark.parametrize("source", ["wizard", "builtin"])
@pytest.mark.parametrize("feature", FEATURES)
async def test_opening_records_costs_a_handful_of_requests_and_idling_none(
    sandbox_session: Session, monkeypatch: pytest.MonkeyPatch, feature: str, source: str
) -> None:
    session = sandbox_session
    counter = RequestCounter(monkeypatch, session)
    window = MainWindow(session)
    window.show()
    try:
        if source == "wizard":
            await _add_profile_through_wizard(window, session, feature)
        else:
            await _switch_to_builtin(window, session, feature)
        assert await _settle()
        counter.paths.clear()

        window.nav.setCurrentRow(PAGES.index("Records"))  # one user action
        settled = await _settle()
        after_action = counter.total()
        assert after_action <= HANDFUL, counter.paths
        assert counter.paths["/clients/list"] <= 1, counter.paths
        assert settled

        await asyncio.sleep(IDLE_SECONDS)  # observation window, not synchronisation
        assert counter.total() == after_action, counter.paths
        badge = window.records_view.browser.credentials  # type: ignore[attr-defined]
        if source == "wizard" and feature != "owner":
            # Only an owner may call clients/list: the others' features stay unknown.
            assert "acting with what the server allows" in badge.badge.toolTip()
        else:
            assert feature in badge.badge.toolTip()
    finally:
        window.close()
        window.deleteLater()
