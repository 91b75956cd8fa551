"""The shared step widgets: request preview, busy buttons, countdown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.widgets import CountdownLabel, RequestPreview, format_remaining


def test_request_preview_masks_secret_parameters(qtbot: Any) -> None:
    preview = RequestPreview()
    qtbot.addWidget(preview)
    preview.set_request("/oauth/token", {"code": "c0de", "redirect_uri": "http://x/cb"})
    assert "c0de" not in preview.text()
    assert "redirect_uri = http://x/cb" in preview.text()


def test_busy_restores_text_and_state_even_on_failure(qtbot: Any) -> None:
    button = QPushButton("Go")
    qtbot.addWidget(button)
    with pytest.raises(ValueError), busy(button, text="Going…", relabel=True):
        assert not button.isEnabled() and button.text() == "Going…"
        raise ValueError
    assert button.isEnabled() and button.text() == "Go"


def test_countdown_ticks_down_and_reports_expiry(qtbot: Any) -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    label = CountdownLabel("Code expires")
    qtbot.addWidget(label)
    label.start(now[0] + timedelta(seconds=75), clock=lambda: now[0])
    assert "1:15" in label.text()
    now[0] += timedelta(seconds=70)
    with qtbot.waitSignal(label.expired, timeout=100, raising=False) as early:
        pass
    assert not early.signal_triggered
    now[0] += timedelta(seconds=10)
    with qtbot.waitSignal(label.expired, timeout=2000):
        pass
    assert "expired" in label.text()
    assert format_remaining(3725) == "1:02:05"
