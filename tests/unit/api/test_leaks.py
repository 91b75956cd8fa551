"""Leak check: run every flow with canary secrets, then search logs, request-log events and
redacted curl output for any of them."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from capture_desktop.api import (
    CaptureClient,
    RequestLog,
    to_curl,
)
from tests.unit.api.every_flow import PASSWORD, run_every_flow
from tests.unit.api.sandbox_env import SandboxEnv


async def test_no_secret_reaches_logs_events_or_curl(
    capture: CaptureClient,
    sandbox: SandboxEnv,
    request_log: RequestLog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("capture_desktop").setLevel(logging.DEBUG)
    try:
        canaries = await run_every_flow(capture, sandbox)
    finally:
        logging.getLogger("capture_desktop").setLevel(logging.NOTSET)
    events = request_log.events()
    assert len(events) >= 20
    assert {e.credential_kind for e in events} == {"basic", "params", "signed", "access_token",
                                                   "creation_token", None}  # fmt: skip
    surfaces = {
        "logs": caplog.text + "\n".join(r.getMessage() for r in caplog.records),
        "events": "\n".join(
            repr(e) + str(e) + repr(dataclasses.asdict(e)) + str(e.error) for e in events
        ),
        "curl": "\n".join(to_curl(e) for e in events),
    }
    assert "oauth/token" in surfaces["logs"]  # the client did log, at DEBUG
    for where, text in surfaces.items():
        leaked = sorted(c for c in canaries if c in text)
        assert not leaked, f"{len(leaked)} secret(s) leaked into {where}"
    # ...while revealing still rebuilds the real request on explicit request.
    revealed = "\n".join(to_curl(e, reveal=True) for e in events)
    assert PASSWORD in revealed
