"""The ticket export: a HAR 1.2 file and a Markdown report with no secret left in them.

The calls come from the real client against the sandbox (ASGI transport), through the
request log the console shows: the code flow, a refresh, a failed exchange, a password
change, a creation token and a native sign-in. Every secret those calls carried is a canary
that must not appear in either file.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from capture_desktop.api import BasicAuth, CaptureClient, RequestLog
from capture_desktop.api.credentials import AccessTokenAuth
from capture_desktop.api.errors import ApiError
from capture_desktop.api.request_log import RequestEvent
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.auth.flows import Pkce
from capture_desktop.sandbox import SandboxConfig
from capture_desktop.ticket import (
    ReportContext,
    TicketWouldLeak,
    export_ticket,
    find_leaks,
)
from capture_desktop.ticket.har import build_har, har_problems
from capture_desktop.ticket.scrub import scrub_url
from tests.helpers.sandbox import ASGI_BASE_URL, DEMO_PASSWORDS, demo_client

REDIRECT = "http://127.0.0.1:8765/callback"
NEW_PASSWORD = "Canary-NewPassword-42!"


async def _run_flows(
    http: httpx.AsyncClient, data_dir: Path
) -> tuple[list[RequestEvent], dict[str, str], dict[str, Any]]:
    issuer = demo_client(data_dir, "access_issuer")
    login = demo_client(data_dir, "login_client")
    log = RequestLog()
    client = CaptureClient(
        http, ASGI_BASE_URL, BasicAuth(issuer["client_id"], issuer["client_secret"]),
        request_log=log, allow_insecure=True,  # the ASGI host is in-process
    )  # fmt: skip
    alice = RecordSelector.by_key("email", "alice@example.com")
    code = await client.get_authorization_code("user", alice, REDIRECT)
    tokens = await client.oauth_token(code=code.code, redirect_uri=REDIRECT)
    assert tokens.refresh_token is not None
    refreshed = await client.oauth_token("refresh_token", refresh_token=tokens.refresh_token)
    verifier = Pkce.new().verifier
    with pytest.raises(ApiError):  # the code is spent: an error with a code and request_id
        await client.oauth_token(code=code.code, redirect_uri=REDIRECT, code_verifier=verifier)
    await client.entity_update(
        "user", None, {"password": NEW_PASSWORD}, auth=AccessTokenAuth(refreshed.access_token)
    )
    with contextlib.suppress(ApiError):
        creation = await client.get_creation_token("user")
    await client.auth_native_traditional(
        client_id=login["client_id"], email="bob@example.com",
        password=DEMO_PASSWORDS["bob@example.com"],
    )  # fmt: skip
    known = {
        "the client secret": issuer["client_secret"],
        "the first access token": tokens.access_token,
        "the first refresh token": tokens.refresh_token,
        "the new access token": refreshed.access_token,
        "the new refresh token": refreshed.refresh_token or "",
        "the authorization code": code.code,
        "the PKCE verifier": verifier,
        "the new password": NEW_PASSWORD,
        "bob's password": DEMO_PASSWORDS["bob@example.com"],
    }
    if "creation" in locals():
        known["the creation token"] = creation.token
    return log.events(), known, issuer


def _context(issuer: dict[str, Any]) -> ReportContext:
    return ReportContext(
        title="Refresh fails after a code exchange",
        app_name="Capture Desktop",
        app_version="9.8.7",
        environment="sandbox",
        base_url=ASGI_BASE_URL,
        client_id=issuer["client_id"],
        steps=["Request a code for alice", "Exchange it", "Refresh", "Exchange it again"],
    )


async def test_the_exported_files_hold_no_secret_and_valid_har(
    asgi_client: httpx.AsyncClient, sandbox_config: SandboxConfig, tmp_path: Path
) -> None:
    events, known, issuer = await _run_flows(asgi_client, sandbox_config.data_dir)
    assert len(events) >= 7

    files = export_ticket(events, tmp_path, "ticket", _context(issuer), known)

    har_text = files.har.read_text(encoding="utf-8")
    report = files.report.read_text(encoding="utf-8")
    for label, secret in known.items():
        assert secret not in har_text, label
        assert secret not in report, label
    har = json.loads(har_text)
    assert har_problems(har) == []
    entries = har["log"]["entries"]
    assert [e["comment"] for e in entries] == [e.operation for e in events]
    # Named placeholders say what was there.
    for name in ("[CLIENT_CREDENTIALS]", "[AUTHORIZATION_CODE]", "[ACCESS_TOKEN]",
                 "[REFRESH_TOKEN]", "[PKCE_VERIFIER]", "[PASSWORD]"):  # fmt: skip
        assert name in har_text, name
    exchange = entries[1]
    assert {p["name"]: p["value"] for p in exchange["request"]["postData"]["params"]}[
        "code"
    ] == "[AUTHORIZATION_CODE]"
    assert {"name": "Authorization", "value": "Basic [CLIENT_CREDENTIALS]"} in exchange["request"][
        "headers"
    ]
    # The report: versions, where, and per call status, error code with meaning, request_id.
    assert "Capture Desktop 9.8.7" in report
    assert "Environment: sandbox" in report
    assert "Profile host: sandbox.test" in report
    assert f"Client id: {issuer['client_id']}" in report
    assert "1. Request a code for alice" in report
    failed = next(e for e in events if e.error is not None)
    assert failed.request_id
    row = next(line for line in report.splitlines() if failed.request_id in line)
    assert "oauth/token" in row and str(failed.error.code) in row  # type: ignore[union-attr]
    assert failed.error.meaning.split(".")[0] in row  # type: ignore[union-attr]
    assert " ms |" in row


async def test_a_secret_that_would_leak_stops_the_export(
    asgi_client: httpx.AsyncClient, sandbox_config: SandboxConfig, tmp_path: Path
) -> None:
    events, known, issuer = await _run_flows(asgi_client, sandbox_config.data_dir)
    # A value the app knows shows up somewhere no key rule covers (a server echoing it).
    known["the client secret of profile 'qa'"] = events[0].url.split("//")[1].split("/")[0] + "x"
    assert not find_leaks({"x": "nothing here"}, known)
    known["the client secret of profile 'qa'"] = "sandbox.test/access"  # in every URL

    with pytest.raises(TicketWouldLeak) as caught:
        export_ticket(events, tmp_path / "out", "ticket", _context(issuer), known)

    assert "the client secret of profile 'qa' in the HAR file" in str(caught.value)
    assert "sandbox.test/access" not in str(caught.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_leak_scan_finds_encoded_forms() -> None:
    secret = 'a+b/c=d&e"f'
    for text in ("q=a%2Bb%2Fc%3Dd%26e%22f", json.dumps({"v": secret}), 'a+b/c=d&e"f'):
        assert find_leaks({"HAR file": text}, {"the secret": secret}) == [
            "the secret in the HAR file"
        ]


def test_code_and_state_in_a_redirect_url_become_placeholders() -> None:
    url = scrub_url("http://127.0.0.1:8765/callback?code=abc123def&state=xyz789uvw&lang=en")
    assert url == "http://127.0.0.1:8765/callback?code=[AUTHORIZATION_CODE]&state=[STATE]&lang=en"


def test_the_har_checks_catch_missing_and_mistyped_fields() -> None:
    har = build_har([], "Capture Desktop", "1.0")
    assert har_problems(har) == []
    assert har_problems({"log": {"version": "1.2", "creator": {"name": "x"}, "entries": []}}) == [
        "log.creator.version is missing"
    ]
    bad_entry = {"startedDateTime": "yesterday", "time": "5", "request": {}, "response": {},
                 "cache": {}, "timings": {"send": 0, "wait": -5, "receive": 0}}  # fmt: skip
    problems = har_problems({"log": {"version": "1.2", "creator": {"name": "x", "version": "1"},
                                     "entries": [bad_entry]}})  # fmt: skip
    assert "log.entries[0].time has the wrong type" in problems
    assert "log.entries[0].request.method is missing" in problems
    assert "log.entries[0].timings.wait must be -1 or more" in problems
    assert "log.entries[0].startedDateTime is not an ISO 8601 date" in problems
