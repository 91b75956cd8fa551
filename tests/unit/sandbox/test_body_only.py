"""entity.delete and oauth/*_native read their parameters from the POST body only (education
center entity.delete: "must be a POST ... cannot be passed as URL parameters"); credentials
may still come in the URL, as gedex/php-janrain-api sends them. --lenient accepts the URL."""

from __future__ import annotations

from tests.helpers.sandbox import basic_auth
from tests.unit.sandbox.conftest import Api
from tests.unit.sandbox.lenient import lenient_api_fixture  # noqa: F401 (fixture)


async def _alice(api: Api) -> str:
    found = await api.ok("/entity.find", type_name="user", filter="email = 'alice@example.com'")
    uuid: str = found["results"][0]["uuid"]
    return uuid


async def test_delete_with_url_parameters_is_refused_and_deletes_nothing(api: Api) -> None:
    uuid = await _alice(api)
    auth = basic_auth(api.clients["owner"])
    response = await api.http.post(
        "/entity.delete", params={"type_name": "user", "uuid": uuid}, auth=auth
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["code"], body["argument_name"]) == (100, "type_name")
    assert "POST body" in body["error_description"]
    assert (await api.ok("/entity", type_name="user", uuid=uuid))["result"]["uuid"] == uuid


async def test_delete_with_credentials_in_the_url_and_the_rest_in_the_body(api: Api) -> None:
    uuid = await _alice(api)
    owner = api.clients["owner"]
    response = await api.http.post(
        "/entity.delete",
        params={"client_id": owner["client_id"], "client_secret": owner["client_secret"]},
        data={"type_name": "user", "uuid": uuid},
    )
    assert response.json()["stat"] == "ok", response.json()
    await api.error("/entity", 310, type_name="user", uuid=uuid)


async def test_native_sign_in_reads_the_body_only(api: Api) -> None:
    login = api.clients["login_client"]["client_id"]
    fields = {
        "client_id": login,
        "signInEmailAddress": "alice@example.com",
        "currentPassword": "Password1!",
        "form": "signInForm",
    }
    in_url = (await api.http.post("/oauth/auth_native_traditional", params=fields)).json()
    assert in_url["code"] == 390
    in_body = (await api.http.post("/oauth/auth_native_traditional", data=fields)).json()
    assert in_body["stat"] == "ok", in_body


async def test_reads_still_take_url_parameters(api: Api) -> None:
    auth = basic_auth(api.clients["owner"])
    response = await api.http.post("/entity.count", params={"type_name": "user"}, auth=auth)
    assert response.json()["total_count"] == 4


async def test_lenient_accepts_url_parameters_on_delete(lenient_api: Api) -> None:
    api = lenient_api
    auth = basic_auth(api.clients["owner"])
    found = await api.ok("/entity.find", type_name="user", filter="email = 'bob@example.com'")
    uuid = found["results"][0]["uuid"]
    response = await api.http.post(
        "/entity.delete", params={"type_name": "user", "uuid": uuid}, auth=auth
    )
    assert response.json()["stat"] == "ok", response.json()
