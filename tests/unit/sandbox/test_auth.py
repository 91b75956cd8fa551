"""Authentication methods (Basic, params, janrain-signed, access and creation tokens) and the
per-feature permissions of every operation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

import pytest

from capture_desktop.sandbox.clients import FEATURES
from tests.unit.sandbox.conftest import Api, FakeClock, encode


def signature_header(
    client: dict[str, Any], path: str, date: str, params: dict[str, str], *, empty_line: bool
) -> str:
    """janrain-signed, written from the reference (not from the sandbox's code)."""
    lines = sorted(f"{key}={value}" for key, value in params.items())
    text = f"{path}\n{date}\n" + "".join(f"{line}\n" for line in lines)
    if not lines and empty_line:
        text += "\n"
    digest = hmac.new(client["client_secret"].encode(), text.encode(), hashlib.sha1).digest()
    return f"Signature {client['client_id']}:{base64.b64encode(digest).decode()}"


def signed_date(clock: FakeClock, offset: float = 0) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(clock() + offset))


async def _signed(
    api: Api,
    clock: FakeClock,
    path: str,
    params: dict[str, Any],
    *,
    offset: float = 0,
    empty_line: bool = False,
    secret: str | None = None,
) -> dict[str, Any]:
    client = dict(api.clients["owner"])
    if secret is not None:
        client["client_secret"] = secret
    date = signed_date(clock, offset)
    form = encode(params)
    headers = {
        "Date": date,
        "Authorization": signature_header(client, path, date, form, empty_line=empty_line),
    }
    response = await api.http.post(path, data=form, headers=headers)
    body: dict[str, Any] = response.json()
    return body


async def test_basic_and_params_credentials(api: Api) -> None:
    await api.ok("/entity", type_name="user", id=1)
    owner = api.clients["owner"]
    body = await api.ok(
        "/entity",
        None,
        type_name="user",
        id=1,
        client_id=owner["client_id"],
        client_secret=owner["client_secret"],
    )
    assert body["result"]["id"] == 1


async def test_bad_client_credentials_are_402(api: Api) -> None:
    owner = api.clients["owner"]
    await api.error(
        "/entity",
        402,
        None,
        type_name="user",
        id=1,
        client_id=owner["client_id"],
        client_secret="wrong",
    )
    await api.error(
        "/entity", 402, None, type_name="user", id=1, client_id="nobody", client_secret="x"
    )
    for header in ("Basic !!!", "Basic " + base64.b64encode(b"no-colon").decode()):
        response = await api.raw("/entity", None, headers={"Authorization": header})
        assert response.json()["code"] == 402
    wrong = base64.b64encode(f"{owner['client_id']}:nope".encode()).decode()
    response = await api.raw("/entity", None, headers={"Authorization": f"Basic {wrong}"})
    assert response.json()["error"] == "invalid_client_credentials"


async def test_missing_or_unsupported_credentials(api: Api) -> None:
    body = await api.error("/entity", 100, None, type_name="user", id=1)
    assert body["argument_name"] == "client_id"
    response = await api.raw("/entity", None, headers={"Authorization": "Digest abc"})
    assert response.json()["code"] == 205
    assert response.json()["error"] == "invalid_auth_method"
    owner = api.clients["owner"]
    body = await api.error("/entity", 100, None, client_id=owner["client_id"])
    assert body["argument_name"] == "client_secret"


async def test_signed_requests(api: Api, clock: FakeClock) -> None:
    body = await _signed(api, clock, "/entity", {"type_name": "user", "id": 1})
    assert body["stat"] == "ok" and body["result"]["id"] == 1
    # Parameterless calls may be signed with or without the empty parameters line.
    for empty_line in (False, True):
        listed = await _signed(api, clock, "/entityType.list", {}, empty_line=empty_line)
        assert listed["stat"] == "ok", listed
    within = await _signed(api, clock, "/entity", {"type_name": "user", "id": 1}, offset=-299)
    assert within["stat"] == "ok"
    for offset in (-301, 301):
        late = await _signed(api, clock, "/entity", {"type_name": "user", "id": 1}, offset=offset)
        assert late["code"] == 402
    forged = await _signed(api, clock, "/entity", {"type_name": "user", "id": 1}, secret="x")
    assert forged["code"] == 402


async def test_signed_request_checks_the_date_header(api: Api, clock: FakeClock) -> None:
    owner = api.clients["owner"]
    date = signed_date(clock)
    header = signature_header(owner, "/entityType.list", date, {}, empty_line=False)
    missing = await api.http.post("/entityType.list", headers={"Authorization": header})
    assert missing.json()["code"] == 402
    rfc = await api.http.post(
        "/entityType.list",
        headers={"Authorization": header, "Date": "Sat, 28 Nov 2026 10:00:00 GMT"},
    )
    assert rfc.json()["code"] == 402
    tampered = await api.http.post(
        "/entityType.list", data={"x": "1"}, headers={"Authorization": header, "Date": date}
    )
    assert tampered.json()["code"] == 402


async def test_skew_is_a_runtime_setting(api: Api, clock: FakeClock) -> None:
    api.sandbox.settings.update({"signed_skew_seconds": 10})
    late = await _signed(api, clock, "/entityType.list", {}, offset=30)
    assert late["code"] == 402


