"""Every credential kind and every token flow of the client, run once with canary secrets, for
the leak checks (through ASGITransport in the unit tests, over a real port in integration)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from capture_desktop.api import (
    AccessTokenAuth,
    ApiError,
    BasicAuth,
    CaptureClient,
    CreationTokenAuth,
    RecordSelector,
)
from tests.unit.api.sandbox_env import SandboxEnv

PASSWORD = "Canary-Password-71!"
REDIRECT = "http://127.0.0.1:1/cb"


async def run_every_flow(capture: CaptureClient, sandbox: SandboxEnv) -> set[str]:
    """Drive each credential kind and each token flow; return every secret that was used."""
    canaries = {PASSWORD, "Canary-Wrong-Secret-55"}
    canaries |= {c["client_secret"] for c in map(sandbox.client, ("owner", "access_issuer",
                                                                  "login_client"))}  # fmt: skip
    for kind in ("basic", "params", "signed"):
        auth = sandbox.creds("owner", kind)
        await capture.entity_count("user", auth=auth)
        await capture.entity_type_list(auth=auth)
    created = await capture.entity_create(
        "user", {"email": "canary@example.com", "password": PASSWORD}
    )
    sel = RecordSelector.by_uuid(created.uuid or "")
    await capture.entity("user", sel, password_attribute="password", password_value=PASSWORD)
    issuer = sandbox.creds("access_issuer", "signed")
    code = await capture.get_authorization_code("user", sel, REDIRECT, auth=issuer)
    tokens = await capture.oauth_token(code=code.code, redirect_uri=REDIRECT, auth=issuer)
    fresh = await capture.oauth_token(
        "refresh_token", refresh_token=tokens.refresh_token or "", auth=issuer
    )
    canaries |= {code.code, tokens.access_token, tokens.refresh_token or "", fresh.access_token,
                 fresh.refresh_token or ""}  # fmt: skip
    own = AccessTokenAuth(fresh.access_token)
    await capture.entity("user", auth=own)
    await capture.entity_update("user", None, {"givenName": "Canary"}, auth=own)
    plain = await capture.get_access_token("user", sel)
    canaries.add(plain.access_token)
    creation = await capture.get_creation_token("user")
    canaries.add(creation.token)
    await capture.entity_create(
        "user", {"email": "c2@example.com"}, auth=CreationTokenAuth(creation.token)
    )
    login = sandbox.client("login_client")["client_id"]
    native = await capture.auth_native_traditional(
        client_id=login, email="canary@example.com", password=PASSWORD,
        response_type="code_and_token", redirect_uri=REDIRECT,
    )  # fmt: skip
    canaries |= {native.access_token or "", native.authorization_code or ""}
    clients = await capture.clients_list()  # the owner sees every client secret in the answer
    assert clients
    wrong = "Canary-Password-72!"
    canaries.add(wrong)
    refresh = tokens.refresh_token or ""
    failures: list[Callable[[], Awaitable[object]]] = [
        lambda: capture.entity_count("user", auth=BasicAuth(login, "Canary-Wrong-Secret-55")),
        lambda: capture.oauth_token("refresh_token", refresh_token=refresh, auth=issuer),
        lambda: capture.oauth_token(code=code.code, redirect_uri=REDIRECT, auth=issuer),
        lambda: capture.auth_native_traditional(
            client_id=login, email="canary@example.com", password=wrong
        ),
    ]
    for failure in failures:
        with pytest.raises(ApiError):
            await failure()
    assert all(canaries)
    return canaries
