"""The sandbox's one-token admin operations behind QA's "Expire this token now" and "Revoke
this refresh token"."""

from __future__ import annotations

import pytest

from tests.unit.sandbox.conftest import Api

REDIRECT = "http://127.0.0.1:9/cb"


async def token_pair(api: Api) -> dict[str, str]:
    code = (
        await api.ok("/access/getAuthorizationCode", type_name="user", id=1, redirect_uri=REDIRECT)
    )["authorizationCode"]
    response = await api.raw(
        "/oauth/token", grant_type="authorization_code", code=code, redirect_uri=REDIRECT
    )
    assert response.status_code == 200, response.text
    pair: dict[str, str] = response.json()
    return pair


@pytest.fixture
async def user(api: Api) -> None:
    await api.create_user(email="qa@example.com")


async def test_expire_now_ends_an_access_token_and_nothing_else(api: Api, user: None) -> None:
    pair = await token_pair(api)
    headers = {"Authorization": f"OAuth {pair['access_token']}"}
    assert (await api.raw("/entity", None, headers=headers, type_name="user")).json()[
        "stat"
    ] == "ok"
    done = await api.http.post(
        "/__sandbox__/tokens/expire", json={"token": pair["access_token"]}, headers=api.admin
    )
    assert done.status_code == 200 and done.json() == {"expired": "access"}
    gone = (await api.raw("/entity", None, headers=headers, type_name="user")).json()
    assert gone["code"] == 414
    # The refresh token still works: a new access token comes back.
    refreshed = await api.raw(
        "/oauth/token", grant_type="refresh_token", refresh_token=pair["refresh_token"]
    )
    assert refreshed.status_code == 200


async def test_revoke_one_refresh_token(api: Api, user: None) -> None:
    pair = await token_pair(api)
    done = await api.http.post(
        "/__sandbox__/tokens/revoke", json={"token": pair["refresh_token"]}, headers=api.admin
    )
    assert done.json() == {"revoked": "refresh"}
    refused = await api.raw(
        "/oauth/token", grant_type="refresh_token", refresh_token=pair["refresh_token"]
    )
    assert refused.json()["stat"] == "error"
    # The access token of the pair still reads the record.
    headers = {"Authorization": f"OAuth {pair['access_token']}"}
    assert (await api.raw("/entity", None, headers=headers, type_name="user")).json()[
        "stat"
    ] == "ok"


@pytest.mark.parametrize("path", ["/__sandbox__/tokens/expire", "/__sandbox__/tokens/revoke"])
async def test_bad_requests_are_refused_plainly(api: Api, path: str) -> None:
    unknown = await api.http.post(path, json={"token": "no-such-token"}, headers=api.admin)
    assert unknown.status_code == 404
    form = await api.http.post(path, data={"token": "x"}, headers=api.admin)
    assert form.status_code == 415
    shapeless = await api.http.post(path, json=["x"], headers=api.admin)
    assert shapeless.status_code == 400
    # The answer never carries a token back.
    assert "no-such-token" not in unknown.text


async def test_only_the_admin_may_expire_or_revoke(api: Api, user: None) -> None:
    pair = await token_pair(api)
    for path, token in (
        ("/__sandbox__/tokens/expire", pair["access_token"]),
        ("/__sandbox__/tokens/revoke", pair["refresh_token"]),
    ):
        refused = await api.http.post(path, json={"token": token})
        assert refused.status_code == 401
        wrong = await api.http.post(
            path, json={"token": token}, headers={**api.admin, **{k: "x" for k in api.admin}}
        )
        assert wrong.status_code == 401
    # Both tokens still work.
    headers = {"Authorization": f"OAuth {pair['access_token']}"}
    assert (await api.raw("/entity", None, headers=headers, type_name="user")).json()[
        "stat"
    ] == "ok"
    refreshed = await api.raw(
        "/oauth/token", grant_type="refresh_token", refresh_token=pair["refresh_token"]
    )
    assert refreshed.status_code == 200
