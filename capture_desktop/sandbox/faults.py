"""Fault injection for QA, as ASGI middleware: added latency, a rate limit (510), random errors
(500 or 510) and dropped connections. Sandbox admin routes and the sign-in page are exempt."""

from __future__ import annotations

import json
import random
from asyncio import sleep
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from capture_desktop.sandbox.config import RuntimeSettings
from capture_desktop.sandbox.errors import ApiFault

EXEMPT_PREFIXES = ("/__sandbox__", "/oauth/signin")
OAUTH_PATHS = frozenset({"/oauth/token"})


class ConnectionDropped(Exception):
    """Raised after the response has started, so the server closes the connection midway."""


class FaultMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        settings: RuntimeSettings,
        clock: Callable[[], float],
        rng: random.Random | None = None,
    ) -> None:
        self.app = app
        self.settings = settings
        self.clock = clock
        self.rng = rng or random.Random()
        self._window = 0
        self._count = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        settings = self.settings
        if settings.latency_ms > 0:
            await sleep(settings.latency_ms / 1000)
        oauth = scope["path"] in OAUTH_PATHS
        if self._over_rate_limit():
            await _send_fault(send, ApiFault(510, "limit on simultaneous API calls reached"), oauth)
            return
        if settings.error_rate > 0 and self.rng.random() < settings.error_rate:
            code = settings.error_code
            text = "injected fault: " + (
                "unexpected internal error" if code == 500 else "API call limit reached"
            )
            await _send_fault(send, ApiFault(code, text), oauth)
            return
        if settings.drop_rate > 0 and self.rng.random() < settings.drop_rate:
            # Announce a body and then fail: the server has to close the connection.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
                }
            )
            raise ConnectionDropped("sandbox fault injection dropped the connection")
        await self.app(scope, receive, send)

    def _over_rate_limit(self) -> bool:
        limit = self.settings.rate_limit_per_second
        if limit is None:
            return False
        window = int(self.clock())
        if window != self._window:
            self._window, self._count = window, 0
        self._count += 1
        return self._count > limit


async def _send_fault(send: Send, fault: ApiFault, oauth: bool) -> None:
    body = json.dumps(fault.payload(oauth=oauth)).encode()
    start: Message = {
        "type": "http.response.start",
        "status": fault.http_status(oauth=oauth),
        "headers": [
            (b"content-type", b"application/json"),
            (b"cache-control", b"no-store"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
