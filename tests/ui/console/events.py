"""Hand-made request events with the core's ``RequestEvent`` fields (no I/O needed)."""

from __future__ import annotations

import itertools
import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from capture_desktop.api.errors import RecordNotFound

CANARY_SECRET = "CANARY-client-secret-93f1"
CANARY_TOKEN = "CANARY-access-token-5d2e"

_ids = itertools.count(1)


def FakeApiError() -> RecordNotFound:
    """The core's own 310 error, as the client raises it."""
    return RecordNotFound(310, "record_not_found", "record not found", "req-err")


@dataclass(frozen=True)
class FakeEvent:
    operation: str = "entity.find"
    credential_kind: str = "basic"
    http_status: int | None = 200
    duration_ms: float = 12.5
    request_id: str | None = None
    error: Any = None
    method: str = "POST"
    url: str = "http://127.0.0.1:1/entity.find"
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)
    response: Any = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: int = field(default_factory=lambda: next(_ids))
    # What the core keeps privately to allow an explicit reveal.
    raw_secret: str = CANARY_SECRET

    def __post_init__(self) -> None:
        if self.request_id is None:
            object.__setattr__(self, "request_id", f"req-{self.id}")


def event(**kw: Any) -> FakeEvent:
    base: dict[str, Any] = {
        "params": {"type_name": "user", "client_secret": "[redacted]", "filter": "id > 0"},
        "headers": {"Authorization": "Basic [redacted]"},
        "response": {"stat": "ok", "results": [{"id": 1, "email": "a@example.com"}]},
    }
    base.update(kw)
    return FakeEvent(**base)


def fake_curl(ev: Any, reveal: bool) -> str:
    """Renders like the core: placeholders unless ``reveal``."""
    secret = ev.raw_secret if reveal else "$CAPTURE_CLIENT_SECRET"
    return f"curl -X {ev.method} {shlex.quote(ev.url)} -u 'client:{secret}'"
