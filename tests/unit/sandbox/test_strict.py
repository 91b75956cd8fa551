"""Strict by default where the sources confirm it; `lenient` restores the old acceptance.
Decisions and their sources: docs/sandbox-fidelity.md."""

from __future__ import annotations

import httpx

from tests.helpers.sandbox import basic_auth
from tests.unit.sandbox.conftest import Api
from tests.unit.sandbox.lenient import lenient_api_fixture  # noqa: F401 (fixture)


async def _bob_token(api: Api) -> str:
    found = await api.ok("/entity.find", type_name="user", filter="email = 'bob@example.com'")
    body = await api.ok("/access/getAccessToken", type_name="user", id=found["results"][0]["id"])
    token: str = body["accessToken"]
    return token


async def _bearer(api: Api) -> httpx.Response:
    token = await _bob_token(api)
    headers = {"Authorization": f"Bearer {token}"}
    return await api.raw("/entity", None, headers=headers, type_name="user")


async def test_bearer_is_not_a_capture_scheme(api: Api) -> None:
    body = (await _bearer(api)).json()
    assert (body["code"], body["error"]) == (205, "invalid_auth_method")


async def test_lenient_accepts_bearer(lenient_api: Api) -> None:
    body = (await _bearer(lenient_api)).json()
    assert body["result"]["email"] == "bob@example.com"


async def test_filter_strings_are_single_quoted(api: Api) -> None:
    body = await api.error(
        "/entity.find", 200, type_name="user", filter='email = "bob@example.com"'
    )
    assert body["argument_name"] == "filter"
    assert "single quotes" in body["error_description"]
    await api.error("/entity.count", 200, type_name="user", filter='givenName = "Bob"')


async def test_lenient_accepts_double_quoted_filter_strings(lenient_api: Api) -> None:
    body = await lenient_api.ok("/entity.find", type_name="user", filter='givenName = "Bob"')
    assert body["result_count"] == 1


async def test_entity_count_is_owner_only(api: Api) -> None:
    for feature in ("direct_access", "direct_read_access"):
        body = await api.error("/entity.count", 403, feature, type_name="user")
        assert body["error"] == "client_permission_error"
    assert (await api.ok("/entity.count", type_name="user"))["total_count"] == 4


async def test_lenient_lets_readers_count(lenient_api: Api) -> None:
    body = await lenient_api.ok("/entity.count", "direct_read_access", type_name="user")
    assert body["total_count"] == 4


async def test_kept_as_public_clients_use_them(api: Api) -> None:
    # login_client credentials at oauth/token (native examples, janrain-rest) and a code
    # without transaction_state (the MuleSoft connector sends it only when given).
    found = await api.ok("/entity.find", type_name="user", filter="email = 'bob@example.com'")
    code = await api.ok(
        "/access/getAuthorizationCode",
        type_name="user",
        id=found["results"][0]["id"],
        redirect_uri="https://example.com/cb",
        for_client_id=api.clients["login_client"]["client_id"],
    )
    tokens = await api.ok(
        "/oauth/token",
        "login_client",
        grant_type="authorization_code",
        code=code["authorizationCode"],
        redirect_uri="https://example.com/cb",
    )
    assert tokens["access_token"]


async def test_a_trailing_slash_is_not_an_operation(api: Api) -> None:
    auth = basic_auth(api.clients["owner"])
    response = await api.http.post("/entity.count/", data={"type_name": "user"}, auth=auth)
    assert response.status_code == 404
    assert "location" not in response.headers
