"""Canary check: run every auth flow and the keeper with logging at DEBUG, then look for any
secret (client secret, code, tokens, PKCE verifier) in the log output and in reprs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from capture_desktop.api import AccessTokenAuth, ApiError, RecordSelector
from capture_desktop.auth import (
    AuthorizationCodeFlow,
    BrowserSignInFlow,
    CreationTokenFlow,
    LoopbackReceiver,
    TokenKeeper,
)
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SERVICE, SecretStore
from capture_desktop.store.slots import SlotStore
from tests.helpers.sandbox import demo_client
from tests.unit.auth.conftest import AsgiSandbox
from tests.unit.auth.fake_browser import FakeBrowser

ALICE = RecordSelector.by_key("email", "alice@example.com")


async def test_no_secret_reaches_the_logs(
    asgi_sandbox: AsgiSandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets: set[str] = set()
    reprs: list[str] = []
    for feature in ("owner", "access_issuer"):
        secrets.add(demo_client(asgi_sandbox.data_dir, feature)["client_secret"])

    owner = asgi_sandbox.client("owner")
    flow = AuthorizationCodeFlow(owner)
    code = await flow.request_code("user", ALICE, "http://127.0.0.1:8400/callback")
    tokens = await flow.exchange(code)
    creation = await CreationTokenFlow(owner).create("user", 60)
    secrets |= {code.code, tokens.access_token, str(tokens.refresh_token), creation.token}
    reprs += [repr(code), repr(tokens), repr(creation)]

    issuer = asgi_sandbox.client("access_issuer")
    browser = FakeBrowser(asgi_sandbox.http)
    receiver = LoopbackReceiver()
    sign_in = BrowserSignInFlow(issuer, receiver, browser, asgi_sandbox.client_id("access_issuer"))
    signed = await sign_in.run()
    await browser.done.wait()
    assert browser.redirected_to is not None
    secrets |= {signed.access_token, str(signed.refresh_token), sign_in.pkce.verifier}
    reprs += [repr(sign_in.pkce), repr(signed)]

    backend = MemoryKeyring()
    keeper = TokenKeeper(
        lambda profile: owner, SecretStore(backend=backend), SlotStore(tmp_path / "s.json")
    )
    slot = await keeper.save_token_set("Sandbox", tokens, label="alice")
    asgi_sandbox.clock.advance(3601)  # the server now answers 414 for the old access token

    async def read(token: str) -> str:
        secrets.add(token)
        record = await owner.entity("user", auth=AccessTokenAuth(token))
        return str(record.data["email"])

    assert await keeper.call_with_retry(slot.slot_id, read) == "alice@example.com"
    for name in backend.usernames(SERVICE):
        secrets.add(str(backend.get_password(SERVICE, name)))
    reprs += [repr(keeper.slot(slot.slot_id))]
    with pytest.raises(ApiError) as failure:
        await flow.exchange(code)  # a spent code: the error must not carry it either
    reprs.append(str(failure.value))

    assert len(secrets) >= 10
    haystack = caplog.text + "\n".join(reprs)
    leaked = sorted(s for s in secrets if s and s in haystack)
    assert leaked == []
    assert "loopback receiver" in caplog.text  # the logs did run at this level
