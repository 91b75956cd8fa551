"""The request console with hand-made events: table, detail, filters, bound, copy as curl."""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from capture_desktop.api.request_log import to_curl
from capture_desktop.redaction import MASK
from capture_desktop.ui.console.model import ConsoleModel, IsErrorRole
from capture_desktop.ui.console.view import ALL_OPERATIONS, ConsoleView
from tests.ui.console.events import (
    CANARY_SECRET,
    CANARY_TOKEN,
    FakeApiError,
    event,
)
from tests.ui.console.fake_session import ConsoleSession

FakeSession = ConsoleSession


def make_view(qtbot: QtBot, **kw: Any) -> tuple[FakeSession, ConsoleView]:
    session = FakeSession()
    view = ConsoleView(session, **kw)  # the core's to_curl renders
    qtbot.addWidget(view)
    return session, view


def test_rows_show_the_fields_and_errors_are_flagged(qtbot: QtBot) -> None:
    session, view = make_view(qtbot)
    session.request_logged.emit(event(operation="entity.find", request_id="r-ok"))
    session.request_logged.emit(
        event(operation="entity", http_status=200, error=FakeApiError(), request_id="r-bad")
    )
    session.request_logged.emit(event(operation="oauth/token", http_status=500, error=None))
    assert view.model.rowCount() == 3
    row0 = [view.proxy.index(0, c).data() for c in range(6)]
    assert row0[1:] == ["entity.find", "basic", "200", "12.5 ms", "r-ok"]
    assert view.visible_column_text(2)["status"] == "500"
    assert view.visible_column_text(1)["status"] == "error 310"
    assert [view.proxy.index(r, 0).data(IsErrorRole) for r in range(3)] == [False, True, True]
    assert view.count_label.text() == "3 calls"


def test_detail_shows_redacted_params_and_pretty_response(qtbot: QtBot) -> None:
    session, view = make_view(qtbot)
    # A core field that forgot to redact (defence in depth): the console masks it anyway.
    leaky = event(
        params={"type_name": "user", "access_token": CANARY_TOKEN, "code": "abc-CANARY"},
        response={"stat": "error", "code": 310, "refresh_token": CANARY_TOKEN},
        error=FakeApiError(),
    )
    session.request_logged.emit(leaky)
    view.select_row(0)
    text = view.detail.all_text()
    assert CANARY_TOKEN not in text
    assert "abc-CANARY" not in text
    assert CANARY_SECRET not in text
    assert MASK in view.detail.params.toPlainText()
    assert '"type_name": "user"' in view.detail.params.toPlainText()
    # Pretty-printed, and Capture's numeric error code is kept.
    assert '\n  "code": 310' in view.detail.response.toPlainText()
    assert "RecordNotFound (310)" in view.detail.summary.text()
    assert "No record matches" in view.detail.summary.text()
    assert "$CAPTURE_CLIENT_SECRET" in view.detail.curl.toPlainText()


def test_bound_drops_oldest_and_memory_stays_flat(qtbot: QtBot) -> None:
    session, view = make_view(qtbot, max_entries=100)
    first = event(operation="first")
    ref = weakref.ref(first)
    session.request_logged.emit(first)
    del first
    for i in range(400):
        session.request_logged.emit(event(operation=f"op{i % 7}"))
    assert view.model.rowCount() == 100
    gc.collect()
    assert ref() is None, "a dropped event is still referenced"
    assert "first" not in view.model.operations()

    # Memory: another 3000 events must not grow the heap by more than a small constant.
    tracemalloc.start()
    try:
        for i in range(1000):
            session.request_logged.emit(event(operation=f"op{i % 7}"))
        gc.collect()
        baseline, _ = tracemalloc.get_traced_memory()
        for i in range(3000):
            session.request_logged.emit(event(operation=f"op{i % 7}"))
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert view.model.rowCount() == 100
    assert after - baseline < 200_000, after - baseline


def test_big_responses_are_trimmed_so_memory_is_bounded(qtbot: QtBot) -> None:
    session, view = make_view(qtbot, max_entries=50)

    def page(n: int) -> dict[str, Any]:
        results = [{"id": i, "email": f"u{i}@example.com", "tags": [i, i + 1]} for i in range(n)]
        return {"stat": "ok", "result_count": n, "results": results}

    session.request_logged.emit(event(response=page(10)))
    small = view.model.event_at(0)
    assert small.response["results"] == page(10)["results"], "small responses are kept whole"
    tracemalloc.start()
    try:
        for _ in range(60):
            session.request_logged.emit(event(response=page(500)))
        gc.collect()
        baseline, _ = tracemalloc.get_traced_memory()
        for _ in range(200):  # ~100k records pass through the console
            session.request_logged.emit(event(response=page(500)))
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - baseline < 300_000, after - baseline
    kept = view.model.event_at(49)
    assert len(kept.response["results"]) == 11
    assert kept.response["results"][-1] == "… 490 more not kept by the console"
    assert kept.response["result_count"] == 500
    # The trimmed copy still renders as curl with the private raw values.
    view.select_row(49)
    assert "$CAPTURE_CLIENT_SECRET" in (view.copy_curl() or "")
    assert f"-u client:{CANARY_SECRET}" in to_curl(kept, reveal=True)


def test_shrinking_the_bound_drops_oldest_now(qtbot: QtBot) -> None:
    session, view = make_view(qtbot, max_entries=50)
    for i in range(50):
        session.request_logged.emit(event(request_id=f"r{i}"))
    view.max_spin.setValue(20)
    assert view.model.rowCount() == 20
    assert view.proxy.index(0, 5).data() == "r30"
    assert view.model.max_entries == 20


