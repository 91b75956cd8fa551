"""Hand-written fakes for the api tests: a scripted Capture behind ``httpx.MockTransport``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx

from capture_desktop.api import CaptureClient, RequestLog
from capture_desktop.api.credentials import ClientCredentials

BASE = "https://capture.test"
Reply = dict[str, Any] | httpx.Response | Callable[[httpx.Request], httpx.Response]


def form(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.content.decode(), keep_blank_values=True))


class FakeCapture:
    """Answers each operation path with a scripted reply and records every request."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.requests: list[httpx.Request] = []

    def reply(self, path: str, body: Reply) -> None:
        self.replies[path] = body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.get(request.url.path)
        if reply is None:
            return httpx.Response(404, text="not found")
        if isinstance(reply, httpx.Response):
            return reply
        if callable(reply):
            return reply(request)
        return httpx.Response(200, json=reply)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def last_form(self) -> dict[str, str]:
        return form(self.last)


class FakeClock:
    """A settable clock returning aware UTC datetimes."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_client(
    fake: FakeCapture,
    credentials: ClientCredentials | None,
    *,
    base_url: str = BASE,
    request_log: RequestLog | None = None,
    clock: FakeClock | None = None,
    allow_insecure: bool = False,
) -> tuple[CaptureClient, httpx.AsyncClient]:
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake))
    client = CaptureClient(
        http,
        base_url,
        credentials,
        request_log=request_log,
        clock=clock or FakeClock(),
        allow_insecure=allow_insecure,
    )
    return client, http


def error_body(code: int, error: str, **extra: Any) -> dict[str, Any]:
    return {
        "stat": "error",
        "code": code,
        "error": error,
        "error_description": f"{error} happened",
        "request_id": "abcdefghijklmnop",
        **extra,
    }


def as_json(request: httpx.Request, key: str) -> Any:
    return json.loads(form(request)[key])
