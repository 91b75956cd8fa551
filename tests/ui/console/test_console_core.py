"""The console fed by the real core: CaptureClient -> RequestLog -> ConsoleView, canary secrets.

The HTTP seam is the transport (httpx.MockTransport answering like Capture), so the events,
their redaction and ``to_curl`` are the core's own. The sandbox-on-a-real-port variant lives in
test_console_sandbox.py.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.credentials import BasicAuth, ParamsAuth
from capture_desktop.api.errors import ApiError
from capture_desktop.api.request_log import RequestLog
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.ui.console.view import ConsoleView
from tests.ui.console.fake_session import ConsoleSession

SECRET = "CANARY-secret-8c1d55e0"
PARAMS_SECRET = "CANARY-params-secret-1f2e"
PASSWORD = "CANARY-new-password-77aa"


Session = ConsoleSession


def capture(request: httpx.Request) -> httpx.Response:
    op = request.url.path.strip("/")
    if op == "entity":
        body: dict[str, Any] = {
            "stat": "error",
            "code": 310,
            "error": "record_not_found",
            "error_description": "record not found",
            "request_id": "req-310",
        }
    elif op == "entity.update":
        body = {"stat": "ok"}
    elif op == "entity.count":
        body = {"stat": "ok", "total_count": 3}
    else:
        results = [
            {"id": i, "uuid": f"u-{i}", "email": f"user{i}@example.com"} for i in range(1, 61)
        ]
        body = {"stat": "ok", "result_count": 60, "results": results}
    return httpx.Response(200, json=body)


async def run_calls(view_session: Session) -> None:
    log = RequestLog()
    log.subscribe(view_session.request_logged.emit)
    async with httpx.AsyncClient(transport=httpx.MockTransport(capture)) as http:
        client = CaptureClient(
            http, "http://127.0.0.1:9", BasicAuth("client-a", SECRET), request_log=log
        )
        await client.entity_find("user", "email = 'alice@example.com'")
        await client.entity_count("user", auth=ParamsAuth("client-b", PARAMS_SECRET))
        with contextlib.suppress(ApiError):
            await client.entity("user", RecordSelector.by_uuid("missing"))
        await client.entity_update(
            "user",
            RecordSelector.by_uuid("u-1"),
            {"givenName": "Al", "password": PASSWORD, "primaryAddress": {"city": "Oslo"}},
        )


async def test_table_detail_and_curl_never_show_the_secrets() -> None:
    session = Session()
    view = ConsoleView(session)
    await run_calls(session)
    assert view.model.rowCount() == 4
    ops = [view.proxy.index(r, 1).data() for r in range(4)]
    assert ops == ["entity.find", "entity.count", "entity", "entity.update"]
    assert [view.proxy.index(r, 2).data() for r in range(4)] == [
        "basic",
        "params",
        "basic",
        "basic",
    ]
    assert view.proxy.index(2, 3).data() == "error 310"
    assert view.proxy.index(2, 5).data() == "req-310"

    for row in range(4):
        view.select_row(row)
        shown = view.detail.all_text()
        for canary in (SECRET, PARAMS_SECRET, PASSWORD):
            assert canary not in shown
        curl = view.copy_curl()
        assert curl is not None and curl.startswith("curl ")
        assert SECRET not in curl and PARAMS_SECRET not in curl and PASSWORD not in curl
        assert "$CAPTURE_CLIENT_SECRET" in curl
        assert QGuiApplication.clipboard().text() == curl

    view.select_row(0)
    params = json.loads(view.detail.params.toPlainText())
    assert params["filter"] == "email = 'alice@example.com'"
    shown_results = json.loads(view.detail.response.toPlainText())["results"]
    assert shown_results[0]["uuid"] == "u-1"
    assert shown_results[-1] == "… 50 more not kept by the console"
    view.select_row(2)
    assert "No record matches" in view.detail.summary.text()
    view.select_row(3)  # JSON-valued parameters are shown decoded and indented
    attributes = json.loads(view.detail.params.toPlainText())["attributes"]
    assert attributes["givenName"] == "Al" and attributes["primaryAddress"] == {"city": "Oslo"}
    assert attributes["password"] != PASSWORD
    view.deleteLater()


async def test_reveal_with_the_core_renderer_needs_the_explicit_choice() -> None:
    session = Session()
    view = ConsoleView(session)
    await run_calls(session)
    # A trimmed event (60 results) still reveals: the core's raw values travel with it.
    assert view.copier.render(view.model.event_at(0), True).count(SECRET) == 1
    view.select_row(1)  # the params-auth call: the secret is a form parameter
    QGuiApplication.clipboard().setText("untouched")
    view.reveal_button.click()
    box = view.copier.confirm_box
    assert box is not None and box.isVisible()
    assert QGuiApplication.clipboard().text() == "untouched"
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert QGuiApplication.clipboard().text() == "untouched"

    view.reveal_button.click()
    assert view.copier.reveal_button is not None
    view.copier.reveal_button.click()
    revealed = QGuiApplication.clipboard().text()
    assert PARAMS_SECRET in revealed
    assert revealed.startswith("curl ")
    QGuiApplication.clipboard().clear()
    view.deleteLater()
