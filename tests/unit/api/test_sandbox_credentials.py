"""Every credential strategy against the sandbox, signed included, with its failure modes."""

from __future__ import annotations

import pytest

from capture_desktop.api import (
    CaptureClient,
    ClientPermissionError,
    InvalidClientCredentials,
    RecordSelector,
    SignedAuth,
)
from tests.unit.api.sandbox_env import MovableClock, SandboxEnv


@pytest.mark.parametrize("kind", ["basic", "params", "signed"])
async def test_each_client_strategy_reads_and_writes(
    capture: CaptureClient, sandbox: SandboxEnv, kind: str
) -> None:
    auth = sandbox.creds("owner", kind)
    assert await capture.entity_count("user", auth=auth) == 4
    assert await capture.entity_type_list(auth=auth) == [
        "consent",
        "user",
    ]  # parameterless, signed too
    created = await capture.entity_create("user", {"email": f"{kind}@example.com"}, auth=auth)
    sel = RecordSelector.by_uuid(created.uuid or "")
    await capture.entity_update("user", sel, {"givenName": "Ann O'Neil & co = 1"}, auth=auth)
    record = await capture.entity("user", sel, auth=auth)
    assert record.data["givenName"] == "Ann O'Neil & co = 1"
    code = await capture.get_authorization_code("user", sel, "http://127.0.0.1:1/cb", auth=auth)
    tokens = await capture.oauth_token(
        code=code.code, redirect_uri="http://127.0.0.1:1/cb", auth=auth
    )
    assert tokens.access_token


@pytest.mark.parametrize("kind", ["basic", "params", "signed"])
async def test_wrong_secret_is_402(capture: CaptureClient, sandbox: SandboxEnv, kind: str) -> None:
    good = sandbox.creds("owner", kind)
    bad = type(good)(good.client_id, "wrong-secret-value")
    with pytest.raises(InvalidClientCredentials):
        await capture.entity_count("user", auth=bad)
    with pytest.raises(InvalidClientCredentials) as info:  # the oauth envelope, HTTP 401
        await capture.oauth_token("refresh_token", refresh_token="x", auth=bad)
    assert info.value.http_status == 401 and info.value.oauth_error == "invalid_request"


async def test_signed_requests_outside_the_skew_window_fail(
    capture: CaptureClient, sandbox: SandboxEnv
) -> None:
    owner = sandbox.client("owner")
    ahead = MovableClock(offset=sandbox.clock.offset + 400)  # the desk clock runs fast
    skewed = SignedAuth(owner["client_id"], owner["client_secret"], clock=ahead.utc)
    with pytest.raises(InvalidClientCredentials):
        await capture.entity_count("user", auth=skewed)
    sandbox.settings(signed_skew_seconds=600)
    assert await capture.entity_count("user", auth=skewed) == 4


async def test_feature_permissions(capture: CaptureClient, sandbox: SandboxEnv) -> None:
    reader = sandbox.creds("direct_read_access")
    assert (await capture.entity_find("user", auth=reader)).result_count == 4
    with pytest.raises(ClientPermissionError):  # techdocs: entity.count is owner only
        await capture.entity_count("user", auth=reader)
    with pytest.raises(ClientPermissionError):
        await capture.entity_create("user", {"email": "r@example.com"}, auth=reader)
    with pytest.raises(ClientPermissionError):
        await capture.entity_type_list(auth=sandbox.creds("direct_access"))