def test_filters_by_text_operation_and_errors(qtbot: QtBot) -> None:
    session, view = make_view(qtbot)
    session.request_logged.emit(event(operation="entity.find", request_id="aaa-111"))
    session.request_logged.emit(event(operation="entity", request_id="bbb-222"))
    session.request_logged.emit(event(operation="entity", request_id="ccc", error=FakeApiError()))
    session.request_logged.emit(event(operation="oauth/token", request_id="ddd"))
    ops = [view.operation_box.itemText(i) for i in range(view.operation_box.count())]
    assert ops == [ALL_OPERATIONS, "entity", "entity.find", "oauth/token"]

    view.filter_edit.setText("BBB")
    assert view.proxy.rowCount() == 1
    assert view.count_label.text() == "Showing 1 of 4 calls"
    view.filter_edit.setText("")
    view.operation_box.setCurrentText("entity")
    assert [view.proxy.index(r, 5).data() for r in range(view.proxy.rowCount())] == [
        "bbb-222",
        "ccc",
    ]
    view.errors_only.setChecked(True)
    assert view.proxy.rowCount() == 1
    view.operation_box.setCurrentText(ALL_OPERATIONS)
    view.errors_only.setChecked(False)
    # Text filter words must all match; secrets in params are not searchable.
    view.filter_edit.setText("entity 222")
    assert view.proxy.rowCount() == 1
    view.filter_edit.setText("redacted")
    assert view.proxy.rowCount() == 0


def test_clear_empties_table_and_detail(qtbot: QtBot) -> None:
    session, view = make_view(qtbot)
    session.request_logged.emit(event())
    view.select_row(0)
    view.clear_button.click()
    assert view.model.rowCount() == 0
    assert view.detail.params.toPlainText() == ""
    assert view.model.operations() == []
    assert not view.copy_button.isEnabled()


def test_copy_as_curl_is_redacted(qtbot: QtBot) -> None:
    session, view = make_view(qtbot)
    session.request_logged.emit(event())
    assert not view.copy_button.isEnabled()
    view.select_row(0)
    with qtbot.waitSignal(view.copier.copied) as blocker:
        view.copy_button.click()
    text, revealed = blocker.args
    assert revealed is False
    assert "$CAPTURE_CLIENT_SECRET" in text
    assert CANARY_SECRET not in text
    assert QGuiApplication.clipboard().text() == text


def test_reveal_needs_the_explicit_choice(qtbot: QtBot) -> None:
    session, view = make_view(qtbot)
    session.request_logged.emit(event())
    view.select_row(0)
    QGuiApplication.clipboard().setText("before")
    copies: list[tuple[str, bool]] = []
    view.copier.copied.connect(lambda t, r: copies.append((t, r)))

    # Opening the warning copies nothing; it is non-modal to the event loop (open, not exec).
    view.reveal_button.click()
    box = view.copier.confirm_box
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    assert "plain text" in box.informativeText()
    assert copies == []
    assert QGuiApplication.clipboard().text() == "before"

    # Cancel: still nothing.
    with qtbot.waitSignal(view.copier.reveal_cancelled):
        box.button(QMessageBox.StandardButton.Cancel).click()
    assert copies == []
    assert CANARY_SECRET not in QGuiApplication.clipboard().text()

    # The explicit choice copies the secret.
    view.reveal_button.click()
    box = view.copier.confirm_box
    assert box is not None and view.copier.reveal_button is not None
    view.copier.reveal_button.click()
    assert copies and copies[-1][1] is True
    assert CANARY_SECRET in QGuiApplication.clipboard().text()
    QGuiApplication.clipboard().clear()


def test_model_rejects_a_zero_bound() -> None:
    try:
        ConsoleModel(0)
    except ValueError:
        return
    raise AssertionError("a zero bound was accepted")


def test_keyboard_copy_and_context_menu(qtbot: QtBot) -> None:
    session, view = make_view(qtbot)
    session.request_logged.emit(event(request_id="rid-42"))
    view.show()
    view.select_row(0)
    QGuiApplication.clipboard().clear()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().startswith("curl ")
    assert CANARY_SECRET not in QGuiApplication.clipboard().text()
    actions = {a.text(): a for a in view.table.actions()}
    actions["Copy request id"].trigger()
    assert QGuiApplication.clipboard().text() == "rid-42"
    actions["Copy with secrets…"].trigger()
    assert view.copier.confirm_box is not None and view.copier.confirm_box.isVisible()
    assert QGuiApplication.clipboard().text() == "rid-42"
    view.copier.confirm_box.close()


def test_bound_comes_from_and_goes_to_the_settings(qtbot: QtBot) -> None:
    from capture_desktop.services.settings import Settings

    session = ConsoleSession(Settings(console_max_entries=30, clipboard_clear_seconds=12))
    view = ConsoleView(session)
    qtbot.addWidget(view)
    assert view.model.max_entries == 30
    assert view.copier.wipe_ms == 12_000
    view.max_spin.setValue(25)
    qtbot.waitUntil(lambda: bool(session.saved), timeout=5000)
    assert session.settings.console_max_entries == 25
    # A change made elsewhere (the preferences dialog) reaches the console.
    session.update_settings(Settings(console_max_entries=7))
    assert view.model.max_entries == 7 and view.max_spin.value() == 7
