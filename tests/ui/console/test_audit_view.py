"""The in-app audit viewer: newest first, filters, live reload when the file changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.store.audit import AuditLog
from capture_desktop.ui.audit_view import ALL_PROFILES, AuditLogView


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    t0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    ticks = iter(range(1000))
    return AuditLog(tmp_path / "audit.jsonl", clock=lambda: t0 + timedelta(minutes=next(ticks)))


def test_shows_entries_newest_first_and_filters(qtbot: QtBot, log: AuditLog) -> None:
    log.record("Sandbox", "entity.update", "uuid-1", ["email", "givenName"])
    log.record("Prod", "entity.delete", "uuid-2", ["(record)"])
    log.record("Sandbox", "entity.create", "uuid-3", ["email"])
    view = AuditLogView(None, audit_log=log)
    qtbot.addWidget(view)
    cells = [[view.proxy.index(r, c).data() for c in (1, 2, 3, 4)] for r in range(3)]
    assert cells == [
        ["Sandbox", "entity.create", "uuid-3", "email"],
        ["Prod", "entity.delete", "uuid-2", "(the whole record)"],
        ["Sandbox", "entity.update", "uuid-1", "email, givenName"],
    ]
    assert view.count_label.text() == "3 changes"
    profiles = [view.profile_box.itemText(i) for i in range(view.profile_box.count())]
    assert profiles == [ALL_PROFILES, "Prod", "Sandbox"]
    view.profile_box.setCurrentText("Sandbox")
    assert view.proxy.rowCount() == 2
    view.filter_edit.setText("givenname")
    assert view.proxy.rowCount() == 1
    assert view.count_label.text() == "Showing 1 of 3 changes"


def test_empty_log_says_so(qtbot: QtBot, log: AuditLog) -> None:
    view = AuditLogView(None, audit_log=log)
    qtbot.addWidget(view)
    view.show()
    assert view.empty_label.isVisible()
    assert not view.table.isVisible()


def test_reloads_when_another_writer_appends(qtbot: QtBot, log: AuditLog) -> None:
    log.record("Sandbox", "entity.update", "uuid-1", ["email"])
    view = AuditLogView(None, audit_log=log)
    qtbot.addWidget(view)
    # A separate instance, as the records service uses, writes to the same file.
    AuditLog(log.path).record("Sandbox", "entity.replace", "uuid-9", ["photos"])
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    assert view.proxy.index(0, 2).data() == "entity.replace"


def test_default_log_lives_under_capture_desktop_home(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(tmp_path))
    view = AuditLogView()
    qtbot.addWidget(view)
    assert view.audit_log.path == tmp_path / "data" / "audit.jsonl"
