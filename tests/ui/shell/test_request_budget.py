"""The role matrix: every client feature set, as a built-in profile and as one added through the
wizard, walks every page and runs every enabled action on them.

Each user action must cost at most a handful of requests, counted where they leave the app (the
httpx transport of each profile); ten idle seconds must cost none; and every action the client
may not run is disabled, its tooltip naming the feature it needs. A profile added through the
wizard with a non-owner client once flooded the server (``clients/list`` 403 and
``entity.count`` alternating ~300 times a second); this walk fails when that returns.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QAbstractButton, QWidget, QWizard

from capture_desktop.sandbox import load_clients
from capture_desktop.services.capabilities import READ_FEATURES, WIZARD_FEATURES, WRITE_FEATURES
from capture_desktop.services.sandbox_service import profile_name_for
from capture_desktop.services.session import Session
from capture_desktop.ui.main_window import PAGES, MainWindow
from capture_desktop.ui.profile_wizard import ProfileWizard
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot

# The window: nothing in the app polls Capture, so ten quiet seconds are the rule.
IDLE_SECONDS = 10.0
HANDFUL = 6
# Clients that may both find a record and issue its access token: they get a slot to refresh.
REFRESHERS = ("owner", "direct_access")


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


class Walk:
    """Runs one user action at a time and checks what it cost at the transport."""

    def __init__(
        self,
        window: MainWindow,
        counter: RequestCounter,
        where: str,
        features: frozenset[str] | None,
    ) -> None:
        self.window = window
        self.counter = counter
        self.where = where
        self.features = features  # None: unknown (only an owner may call clients/list)
        self.ran: list[str] = []

    async def action(self, name: str, act: Callable[[], object]) -> None:
        assert await _settle(), f"{self.where}: still busy before {name}"
        self.counter.paths.clear()
        result = act()
        if isinstance(result, Awaitable):
            await result
        settled = await _settle()
        spent = dict(self.counter.paths)
        assert self.counter.total() <= HANDFUL, f"{self.where}: {name} sent {spent}"
        assert self.counter.paths["/clients/list"] <= 1, f"{self.where}: {name} sent {spent}"
        assert settled, f"{self.where}: {name} never finished ({spent})"
        self.ran.append(name)

    def disabled_names_feature(self, name: str, widget: Any, needed: frozenset[str]) -> None:
        """An action the client may not run is disabled, its tooltip naming the feature it
        needs (when the features are unknown, everything is offered and the server decides)."""
        if self.features is not None and not self.features & needed:
            assert not widget.isEnabled(), f"{self.where}: {name} is enabled; needs {needed}"
        if widget.isEnabled():
            return
        tip = widget.toolTip()
        assert any(feature in tip for feature in needed), (
            f"{self.where}: {name} is disabled, but its tooltip {tip!r} names none of "
            f"{sorted(needed)}"
        )


async def _quiet_for(counter: RequestCounter, seconds: float) -> None:
    """Observe the transport for ``seconds``: fail as soon as any request leaves."""
    before = dict(counter.paths)
    total = counter.total()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert counter.total() == total, f"requests while idle: {before} → {dict(counter.paths)}"
        await asyncio.sleep(0.1)  # observation window, not synchronisation
    assert counter.total() == total, f"requests while idle: {before} → {dict(counter.paths)}"


def _show(window: MainWindow, page: str) -> Callable[[], None]:
    return lambda: window.nav.setCurrentRow(PAGES.index(page))


def _click(button: QAbstractButton) -> Callable[[], None]:
    return button.click


async def _records_actions(walk: Walk) -> None:
    window = walk.window
    await walk.action("open Records", _show(window, "Records"))
    browser = window.records_view.browser  # type: ignore[attr-defined]
    walk.disabled_names_feature("Search", browser.search_button, READ_FEATURES)
    walk.disabled_names_feature("Open record", browser.open_button, READ_FEATURES)
    if browser.new_button.isVisible():
        walk.disabled_names_feature("New record", browser.new_button, WRITE_FEATURES)
    if not browser.search_button.isEnabled():
        return
    await walk.action("search", _click(browser.search_button))
    if browser.model.rowCount() and browser.open_button.isEnabled():
        browser.table.selectRow(0)
        tabs = window.records_view.tabs  # type: ignore[attr-defined]
        count = tabs.count()
        await walk.action("open a record", _click(browser.open_button))
        assert tabs.count() == count + 1, f"{walk.where}: no record tab opened"


async def _tokens_actions(walk: Walk) -> None:
    window = walk.window
    await walk.action("open Tokens", _show(window, "Tokens"))
    panel = window.token_panel
    for key, (button, _tip) in panel.wizard_buttons.items():
        if button.isVisible():
            walk.disabled_names_feature(f"Tokens page's {key} wizard", button, WIZARD_FEATURES[key])
    if panel.refresh_button.isVisible() and panel.refresh_button.isEnabled():
        await walk.action("refresh a token", _click(panel.refresh_button))


def _newest_window(window: MainWindow) -> QWidget:
    return window._windows[-1]


def _forgotten(window: MainWindow, wizard: QWidget) -> Callable[[], bool]:
    """True once the main window let go of the closed ``wizard``."""
    return lambda: wizard not in window._windows


async def _wizard_actions(walk: Walk) -> None:
    window = walk.window
    for key, action in window.wizard_actions.items():
        walk.disabled_names_feature(f"the {key} wizard", action, WIZARD_FEATURES[key])
        if not action.isEnabled():
            continue
        opened = len(window._windows)
        await walk.action(f"open the {key} wizard", action.trigger)
        assert len(window._windows) == opened + 1, f"{walk.where}: {key} wizard did not open"
        wizard: Any = _newest_window(window)
        try:
            if key == "access":
                step = wizard.record_step
                step.search_edit.setText("nobody@example.com")
                await walk.action("access wizard: search a record", _click(step.search_button))
            elif key == "creation":
                step = wizard.token_step
                await walk.action("creation wizard: get a token", _click(step.get_button))
        finally:
            wizard.close()
            await wait_until(_forgotten(window, wizard))


async def _walk_every_page(walk: Walk) -> None:
    await _tokens_actions(walk)
    await _records_actions(walk)
    await walk.action("open Console", _show(walk.window, "Console"))
    await _wizard_actions(walk)
    # Tokens again: the wizards may have left a slot, which offers Refresh.
    await _tokens_actions(walk)


@pytest.mark.timeout(240)
@pytest.mark.parametrize("feature", FEATURES)
async def test_every_page_and_enabled_action_costs_a_handful_and_idling_none(
    sandbox_session: Session, monkeypatch: pytest.MonkeyPatch, feature: str
) -> None:
    session = sandbox_session
    counter = RequestCounter(monkeypatch, session)
    window = MainWindow(session)
    window.show()
    try:
        builtin = Walk(window, counter, f"built-in {feature}", frozenset({feature}))
        await _switch_to_builtin(window, session, feature)
        if feature in REFRESHERS:
            await access_slot(session)  # a slot to refresh on the Tokens page
        await _walk_every_page(builtin)

        known = frozenset({feature}) if feature == "owner" else None
        added = Walk(window, counter, f"wizard-added {feature}", known)
        await _add_profile_through_wizard(window, session, feature)
        if feature in REFRESHERS:
            await access_slot(session)
        await _walk_every_page(added)
        # Once per role, on the added profile: the one whose unknown features once looped.
        await walk_to_records_and_idle(window, counter)

        badge = window.records_view.browser.credentials  # type: ignore[attr-defined]
        if feature != "owner":
            # Only an owner may call clients/list: the others' features stay unknown.
            assert "acting with what the server allows" in badge.badge.toolTip()
        else:
            assert feature in badge.badge.toolTip()
        for walk in (builtin, added):
            assert {"open Tokens", "open Records", "open Console"} <= set(walk.ran), walk.ran
            if feature in REFRESHERS:
                assert "refresh a token" in walk.ran, walk.ran
        if feature in ("owner", "direct_access", "direct_read_access"):
            assert "search" in builtin.ran and "open a record" in builtin.ran, builtin.ran
        # Unknown features offer everything and let the server decide.
        assert "search" in added.ran, added.ran
    finally:
        for child in list(window._windows):
            child.close()
        window.close()
        window.deleteLater()


async def walk_to_records_and_idle(window: MainWindow, counter: RequestCounter) -> None:
    """The flood began on the Records page: idle there, then watch the transport."""
    window.nav.setCurrentRow(PAGES.index("Records"))
    assert await _settle()
    await _quiet_for(counter, IDLE_SECONDS)
