"""The shared step widgets: request preview, busy buttons, countdown, error explanations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from capture_desktop.api.errors import ApiError
from capture_desktop.auth.callback import CallbackRefused, SignInDenied
from capture_desktop.auth.loopback import PortBusy
from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.explain import explain
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


def test_explanations_name_the_problem() -> None:
    cancelled = explain(SignInDenied("access_denied", "user pressed cancel"))
    assert cancelled.title == "You cancelled sign-in"
    busy_port = explain(PortBusy([8765]))
    assert "8765" in busy_port.title
    refused = explain(CallbackRefused("wrong_state"))
    assert "does not belong" in refused.title
    mismatch = ApiError.from_payload(
        {"code": 420, "error": "redirect_uri_mismatch", "request_id": "abcdefgh12345678"}, 400
    )
    info = explain(mismatch, issued_redirect_uri="http://a/cb", sent_redirect_uri="http://b/cb")
    assert "http://a/cb" in info.meaning and "http://b/cb" in info.meaning
    assert ("Request ID", "abcdefgh12345678") in info.details
    rejected = explain(SignInDenied("invalid_request", "bad scope"))
    assert rejected.title == "The redirect carried no code"
    assert ("Server said", "bad scope") in rejected.details
    expired = explain(ApiError.from_payload({"code": 415, "error": "authorization_code_expired"}))
    assert "has expired (error 415)" in expired.title
    spent = explain(ApiError.from_payload({"code": 417, "error": "creation_token_expired"}))
    assert "creation token has expired" in spent.title
