"""Codes and tokens: getAuthorizationCode, oauth/token (both grants), refresh rotation,
auth_native_traditional and clients/list; oauth/token's 400/401 envelope."""

from __future__ import annotations

from typing import Any

from tests.unit.sandbox.conftest import Api, FakeClock

REDIRECT = "http://127.0.0.1:8123/callback?from=app"


async def _code(api: Api, as_: str = "owner", **extra: Any) -> str:
    params = {"type_name": "user", "id": 1, "redirect_uri": REDIRECT, **extra}
    body = await api.ok("/access/getAuthorizationCode", as_, **params)
    code: str = body["authorizationCode"]
    return code


async def _exchange(api: Api, code: str, as_: str = "owner", **extra: Any) -> dict[str, Any]:
    params = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, **extra}
    return await api.ok("/oauth/token", as_, **params)


async def test_code_exchange_then_refresh_rotates(api: Api) -> None:
    tokens = await _exchange(api, await _code(api))
    assert tokens["expires_in"] == 3600
    assert len(tokens["access_token"]) == 16 and len(tokens["refresh_token"]) == 20
    record = await api.ok("/entity", None, access_token=tokens["access_token"])
    assert record["result"]["id"] == 1
    again = await api.ok(
        "/oauth/token", grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert again["refresh_token"] != tokens["refresh_token"]
    await api.ok("/entity", None, access_token=again["access_token"])
    reused = await api.raw(
        "/oauth/token", grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert reused.status_code == 400
    body = reused.json()
    assert body["error"] == "invalid_request" and body["sub_error"] == "invalid_argument"
    assert body["argument_name"] == "refresh_token"
    events = (await api.http.get("/__sandbox__/events", headers=api.admin)).json()["events"]
    assert events[0]["kind"] == "refresh_token_reuse"
    assert tokens["refresh_token"] not in str(events)  # recorded without the secret


async def test_code_is_single_use_and_bound(api: Api, clock: FakeClock) -> None:
    code = await _code(api)
    body = await api.error(
        "/oauth/token", 420, grant_type="authorization_code", code=code, redirect_uri=REDIRECT + "x"
    )
    assert body["sub_error"] == "redirect_uri_mismatch"
    await api.error("/oauth/token", 100, grant_type="authorization_code", code=code)
    other = await api.error(
        "/oauth/token",
        200,
        "direct_access",
        grant_type="authorization_code",
        code=code,
        redirect_uri=REDIRECT,
    )
    assert other["argument_name"] == "code"
    await _exchange(api, code)
    await api.error(
        "/oauth/token", 200, grant_type="authorization_code", code=code, redirect_uri=REDIRECT
    )
    late = await _code(api)
    clock.advance(30)
    expired = await api.error(
        "/oauth/token", 415, grant_type="authorization_code", code=late, redirect_uri=REDIRECT
    )
    assert expired["sub_error"] == "authorization_code_expired"
    custom = await _code(api, lifetime=120)
    clock.advance(60)
    await _exchange(api, custom)


async def test_code_for_another_client_and_transaction_state(api: Api) -> None:
    login = api.clients["login_client"]
    code = await _code(
        api, "access_issuer", for_client_id=login["client_id"], transaction_state={"a": [1]}
    )
    body = await _exchange(api, code, "login_client")
    assert body["transaction_state"] == {"a": [1]}
    await api.error(
        "/access/getAuthorizationCode",
        200,
        type_name="user",
        id=1,
        redirect_uri=REDIRECT,
        for_client_id="nobody",
    )
    await api.error("/access/getAuthorizationCode", 100, type_name="user", id=1)
    await api.error(
        "/access/getAuthorizationCode",
        200,
        type_name="user",
        id=1,
        redirect_uri=REDIRECT,
        transaction_state="[1]",
    )
    await api.error(
        "/access/getAuthorizationCode", 310, type_name="user", id=12345, redirect_uri=REDIRECT
    )


async def test_lenient_redirect_uri_setting(api: Api) -> None:
    api.sandbox.settings.update({"lenient_redirect_uri": True})
    code = await _code(api)
    await api.ok(
        "/oauth/token",
        grant_type="authorization_code",
        code=code,
        redirect_uri="https://elsewhere.example/",
    )


async def test_delete_access_revokes_codes_and_refresh_tokens(api: Api) -> None:
    tokens = await _exchange(api, await _code(api))
    pending = await _code(api)
    await api.ok("/entity.deleteAccess", type_name="user", id=1)
    body = await api.error(
        "/oauth/token", 413, grant_type="authorization_code", code=pending, redirect_uri=REDIRECT
    )
    assert body["sub_error"] == "no_access_grant"
    await api.error(
        "/oauth/token", 413, grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    await api.error("/entity", 414, None, access_token=tokens["access_token"])


async def test_refresh_token_lifetime_setting(api: Api, clock: FakeClock) -> None:
    api.sandbox.settings.update({"refresh_token_lifetime": 60})
    tokens = await _exchange(api, await _code(api))
    clock.advance(61)
    body = await api.error(
        "/oauth/token", 200, grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert "expired" in body["error_description"]


async def test_oauth_token_errors_use_http_400_and_401(api: Api) -> None:
    response = await api.raw("/oauth/token", grant_type="password")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 200 and body["argument_name"] == "grant_type"
    assert body["error_description"] == "invalid grant_type: password"
    missing = await api.raw("/oauth/token")
    assert missing.status_code == 400 and missing.json()["sub_error"] == "missing_argument"
    bad = await api.raw(
        "/oauth/token", None, client_id=api.clients["owner"]["client_id"], client_secret="nope"
    )
    assert bad.status_code == 401
    assert bad.json()["sub_error"] == "invalid_client_credentials"
    forbidden = await api.raw("/oauth/token", "direct_read_access", grant_type="refresh_token")
    assert forbidden.status_code == 400 and forbidden.json()["code"] == 403
    await api.error("/oauth/token", 200, grant_type="refresh_token", refresh_token="nope")
    await api.error("/oauth/token", 200, grant_type="authorization_code", code="nope")


async def test_refresh_belongs_to_its_client(api: Api) -> None:
    tokens = await _exchange(api, await _code(api))
    await api.error(
        "/oauth/token",
        200,
        "direct_access",
        grant_type="refresh_token",
        refresh_token=tokens["refresh_token"],
    )


async def test_auth_native_traditional(api: Api, clock: FakeClock) -> None:
    login = api.clients["login_client"]
    body = await api.ok(
        "/oauth/auth_native_traditional",
        None,
        client_id=login["client_id"],
        form="signInForm",
        signInEmailAddress="carol@example.com",
        currentPassword="Password3!",
    )
    assert body["capture_user"]["email"] == "carol@example.com"
    assert body["capture_user"]["password"] is None
    assert body["capture_user"]["loginCount"] == 1
    assert "authorization_code" not in body
    assert body["expires_in"] == 3600  # Capture sends it alongside access_token
    await api.ok("/entity", None, access_token=body["access_token"])
    with_code = await api.ok(
        "/oauth/auth_native_traditional",
        None,
        client_id=login["client_id"],
        signInEmailAddress="carol@example.com",
        currentPassword="Password3!",
        response_type="code",
        redirect_uri=REDIRECT,
    )
    tokens = await _exchange(api, with_code["authorization_code"], "login_client")
    assert tokens["refresh_token"]
    wrong = await api.error(
        "/oauth/auth_native_traditional",
        210,
        None,
        client_id=login["client_id"],
        signInEmailAddress="carol@example.com",
        currentPassword="nope",
    )
    assert wrong["error"] == "invalid_credentials"
    await api.error(
        "/oauth/auth_native_traditional",
        210,
        None,
        client_id=login["client_id"],
        signInEmailAddress="nobody@example.com",
        currentPassword="x",
    )
    form = await api.error(
        "/oauth/auth_native_traditional", 390, None, client_id=login["client_id"]
    )
    assert set(form["invalid_fields"]) == {"signInEmailAddress", "currentPassword"}
    await api.error(
        "/oauth/auth_native_traditional",
        100,
        None,
        client_id=login["client_id"],
        signInEmailAddress="carol@example.com",
        currentPassword="Password3!",
        response_type="code",
    )
    await api.error(
        "/oauth/auth_native_traditional",
        403,
        None,
        client_id=api.clients["direct_access"]["client_id"],
        signInEmailAddress="carol@example.com",
        currentPassword="Password3!",
    )
    await api.error(
        "/oauth/auth_native_traditional", 402, None, client_id="nobody", email="a", password="b"
    )


async def test_auth_native_traditional_expires_in_follows_the_lifetime(api: Api) -> None:
    changed = await api.http.post(
        "/__sandbox__/settings", json={"access_token_lifetime": 120}, headers=api.admin
    )
    assert changed.json()["access_token_lifetime"] == 120
    body = await api.ok(
        "/oauth/auth_native_traditional",
        None,
        client_id=api.clients["login_client"]["client_id"],
        signInEmailAddress="carol@example.com",
        currentPassword="Password3!",
    )
    assert body["expires_in"] == 120


async def test_clients_list(api: Api) -> None:
    body = await api.ok("/clients/list")
    assert {c["description"] for c in body["results"]} == {
        f"Sandbox {f} client"
        for f in ("owner", "access_issuer", "direct_access", "direct_read_access", "login_client")
    }
    assert all(c["client_secret"] for c in body["results"])
    only = await api.ok("/clients/list", features=["login_client"])
    assert [c["features"] for c in only["results"]] == [["login_client"]]
