"""The one request path shared by every Capture operation (``ClientCore._call``).

Encoding (JSON strings for dicts and lists, ``true``/``false`` for bools), credential checks and
application, the insecure-transport rule, the single mapping of transport failures and Capture
errors, and the redacted request-log event all happen here, once.
Not thread-safe: use a client from the event loop that owns its ``httpx.AsyncClient``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from capture_desktop.api.credentials import (
    CLIENT_CREDENTIALS,
    AnyCredentials,
    ClientCredentials,
    require,
)
from capture_desktop.api.errors import (
    ApiError,
    CaptureError,
    UnexpectedResponse,
)
from capture_desktop.api.request_log import RequestEvent, RequestLog, _Hidden
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.api.transport import (
    check_transport,
    map_transport_errors,
    normalize_base_url,
)
from capture_desktop.redaction import (
    LOGGER_NAME,
    is_secret_key,
    quiet_http_loggers,
    redact_headers,
    redact_json,
    redact_params,
    register_secrets,
)

__all__ = ["ClientCore", "JsonDict"]

_log = logging.getLogger(LOGGER_NAME)
JsonDict = dict[str, Any]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _encode(value: object) -> str | None:
    """Python value -> Capture form value (``None`` means "leave the parameter out")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def with_selector(selector: RecordSelector | None, **params: object) -> dict[str, object]:
    if selector is not None:
        params.update(selector.to_params())
    return params


class ClientCore:
    """Holds the connection settings and sends every request; operations live in subclasses."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        credentials: ClientCredentials | None = None,
        *,
        allow_insecure: bool = False,
        request_log: RequestLog | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        if credentials is not None:
            require(credentials, CLIENT_CREDENTIALS, "the client's default credentials")
            register_secrets(credentials.secrets())
        self._http = http
        self._base_url = normalize_base_url(base_url)
        self._credentials = credentials
        self._allow_insecure = allow_insecure
        self._request_log = request_log
        self._clock = clock
        quiet_http_loggers()

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def credentials(self) -> ClientCredentials | None:
        return self._credentials

    @property
    def request_log(self) -> RequestLog | None:
        return self._request_log

    # --- the one request path -------------------------------------------------------------

    async def _call(
        self,
        operation: str,
        params: Mapping[str, object],
        auth: object,
        accepted: tuple[type, ...] | None,
    ) -> JsonDict:
        endpoint = "/" + operation
        form = {k: v for k, v in ((k, _encode(v)) for k, v in params.items()) if v is not None}
        credentials: AnyCredentials | None = None
        headers: dict[str, str] = {}
        if accepted is not None:
            credentials = require(auth, accepted, operation)
            headers, form = credentials.apply(endpoint, form)
            register_secrets(credentials.secrets())
        url = self._base_url + endpoint
        kind = credentials.kind if credentials is not None else None
        started_at = self._clock()
        start = time.perf_counter()
        status: int | None = None
        payload: Any = None
        response_headers: dict[str, str] = {}
        error: CaptureError | None = None
        finished = False
        try:
            if credentials is not None or any(is_secret_key(k) for k in form):
                check_transport(self._base_url, self._allow_insecure, f"{kind or 'a'} credential")
            with map_transport_errors():
                response = await self._http.post(url, data=form, headers=headers)
            status = response.status_code
            response_headers = dict(response.headers)
            payload = self._parse(response)
            if payload.get("stat") == "error":
                error = ApiError.from_payload(payload, status)
                raise error
            if status != 200:
                error = UnexpectedResponse(f"HTTP {status} without a Capture error body", status)
                raise error
            finished = True
            return payload  # type: ignore[no-any-return]
        except CaptureError as exc:
            error, finished = exc, True
            raise
        finally:
            # Cancellation (or a bug) ends the call without an outcome: nothing to report.
            if finished:
                self._report(
                    operation, url=url, kind=kind, headers=headers, form=form,
                    started_at=started_at, start=start, status=status, payload=payload,
                    error=error, response_headers=response_headers,
                )  # fmt: skip

    def _report(
        self,
        operation: str,
        *,
        url: str,
        kind: str | None,
        headers: dict[str, str],
        form: dict[str, str],
        started_at: datetime,
        start: float,
        status: int | None,
        payload: Any,
        error: CaptureError | None,
        response_headers: Mapping[str, str] | None = None,
    ) -> None:
        """Log the call and emit its redacted request-log event."""
        duration_ms = (time.perf_counter() - start) * 1000.0
        if isinstance(payload, dict):
            found = (v for k, v in payload.items() if isinstance(v, str) and is_secret_key(k))
            register_secrets(found)
        if _log.isEnabledFor(logging.DEBUG):
            # Redacted at the source; the logger's masking filter is the second line.
            _log.debug(
                "%s as %s %s -> %s in %.1f ms: %s",
                operation, kind, redact_params(form), status, duration_ms, error or "ok",
            )  # fmt: skip
        if self._request_log is None:
            return
        request_id = payload.get("request_id") if isinstance(payload, dict) else None
        self._request_log.emit(
            RequestEvent(
                id=self._request_log.next_id(),
                started_at=started_at,
                operation=operation,
                method="POST",
                url=url,
                credential_kind=kind,
                params=redact_params(form),
                headers=redact_headers(headers),
                http_status=status,
                duration_ms=duration_ms,
                request_id=request_id if isinstance(request_id, str) else None,
                error=error,
                response=redact_json(payload),
                _raw=_Hidden(headers, form),
                response_headers=redact_headers(response_headers or {}),
            )
        )

    @staticmethod
    def _parse(response: httpx.Response) -> JsonDict:
        try:
            payload = response.json()
        except RecursionError:
            raise UnexpectedResponse(
                "Capture answered with JSON nested too deeply to read", response.status_code
            ) from None
        except ValueError:
            ctype = response.headers.get("content-type", "no content type")
            raise UnexpectedResponse(
                f"HTTP {response.status_code} answer is not JSON ({ctype})", response.status_code
            ) from None
        if not isinstance(payload, dict):
            raise UnexpectedResponse(
                "Capture answered with JSON that is not an object", response.status_code
            )
        if json_depth(payload) > MAX_JSON_DEPTH:
            raise UnexpectedResponse(
                f"Capture answered with JSON nested more than {MAX_JSON_DEPTH} levels deep; "
                "the app does not read records that deep",
                response.status_code,
            )
        return payload

    def _client_auth(self, auth: object) -> object:
        return self._credentials if auth is None else auth

    def _client_id(self, auth: object) -> str | None:
        chosen = self._client_auth(auth)
        client_id = getattr(chosen, "client_id", None)
        return client_id if isinstance(client_id, str) else None


#: Deepest answer the client accepts. Every later walk over records (the editor's tree, diffs,
#: exports, the console) may then recurse freely: real Capture records are a few levels deep,
#: and one nested hundreds of levels would otherwise exhaust the stack in any of them.
MAX_JSON_DEPTH = 200


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), computed without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest
