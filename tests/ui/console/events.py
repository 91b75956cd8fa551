"""Hand-made core ``RequestEvent``s (no I/O needed), rendered by the core's own ``to_curl``."""

from __future__ import annotations

import base64
import itertools
from datetime import UTC, datetime
from typing import Any

from capture_desktop.api.errors import RecordNotFound
from capture_desktop.api.request_log import RequestEvent, _Hidden

CANARY_SECRET = "CANARY-client-secret-93f1"
CANARY_TOKEN = "CANARY-access-token-5d2e"

_ids = itertools.count(1)


def FakeApiError() -> RecordNotFound:
    """The core's own 310 error, as the client raises it."""
    return RecordNotFound(310, "record_not_found", "record not found", "req-err")


def event(**kw: Any) -> RequestEvent:
    """A core ``RequestEvent``: redacted fields as the client logs them, and the raw values in
    its private box (the canary secret), so the core's own ``to_curl`` renders it."""
    raw_secret = kw.pop("raw_secret", CANARY_SECRET)
    base: dict[str, Any] = {
        "id": next(_ids),
        "started_at": datetime.now(UTC),
        "operation": "entity.find",
        "method": "POST",
        "url": "http://127.0.0.1:1/entity.find",
        "credential_kind": "basic",
        "params": {"type_name": "user", "client_secret": "[redacted]", "filter": "id > 0"},
        "headers": {"Authorization": "Basic [redacted]"},
        "http_status": 200,
        "duration_ms": 12.5,
        "request_id": None,
        "error": None,
        "response": {"stat": "ok", "results": [{"id": 1, "email": "a@example.com"}]},
    }
    base.update(kw)
    if base["request_id"] is None:
        base["request_id"] = f"req-{base['id']}"
    raw_params = {
        key: raw_secret if key == "client_secret" else value
        for key, value in base["params"].items()
    }
    raw_headers = {
        name: f"Basic {base64.b64encode(f'client:{raw_secret}'.encode()).decode()}"
        if name.lower() == "authorization" and str(value).startswith("Basic")
        else value
        for name, value in base["headers"].items()
    }
    return RequestEvent(**base, _raw=_Hidden(raw_headers, raw_params))
