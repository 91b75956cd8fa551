"""The flows, step by step, against the sandbox over ASGITransport (loopback on real sockets)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from capture_desktop.api import AccessTokenAuth, ApiError, RecordSelector, RedirectUriMismatch
from capture_desktop.auth import (
    AuthorizationCodeFlow,
    BrowserSignInFlow,
    CreationTokenFlow,
    LoopbackReceiver,
    SignInDenied,
    refresh,
)
from tests.unit.auth.conftest import AsgiSandbox
from tests.unit.auth.fake_browser import FakeBrowser

ALICE = RecordSelector.by_key("email", "alice@example.com")
REDIRECT = "http://127.0.0.1:8400/callback"


async def test_authorization_code_flow_in_two_steps(asgi_sandbox: AsgiSandbox) -> None:
    client = asgi_sandbox.client("owner")
    flow = AuthorizationCodeFlow(client)
    code = await flow.request_code("user", ALICE, REDIRECT, lifetime=60)
    assert code.redirect_uri == REDIRECT
    assert code.expires_at == asgi_sandbox.clock() + timedelta(seconds=60)
    tokens = await flow.exchange(code)
    assert tokens.refresh_token and tokens.type_name == "user"
    assert tokens.expires_at == asgi_sandbox.clock() + timedelta(seconds=3600)
    record = await client.entity("user", auth=AccessTokenAuth(tokens.access_token))
    assert record.data["email"] == "alice@example.com"


async def test_exchange_by_uuid_remembers_the_record(asgi_sandbox: AsgiSandbox) -> None:
    client = asgi_sandbox.client("owner")
    alice = await client.entity("user", ALICE)
    assert alice.uuid is not None
    tokens = await AuthorizationCodeFlow(client).run(
        "user", RecordSelector.by_uuid(alice.uuid), REDIRECT
    )
    assert tokens.record_uuid == alice.uuid


async def test_exchange_with_another_redirect_uri_is_420(asgi_sandbox: AsgiSandbox) -> None:
    flow = AuthorizationCodeFlow(asgi_sandbox.client("owner"))
    code = await flow.request_code("user", ALICE, REDIRECT)
    with pytest.raises(RedirectUriMismatch):
        await flow.exchange(code, "http://127.0.0.1:8401/callback")
    with pytest.raises(ValueError, match="redirect_uri"):
        await flow.exchange(code.code)


async def test_creation_token_flow(asgi_sandbox: AsgiSandbox) -> None:
    token = await CreationTokenFlow(asgi_sandbox.client("owner")).create("user", lifetime=120)
    assert token.type_name == "user" and token.token
    assert token.expires_at - token.issued_at == timedelta(seconds=120)


async def test_refresh_rotates_and_the_old_token_is_spent(asgi_sandbox: AsgiSandbox) -> None:
    client = asgi_sandbox.client("owner")
    first = await AuthorizationCodeFlow(client).run("user", ALICE, REDIRECT)
    assert first.refresh_token is not None
    second = await refresh(client, first.refresh_token)
    assert second.refresh_token not in (None, first.refresh_token)
    assert second.access_token != first.access_token
    with pytest.raises(ApiError):
        await refresh(client, first.refresh_token)


async def test_browser_sign_in_with_pkce(asgi_sandbox: AsgiSandbox) -> None:
    client = asgi_sandbox.client("access_issuer")
    browser = FakeBrowser(asgi_sandbox.http)
    flow = BrowserSignInFlow(
        client, LoopbackReceiver(), browser, asgi_sandbox.client_id("access_issuer")
    )
    tokens = await flow.run()
    assert len(browser.opened) == 1
    url = browser.opened[0]
    assert "code_challenge_method=S256" in url and flow.pkce.challenge in url
    assert flow.pkce.verifier not in url
    await browser.done.wait()
    assert browser.landing is not None and browser.landing.status_code == 200
    assert "Signed in" in browser.landing.text
    record = await client.entity("user", auth=AccessTokenAuth(tokens.access_token))
    assert record.data["email"] == "alice@example.com"
    assert flow.receiver.port is not None and not flow.receiver.listening  # closed after


async def test_browser_sign_in_needs_the_right_verifier(asgi_sandbox: AsgiSandbox) -> None:
    client = asgi_sandbox.client("access_issuer")
    async with LoopbackReceiver() as rx:
        flow = BrowserSignInFlow(
            client, rx, FakeBrowser(asgi_sandbox.http), asgi_sandbox.client_id("access_issuer")
        )
        flow.open()
        result = await flow.wait_for_callback()
        flow.pkce = type(flow.pkce).new()  # an attacker holding the code lacks the verifier
        with pytest.raises(ApiError, match="code_verifier"):
            await flow.exchange(result)


async def test_browser_cancel_is_sign_in_denied(asgi_sandbox: AsgiSandbox) -> None:
    browser = FakeBrowser(asgi_sandbox.http, action="cancel")
    client = asgi_sandbox.client("access_issuer")
    flow = BrowserSignInFlow(
        client, LoopbackReceiver(), browser, asgi_sandbox.client_id("access_issuer")
    )
    with pytest.raises(SignInDenied, match="access_denied") as info:
        await flow.run()
    assert info.value.error == "access_denied"
    await browser.done.wait()
    assert browser.landing is not None and "access_denied" in browser.landing.text


async def test_pasted_redirect_url_completes_the_flow(asgi_sandbox: AsgiSandbox) -> None:
    client = asgi_sandbox.client("access_issuer")
    browser = FakeBrowser(asgi_sandbox.http, follow_redirect=False)
    async with LoopbackReceiver() as rx:
        flow = BrowserSignInFlow(client, rx, browser, asgi_sandbox.client_id("access_issuer"))
        flow.open()
        await browser.done.wait()
        assert browser.redirected_to is not None
        result = flow.accept_pasted_url(browser.redirected_to)
        tokens = await flow.exchange(result)
    assert tokens.refresh_token
