"""Request-log events, subscription, redaction and copy-as-curl."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from capture_desktop.api import (
    AccessTokenAuth,
    BasicAuth,
    CaptureClient,
    ClientPermissionError,
    ParamsAuth,
    RecordSelector,
    RequestEvent,
    RequestLog,
    SignedAuth,
    to_curl,
)
from tests.unit.api.conftest import SECRET
from tests.unit.api.fakes import FakeCapture, FakeClock, error_body, make_client

TOKEN_OK = {"stat": "ok", "access_token": "at-canary-5555", "refresh_token": "rt-canary-6666",
            "expires_in": 3600}  # fmt: skip


def shell_args(command: str, **env: str) -> list[str]:
    """What the shell would pass to curl, with the given variables set (proves it is runnable)."""
    import subprocess

    script = 'curl() { printf "%s\\0" "$@"; }\n' + command
    out = subprocess.run(
        ["bash", "-c", script], env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    return out.split("\0")[:-1]


def _all_text(event: RequestEvent) -> str:
    return " ".join(
        [repr(event), str(event), repr(dataclasses.asdict(event)), repr(copy.deepcopy(event)),
         to_curl(event)]
    )  # fmt: skip


async def test_every_call_emits_one_redacted_event(
    client: CaptureClient, fake: FakeCapture, request_log: RequestLog, clock: FakeClock
) -> None:
    seen: list[RequestEvent] = []
    unsubscribe = request_log.subscribe(seen.append)
    fake.reply("/oauth/token", TOKEN_OK)
    await client.oauth_token(code="code-canary-7777", redirect_uri="http://127.0.0.1:9/cb")
    assert len(seen) == 1
    event = seen[0]
    assert (event.operation, event.method, event.credential_kind) == (
        "oauth/token",
        "POST",
        "basic",
    )
    assert event.url == "https://capture.test/oauth/token" and event.http_status == 200
    assert event.started_at == clock.now and event.duration_ms >= 0 and event.ok
    assert event.params == {"grant_type": "authorization_code", "code": "***",
                            "redirect_uri": "http://127.0.0.1:9/cb"}  # fmt: skip
    assert event.headers == {"Authorization": "Basic ***"}
    assert event.response["access_token"] == "***" and event.response["expires_in"] == 3600
    for canary in (SECRET, "code-canary-7777", "at-canary-5555", "rt-canary-6666"):
        assert canary not in _all_text(event)
    unsubscribe()
    await client.oauth_token(code="c2", redirect_uri="http://127.0.0.1:9/cb")
    assert len(seen) == 1 and len(request_log.events()) == 2


async def test_error_event_has_code_and_request_id(
    client: CaptureClient, fake: FakeCapture, request_log: RequestLog
) -> None:
    fake.reply("/entity.count", error_body(403, "client_permission_error"))
    with pytest.raises(ClientPermissionError):
        await client.entity_count("user")
    event = request_log.events()[-1]
    assert isinstance(event.error, ClientPermissionError) and not event.ok
    assert event.request_id == "abcdefghijklmnop" and event.response["code"] == 403


async def test_a_failing_subscriber_does_not_break_the_call(
    client: CaptureClient, fake: FakeCapture, request_log: RequestLog
) -> None:
    def broken(event: RequestEvent) -> None:
        raise RuntimeError("subscriber bug")

    seen: list[RequestEvent] = []
    request_log.subscribe(broken)
    request_log.subscribe(seen.append)
    fake.reply("/entity.count", {"stat": "ok", "total_count": 3})
    assert await client.entity_count("user") == 3
    assert len(seen) == 1


def test_history_is_bounded() -> None:
    log = RequestLog(history=2)
    for n in range(3):
        log.emit(
            RequestEvent(n, None, "op", "POST", "u", None, {}, {}, 200, 1.0, None, None, None)  # type: ignore[arg-type]
        )
    assert [e.id for e in log.events()] == [1, 2]
    log.clear()
    assert log.events() == []


async def test_curl_placeholders_and_reveal(fake: FakeCapture) -> None:
    fake.reply("/entity.find", {"stat": "ok", "results": [], "result_count": 0})
    log = RequestLog()
    client, http = make_client(fake, ParamsAuth("cid", SECRET), request_log=log)
    async with http:
        await client.entity_find("user", "email = 'o''hara@example.com'")
    event = log.events()[-1]
    hidden = to_curl(event)
    assert SECRET not in hidden
    args = shell_args(hidden, CAPTURE_CLIENT_SECRET="from-env")
    assert args[:4] == ["-sS", "-X", "POST", "https://capture.test/entity.find"]
    pairs = [args[i + 1] for i, a in enumerate(args) if a == "--data-urlencode"]
    assert pairs == ["type_name=user", "filter=email = 'o''hara@example.com'", "client_id=cid",
                     "client_secret=from-env"]  # fmt: skip
    revealed = to_curl(event, reveal=True)
    assert f"client_secret={SECRET}" in shell_args(revealed) and "$CAPTURE" not in revealed


async def test_curl_for_basic_signed_and_token(fake: FakeCapture) -> None:
    fake.reply("/entity", {"stat": "ok", "result": {"id": 1}})
    log = RequestLog()
    client, http = make_client(fake, BasicAuth("cid", SECRET), request_log=log)
    async with http:
        await client.entity("user", RecordSelector.by_id(1))
        await client.entity("user", auth=AccessTokenAuth("at-canary-8888"))
        await client.entity(
            "user", RecordSelector.by_id(1), auth=SignedAuth("cid", SECRET, clock=FakeClock())
        )
    basic, token, signed = log.events()
    assert "cid:env-secret" in shell_args(to_curl(basic), CAPTURE_CLIENT_SECRET="env-secret")
    assert f"cid:{SECRET}" in shell_args(to_curl(basic, reveal=True))
    hidden_token = shell_args(to_curl(token), CAPTURE_ACCESS_TOKEN="env-token")
    assert "Authorization: OAuth env-token" in hidden_token
    assert "Authorization: OAuth at-canary-8888" in shell_args(to_curl(token, reveal=True))
    assert "at-canary-8888" not in to_curl(token)
    args = shell_args(to_curl(signed), CAPTURE_SIGNATURE="env-sig")
    assert "Date: 2026-01-02 03:04:05" in args and "Authorization: Signature cid:env-sig" in args
    assert signed.headers["Authorization"] == "Signature cid:***"
    assert to_curl(signed, reveal=True).count("Signature cid:") == 1


def test_raw_values_do_not_survive_pickling() -> None:
    from capture_desktop.api.request_log import _Hidden

    event = RequestEvent(1, None, "op", "POST", "https://x/op", "params",  # type: ignore[arg-type]
                         {"client_secret": "***"}, {}, 200, 1.0, None, None, None,
                         _Hidden({}, {"client_secret": "pickle-canary-1"}))  # fmt: skip
    assert "pickle-canary-1" in to_curl(event, reveal=True)
    clone = pickle.loads(pickle.dumps(event))  # noqa: S301 - our own object
    assert "pickle-canary-1" not in to_curl(clone, reveal=True)
    assert "pickle-canary-1" not in repr(event)


async def test_a_cancelled_call_reports_nothing(request_log: RequestLog) -> None:
    import asyncio

    import httpx

    entered = asyncio.Event()

    async def hang(request: httpx.Request) -> httpx.Response:
        entered.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async with httpx.AsyncClient(transport=httpx.MockTransport(hang)) as http:
        auth = BasicAuth("c", "s")
        client = CaptureClient(http, "https://capture.test", auth, request_log=request_log)
        task = asyncio.create_task(client.entity_count("user"))
        await entered.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert request_log.events() == []
