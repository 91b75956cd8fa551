"""The console's Headers tab shows the response headers as well as the request's."""

from __future__ import annotations

from typing import Any

from tests.helpers.qt import wait_until


async def test_headers_tab_shows_response_headers(session: Any) -> None:
    from capture_desktop.ui.console.view import ConsoleView

    view = ConsoleView(session)
    view.show()
    await session.client().entity_count("user")
    await wait_until(lambda: view.model.rowCount() >= 1)
    view.select_row(view.model.rowCount() - 1)
    shown = view.detail.headers.toPlainText()
    assert "Request headers" in shown and "Response headers" in shown, shown
    response_part = shown.split("Response headers", 1)[1].lower()
    assert "content-type" in response_part and "application/json" in response_part
    request_part = shown.split("Response headers", 1)[0]
    assert "Authorization" in request_part and "***" in request_part
    view.close()
    view.deleteLater()
