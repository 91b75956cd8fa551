"""entity.purge (as janrain-datalib's `delete` calls it), entity.adopt (as the MuleSoft
connector calls it) and oauth/refresh_access_token (as the Android SDK signs it)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from tests.unit.sandbox.conftest import Api, FakeClock


async def test_purge_deletes_every_record_of_the_type_only_with_commit(api: Api) -> None:
    # datalib Records.delete: api.call('entity.purge', type_name=..., commit=True)
    await api.ok("/entity.purge", type_name="consent")
    assert (await api.ok("/entity.count", type_name="consent"))["total_count"] == 2
    await api.ok("/entity.purge", type_name="consent", commit=True)
    assert (await api.ok("/entity.count", type_name="consent"))["total_count"] == 0
    assert (await api.ok("/entity.count", type_name="user"))["total_count"] == 4
    await api.error("/entity.purge", 403, "direct_read_access", type_name="user", commit=True)
    await api.error("/entity.purge", 222, type_name="nope", commit=True)


async def test_purge_ends_the_sessions_of_purged_users(api: Api) -> None:
    found = await api.ok("/entity.find", type_name="user", max_results=1)
    token = await api.ok("/access/getAccessToken", type_name="user", id=found["results"][0]["id"])
    await api.ok("/entity.purge", type_name="user", commit=True)
    await api.error("/entity", 414, None, access_token=token["accessToken"])


async def _ids(api: Api, email: str) -> tuple[int, list[int]]:
    found = await api.ok("/entity.find", type_name="user", filter=f"email = '{email}'")
    record = found["results"][0]
    return record["id"], [s["id"] for s in record["statuses"]]


async def test_adopt_moves_a_plural_element_into_the_record(api: Api) -> None:
    # mulesoft entityAdopt: attribute_name, child_id, type_name, id (+ client credentials)
    _, alice_statuses = await _ids(api, "alice@example.com")
    bob, bob_statuses = await _ids(api, "bob@example.com")
    owner = api.clients["owner"]
    form = {
        "attribute_name": "statuses",
        "child_id": str(alice_statuses[0]),
        "type_name": "user",
        "id": str(bob),
        "client_id": owner["client_id"],
        "client_secret": owner["client_secret"],
    }
    body = (await api.http.post("/entity.adopt", data=form)).json()
    assert body["stat"] == "ok", body
    assert (await _ids(api, "bob@example.com"))[1] == [*bob_statuses, alice_statuses[0]]
    assert (await _ids(api, "alice@example.com"))[1] == []
    await api.error(
        "/entity.adopt", 310, type_name="user", id=bob, attribute_name="statuses", child_id=999_999
    )
    await api.error(
        "/entity.adopt", 200, type_name="user", id=bob, attribute_name="email", child_id=1
    )


def _refresh_signature(secret: str, date: str, access_token: str) -> str:
    text = f"refresh_access_token\n{date}\n{access_token}\n"
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _date(clock: FakeClock) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(clock.now))


async def test_android_refresh_access_token(api: Api, clock: FakeClock) -> None:
    login = api.clients["login_client"]["client_id"]
    signed_in = (
        await api.http.post(
            "/oauth/auth_native_traditional",
            data={
                "client_id": login,
                "signInEmailAddress": "alice@example.com",
                "currentPassword": "Password1!",
                "form": "signInForm",
            },
        )
    ).json()
    access_token, secret = signed_in["access_token"], signed_in["refresh_secret"]
    clock.advance(3700)  # the access token has expired: the reason to refresh
    await api.error("/entity", 414, None, access_token=access_token, type_name="user")
    date = _date(clock)
    form = {
        "access_token": access_token,
        "signature": _refresh_signature(secret, date, access_token),
        "date": date,
        "client_id": login,
        "locale": "en-US",
    }
    body = (await api.http.post("/oauth/refresh_access_token", data=form)).json()
    assert body["stat"] == "ok", body
    assert body["capture_user"]["email"] == "alice@example.com"
    fresh = await api.ok("/entity", None, access_token=body["access_token"], type_name="user")
    assert fresh["result"]["email"] == "alice@example.com"
    wrong = {**form, "signature": _refresh_signature("not-the-secret", date, access_token)}
    assert (await api.http.post("/oauth/refresh_access_token", data=wrong)).json()["code"] == 200
    stale = {**form, "date": "2001-01-01 00:00:00"}
    stale["signature"] = _refresh_signature(secret, stale["date"], access_token)
    assert (await api.http.post("/oauth/refresh_access_token", data=stale)).json()["code"] == 200
    missing = {k: v for k, v in form.items() if k != "signature"}
    body = (await api.http.post("/oauth/refresh_access_token", data=missing)).json()
    assert (body["code"], body["argument_name"]) == (100, "signature")
