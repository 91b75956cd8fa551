"""The error presenter explains errors by meaning, code and request_id, without a modal loop."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QApplication, QWidget

from capture_desktop.api.errors import ApiError, InsecureTransportRefused
from capture_desktop.services.error_text import describe_error
from capture_desktop.ui.error_banner import ErrorBanner
from capture_desktop.ui.errors import ErrorWindow, show_error


def _api_error(code: int) -> ApiError:
    return ApiError.from_payload(
        {
            "stat": "error",
            "code": code,
            "error": "redirect_uri_mismatch" if code == 420 else "record_not_found",
            "error_description": "server words",
            "request_id": "abcdefgh12345678",
        },
        200,
    )


def test_api_error_is_explained_by_meaning_code_and_request_id() -> None:
    exc = _api_error(310)
    info = describe_error(exc)
    assert info.meaning == type(exc).meaning
    assert info.meaning != "server words"  # the description is shown, never used as meaning
    details = dict(info.details)
    assert details["Code"].startswith("310")
    assert details["Request ID"] == "abcdefgh12345678"
    assert details["Server said"] == "server words"


def test_transport_and_unknown_errors_have_plain_words() -> None:
    info = describe_error(InsecureTransportRefused("http://example.com"))
    assert "TLS" in info.title
    other = describe_error(ZeroDivisionError("boom"))
    assert other.title == "Something went wrong"
    assert ("Error", "ZeroDivisionError: boom") in other.details


async def test_show_error_returns_at_once_from_a_coroutine(qapp: QApplication) -> None:
    # A modal exec() here would nest a Qt loop inside the running task and never return
    # control; show_error must come straight back, with the window visible and non-modal.
    parent = QWidget()
    try:
        window = await asyncio.wait_for(_show(parent), timeout=2)
        assert isinstance(window, ErrorWindow)
        assert window.isVisible()
        assert not window.isModal()
        assert QApplication.activeModalWidget() is None
        assert "420" in window.info.title
        window.close()
    finally:
        parent.close()
        parent.deleteLater()


async def _show(parent: QWidget) -> ErrorWindow:
    await asyncio.sleep(0)
    return show_error(parent, _api_error(420))


def test_error_banner_shows_and_clears(qtbot: object) -> None:
    banner = ErrorBanner()
    qtbot.addWidget(banner)  # type: ignore[attr-defined]
    banner.show_error(_api_error(310))
    assert not banner.isHidden()
    assert "abcdefgh12345678" in banner.text()
    banner.clear()
    assert banner.isHidden()
