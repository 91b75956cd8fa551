"""Deliver a code to the loopback ``redirect_uri`` the way a browser would: one HTTP GET.

``access/getAuthorizationCode`` answers with the code in its response; the app then plays
the browser's part so the user sees the code travel to ``redirect_uri`` and the receiver
check ``state``. Uses QtNetwork (the UI layer does not import httpx), awaited on the qasync
loop through a future; cancelling the coroutine aborts the request.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkProxy, QNetworkReply, QNetworkRequest


class DeliveryFailed(Exception):
    """The GET to the redirect_uri did not get an HTTP answer."""


def callback_url(redirect_uri: str, code: str, state: str) -> str:
    """``redirect_uri`` with ``code`` and ``state`` appended (keeping any query it has)."""
    joiner = "&" if "?" in redirect_uri else "?"
    return redirect_uri + joiner + urlencode({"code": code, "state": state})


_manager: QNetworkAccessManager | None = None


def _network() -> QNetworkAccessManager:
    """One manager for the app, owned by the QApplication: creating and deleting a manager
    per request churns Qt's HTTP thread objects for nothing."""
    global _manager  # noqa: PLW0603 - a lazily made, app-owned singleton
    if _manager is None:
        _manager = QNetworkAccessManager(QCoreApplication.instance())
        # Loopback only: a configured HTTP proxy must not see (or swallow) the code.
        _manager.setProxy(QNetworkProxy(QNetworkProxy.ProxyType.NoProxy))
        _manager.destroyed.connect(_forget)
    return _manager


def _forget(*_args: object) -> None:
    global _manager  # noqa: PLW0603
    _manager = None


async def http_get(url: str, timeout_ms: int = 10_000) -> int:
    """GET ``url`` and return the HTTP status; raises ``DeliveryFailed`` without an answer."""
    request = QNetworkRequest(QUrl(url))
    request.setTransferTimeout(timeout_ms)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    reply = _network().get(request)

    def _finished() -> None:
        if not done.done():
            done.set_result(None)

    reply.finished.connect(_finished)
    try:
        await done
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status is None:
            raise DeliveryFailed(reply.errorString())
        if reply.error() not in _HTTP_ANSWERS:
            raise DeliveryFailed(reply.errorString())
        return int(status)
    finally:
        if not reply.isFinished():
            reply.abort()
        reply.deleteLater()


# Errors Qt reports for a request that did get an HTTP answer (4xx pages included).
_HTTP_ANSWERS = (
    QNetworkReply.NetworkError.NoError,
    QNetworkReply.NetworkError.ContentNotFoundError,
    QNetworkReply.NetworkError.ProtocolInvalidOperationError,
    QNetworkReply.NetworkError.ContentOperationNotPermittedError,
    QNetworkReply.NetworkError.UnknownContentError,
)
