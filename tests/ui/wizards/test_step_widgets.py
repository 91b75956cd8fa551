"""The shared step widgets: request preview, response, busy buttons, countdown, controls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from capture_desktop.api.request_log import RequestEvent
from capture_desktop.services.flows import Watch
from capture_desktop.ui.busy import busy
from capture_desktop.ui.wizards.widgets import (
    CountdownLabel,
    RequestPreview,
    ResponseView,
    action_button,
    add_heading,
    button_row,
    editable_combo,
    format_remaining,
    seconds_spin,
    slot_label_edit,
)


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


def _event(operation: str, response: Any) -> RequestEvent:
    return RequestEvent(
        id=1,
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
        operation=operation,
        method="POST",
        url=f"https://capture.test/{operation}",
        credential_kind=None,
        params={},
        headers={},
        http_status=200,
        duration_ms=1.0,
        request_id=None,
        error=None,
        response=response,
    )


def test_response_view_shows_the_watched_call_or_the_fallback(qtbot: Any) -> None:
    view = ResponseView()
    qtbot.addWidget(view)
    watch = Watch()
    view.show_call(watch, "oauth/token")  # nothing seen, no fallback: left as it was
    assert view.text() == ""
    view.show_call(watch, "oauth/token", {"stat": "ok", "note": "fallback"})
    assert '"fallback"' in view.text()
    watch.events.append(_event("/oauth/token", {"stat": "ok", "access_token": "s3cret-token"}))
    watch.events.append(_event("/entity", {"stat": "ok", "result": {}}))
    view.show_call(watch, "oauth/token", {"note": "fallback"})
    assert '"stat": "ok"' in view.text() and "fallback" not in view.text()
    assert "s3cret-token" not in view.text()  # still masked
    watch.events.append(_event("/oauth/token", {}))  # an empty answer gives way to the fallback
    view.show_call(watch, "oauth/token", {"note": "fallback"})
    assert "fallback" in view.text()
    view.show_call(watch, "oauth/token")  # without a fallback the empty answer is shown
    assert view.text().strip() == "{}"


def test_step_controls_are_built_alike(qtbot: Any) -> None:
    clicks: list[str] = []
    button = action_button("Go", "Start going", lambda: clicks.append("go"))
    qtbot.addWidget(button)
    assert button.text() == "Go" and button.accessibleDescription() == "Start going"
    button.click()
    assert clicks == ["go"]
    other = QPushButton("Other")
    qtbot.addWidget(other)
    row = button_row(button, other)
    assert [row.itemAt(i).widget() for i in range(2)] == [button, other]
    assert row.count() == 3 and row.itemAt(2).spacerItem() is not None  # the stretch last
    spin = seconds_spin("Lifetime in seconds", 3600, 30, 120)
    qtbot.addWidget(spin)
    assert (spin.minimum(), spin.maximum(), spin.value()) == (1, 3600, 30)
    assert spin.suffix() == " s" and spin.accessibleName() == "Lifetime in seconds"
    assert spin.maximumWidth() == 120
    edit = slot_label_edit()
    qtbot.addWidget(edit)
    assert edit.accessibleName() == "Slot label"
    assert edit.placeholderText() == "A name for this token in the Tokens panel"


def test_an_editable_combo_names_both_its_list_and_its_text_field(qtbot: Any) -> None:
    combo = editable_combo("Entity type", "Entity type (typed)", 220)
    qtbot.addWidget(combo)
    assert combo.isEditable() and combo.minimumWidth() == 220
    assert combo.accessibleName() == "Entity type"
    editor = combo.lineEdit()
    assert editor is not None and editor.accessibleName() == "Entity type (typed)"
    combo.setEditText("user")
    assert combo.currentText() == "user"


def test_request_and_response_boxes_read_back_what_they_show(qtbot: Any) -> None:
    preview, response = RequestPreview(), ResponseView()
    for box in (preview, response):
        qtbot.addWidget(box)
        assert box.maximumHeight() == 300 and box.view.isReadOnly()
    assert preview.title() == "Request to send (secrets masked)"
    assert response.title() == "Response (secrets masked)"
    preview.set_request("/entity", {"type_name": "user"}, auth="access token")
    assert preview.text().splitlines()[:2] == ["POST /entity", "Authentication: access token"]
    response.set_message("waiting")
    assert response.text() == "waiting"


def test_a_heading_says_what_it_titles_and_wraps_the_text_under_it(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    text = add_heading(layout, "h3", "Exchange", "Step title", "Trade the <i>code</i>.")
    heading = layout.itemAt(0).widget()
    assert isinstance(heading, QLabel)
    assert heading.text() == "<h3 style='margin:0'>Exchange</h3>"
    assert heading.accessibleDescription() == "Step title"
    assert layout.itemAt(1).widget() is text and layout.count() == 2
    assert text.wordWrap() and text.textFormat() == Qt.TextFormat.RichText