async def _access_token(api: Api, record_id: int) -> str:
    body = await api.ok("/access/getAccessToken", type_name="user", id=record_id)
    token: str = body["accessToken"]
    return token


async def test_access_token_reaches_only_its_own_record(api: Api) -> None:
    token = await _access_token(api, 4)  # bob
    for headers, extra in (
        ({"Authorization": f"OAuth {token}"}, {}),
        ({}, {"access_token": token}),
    ):
        response = await api.raw("/entity", None, headers=headers, type_name="user", id=1, **extra)
        assert response.json()["result"]["email"] == "bob@example.com"
    await api.ok(
        "/entity.update", None, access_token=token, id=1, attributes={"givenName": "Robert"}
    )
    assert (await api.record(4))["givenName"] == "Robert"
    assert (await api.record(1))["givenName"] == "Alice"
    await api.ok(
        "/entity.replace", None, access_token=token, attributes={"email": "bob@example.com"}
    )
    assert (await api.record(4))["givenName"] is None
    body = await api.error("/entity.find", 403, None, access_token=token, type_name="user")
    assert body["error"] == "client_permission_error"
    await api.error("/entity.create", 403, None, access_token=token, attributes={})
    await api.ok("/entity.delete", None, access_token=token, id=1)
    await api.error("/entity", 310, type_name="user", id=4)
    assert (await api.record(1))["id"] == 1


async def test_access_token_expiry_and_revocation(api: Api, clock: FakeClock) -> None:
    token = await _access_token(api, 1)
    clock.advance(3599)
    await api.ok("/entity", None, access_token=token)
    clock.advance(1)
    body = await api.error("/entity", 414, None, access_token=token)
    assert body["error"] == "access_token_expired"
    api.sandbox.settings.update({"access_token_lifetime": 5})
    short = await _access_token(api, 1)
    clock.advance(5)
    await api.error("/entity", 414, None, access_token=short)
    fresh = await _access_token(api, 1)
    await api.ok("/entity.deleteAccess", "access_issuer", type_name="user", id=1)
    await api.error("/entity", 414, None, access_token=fresh)
    await api.error("/entity", 414, None, access_token="nonsense")


async def test_creation_token(api: Api, clock: FakeClock) -> None:
    token = (await api.ok("/access/getCreationToken", "access_issuer", type_name="user"))[
        "creation_token"
    ]
    body = await api.ok("/entity.create", None, creation_token=token, attributes={})
    assert body["id"] > 0
    await api.error(
        "/entity.create", 200, None, creation_token=token, type_name="other", attributes={}
    )
    await api.error("/entity", 403, None, creation_token=token, type_name="user", id=1)
    await api.error("/entity.create", 200, None, creation_token="bogus", attributes={})
    alias = await api.ok("/access/getCreationCode", type_name="user", lifetime=10)
    clock.advance(10)
    expired = await api.error(
        "/entity.create", 417, None, creation_token=alias["creation_token"], attributes={}
    )
    assert expired["error"] == "creation_token_expired"
    await api.error("/access/getCreationToken", 222, type_name="nope")
    await api.error("/access/getCreationToken", 200, type_name="user", lifetime="soon")


# operation -> (params, features allowed besides owner)
MATRIX: dict[str, tuple[dict[str, Any], set[str]]] = {
    "/entity": ({"type_name": "user", "id": 1}, {"direct_access", "direct_read_access"}),
    "/entity.find": ({"type_name": "user"}, {"direct_access", "direct_read_access"}),
    "/entity.count": ({"type_name": "user"}, set()),  # techdocs: owner only
    "/entity.create": ({"type_name": "user"}, {"direct_access"}),
    "/entity.bulkCreate": ({"type_name": "user"}, {"direct_access"}),
    "/entity.update": ({"type_name": "user", "id": 999_999}, {"direct_access"}),
    "/entity.replace": ({"type_name": "user", "id": 999_999}, {"direct_access"}),
    "/entity.delete": ({"type_name": "user", "id": 999_999}, {"direct_access"}),
    "/entity.deleteAccess": (
        {"type_name": "user", "id": 999_999},
        {"access_issuer", "direct_access"},
    ),
    "/entityType": ({"type_name": "user"}, set(FEATURES)),
    "/entityType.list": ({}, set()),
    "/access/getAuthorizationCode": ({"type_name": "user"}, {"access_issuer", "direct_access"}),
    "/access/getAccessToken": ({"type_name": "user"}, {"access_issuer", "direct_access"}),
    "/access/getCreationToken": ({}, {"access_issuer"}),
    "/access/getCreationCode": ({}, {"access_issuer"}),
    "/oauth/token": ({}, {"access_issuer", "direct_access", "login_client"}),
    "/oauth/auth_native_traditional": ({}, {"login_client"}),
    "/clients/list": ({}, set()),
}


@pytest.mark.parametrize("path", sorted(MATRIX))
@pytest.mark.parametrize("feature", FEATURES)
async def test_permissions(api: Api, path: str, feature: str) -> None:
    params, allowed = MATRIX[path]
    response = await api.raw(path, feature, **params)
    body = response.json()
    if feature == "owner" or feature in allowed:
        assert body.get("code") != 403, body
    else:
        assert body["code"] == 403, body
        assert body["error" if path != "/oauth/token" else "sub_error"] == (
            "client_permission_error"
        )
