"""The request log: one redacted event per Capture call, for anyone who subscribes.

Events are emitted on the thread that runs the client (the event loop); subscribers that feed a
GUI must hop threads themselves. An event shows only redacted parameters and headers; the raw
values live in a private, non-printing box so that ``to_curl(event, reveal=True)`` can rebuild
the exact request on explicit request.
"""

from __future__ import annotations

import base64
import itertools
import logging
import re
import shlex
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from capture_desktop.api.errors import CaptureError
from capture_desktop.redaction import LOGGER_NAME, is_secret_key

__all__ = ["RequestEvent", "RequestLog", "Subscriber", "to_curl"]

_log = logging.getLogger(LOGGER_NAME)


class _Hidden:
    """Holds raw request values; prints as ``<hidden>`` and is never copied or compared."""

    __slots__ = ("headers", "params")

    def __init__(self, headers: Mapping[str, str], params: Mapping[str, str]) -> None:
        self.headers = dict(headers)
        self.params = dict(params)

    def __repr__(self) -> str:
        return "<hidden>"

    __str__ = __repr__

    def __deepcopy__(self, memo: dict[int, Any]) -> _Hidden:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling (e.g. to another process) must not carry secrets along.
        return (_Hidden, ({}, {}))


_EMPTY = _Hidden({}, {})


@dataclass(frozen=True)
class RequestEvent:
    """One call: what was asked (redacted), how it ended, and how long it took."""

    id: int
    started_at: datetime
    operation: str
    method: str
    url: str
    credential_kind: str | None
    params: Mapping[str, str]
    headers: Mapping[str, str]
    http_status: int | None
    duration_ms: float
    request_id: str | None
    error: CaptureError | None
    response: Any
    _raw: _Hidden = field(default=_EMPTY, repr=False, compare=False)
    #: What the server sent back in its headers (cookies masked); empty without an answer.
    response_headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


Subscriber = Callable[[RequestEvent], None]


class RequestLog:
    """Fan-out of ``RequestEvent`` to subscribers, plus a short history for late joiners."""

    def __init__(self, history: int = 200) -> None:
        self._subscribers: list[Subscriber] = []
        self._history: deque[RequestEvent] = deque(maxlen=history)
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` for every future event; returns the unsubscribe function."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def emit(self, event: RequestEvent) -> None:
        self._history.append(event)
        for callback in tuple(self._subscribers):
            try:
                callback(event)
            except Exception:
                # A broken subscriber must not break the API call that is being logged.
                _log.exception("request-log subscriber %r failed", callback)

    def events(self) -> list[RequestEvent]:
        return list(self._history)

    def clear(self) -> None:
        self._history.clear()


_PLACEHOLDERS = {
    "client_secret": "CAPTURE_CLIENT_SECRET",
    "access_token": "CAPTURE_ACCESS_TOKEN",
    "refresh_token": "CAPTURE_REFRESH_TOKEN",
    "code": "CAPTURE_AUTHORIZATION_CODE",
    "creation_token": "CAPTURE_CREATION_TOKEN",
    "code_verifier": "CAPTURE_CODE_VERIFIER",
}


def _placeholder(key: str) -> str:
    if key in _PLACEHOLDERS:
        return _PLACEHOLDERS[key]
    if "password" in key.lower():
        return "CAPTURE_PASSWORD"
    return "CAPTURE_" + re.sub(r"\W", "_", key).upper()


def _with_var(prefix: str, var: str) -> str:
    # 'prefix'"$VAR": the literal part single-quoted, the variable expanded by the shell.
    return shlex.quote(prefix) + f'"${var}"'


def to_curl(event: RequestEvent, reveal: bool = False) -> str:
    """A runnable curl command for the event.

    Secrets become ``$CAPTURE_CLIENT_SECRET``-style shell variables unless ``reveal`` is true;
    revealing uses the raw values the event keeps privately. A janrain-signed request is only
    valid within the server's clock-skew window of its ``Date``.
    """
    raw = event._raw
    headers = raw.headers or dict(event.headers)
    params = raw.params or dict(event.params)
    parts = ["curl -sS -X " + shlex.quote(event.method) + " " + shlex.quote(event.url)]
    for name, value in headers.items():
        if name.lower() != "authorization":
            parts.append("-H " + shlex.quote(f"{name}: {value}"))
            continue
        scheme, _, credential = value.partition(" ")
        if scheme == "Basic" and raw.headers:
            client_id, _, secret = base64.b64decode(credential).decode().partition(":")
            if reveal:
                parts.append("-u " + shlex.quote(f"{client_id}:{secret}"))
            else:
                parts.append("-u " + _with_var(f"{client_id}:", "CAPTURE_CLIENT_SECRET"))
        elif reveal and raw.headers:
            parts.append("-H " + shlex.quote(f"{name}: {value}"))
        elif scheme == "Signature":
            client_id = credential.split(":", 1)[0]
            parts.append(
                "-H " + _with_var(f"Authorization: Signature {client_id}:", "CAPTURE_SIGNATURE")
            )
        elif scheme == "Basic":
            parts.append("-u " + _with_var(":", "CAPTURE_CLIENT_SECRET"))
        else:
            parts.append("-H " + _with_var(f"Authorization: {scheme} ", "CAPTURE_ACCESS_TOKEN"))
    for key, value in params.items():
        if is_secret_key(key) and not (reveal and raw.params):
            parts.append("--data-urlencode " + _with_var(f"{key}=", _placeholder(key)))
        else:
            # Secrets nested in JSON values stay masked unless revealing.
            shown = value if reveal else event.params.get(key, value)
            parts.append("--data-urlencode " + shlex.quote(f"{key}={shown}"))
    return " \\\n  ".join(parts)
