"""Calls that public clients send to the real Capture, replayed as their sources show them
(capture-api.md section 12): the Android SDK's profile save, the MuleSoft connector's
regression beans and the dataload tool's delta update."""

from __future__ import annotations

import json
from typing import Any

from tests.unit.sandbox.conftest import Api


async def _id_of(api: Api, email: str) -> int:
    found = await api.ok("/entity.find", type_name="user", filter=f"email = '{email}'")
    record_id: int = found["results"][0]["id"]
    return record_id


async def _access_token(api: Api, record_id: int) -> str:
    body = await api.ok("/access/getAccessToken", type_name="user", id=record_id)
    token: str = body["accessToken"]
    return token


async def test_android_profile_save_writes_value_at_the_root_by_access_token(api: Api) -> None:
    # jump.android CaptureRecord.synchronize: ApidUpdate body params (value, no attribute_name
    # for the root, no type_name) plus access_token, no client credentials.
    alice = await _id_of(api, "alice@example.com")
    token = await _access_token(api, alice)
    form = {
        "value": json.dumps({"givenName": "Alicia", "primaryAddress": {"city": "Lyon"}}),
        "access_token": token,
    }
    response = await api.http.post("/entity.update", data=form)
    assert response.json()["stat"] == "ok", response.json()
    record = await api.record(alice)
    assert record["givenName"] == "Alicia"
    assert record["primaryAddress"]["city"] == "Lyon"
    assert record["familyName"] is not None  # update merges: untouched attributes stay


async def test_mule_regression_update_and_replace_with_value_type_name_and_id(api: Api) -> None:
    # mulesoft JanrainCaptureClientImpl.entityUpdate / entityReplace: client_id and
    # client_secret as parameters, type_name, value (JSON object), id.
    bob = str(await _id_of(api, "bob@example.com"))
    owner = api.clients["owner"]
    creds = {"client_id": owner["client_id"], "client_secret": owner["client_secret"]}
    form = {**creds, "type_name": "user", "id": bob, "value": json.dumps({"givenName": "Rob"})}
    response = await api.http.post("/entity.update", data=form)
    assert response.json()["stat"] == "ok", response.json()
    assert (await api.record(int(bob)))["givenName"] == "Rob"
    form = {
        **creds,
        "type_name": "user",
        "id": bob,
        "value": json.dumps({"email": "bob@example.com", "displayName": "Bobby"}),
        "include_record": "true",
    }
    body = (await api.http.post("/entity.replace", data=form)).json()
    assert body["stat"] == "ok", body
    assert body["result"]["displayName"] == "Bobby"
    assert body["result"]["givenName"] is None  # replace nulls what it was not given


async def test_dataload_delta_update_by_key_then_plural_replace(api: Api) -> None:
    # dataload dataload_update.update_record: entity.update with key_attribute, key_value
    # (JSON-quoted), timeout and value = the whole CSV record; then entity.replace of each
    # plural with attribute_name=<plural> and value=<list>.
    record: dict[str, Any] = {
        "email": "carol@example.com",
        "givenName": "Caroline",
        "statuses": [{"status": "imported"}],
    }
    common = {"type_name": "user", "key_attribute": "email", "key_value": '"carol@example.com"'}
    await api.ok("/entity.update", **common, timeout=10, value=json.dumps(record))
    await api.ok(
        "/entity.replace",
        **common,
        timeout=10,
        attribute_name="statuses",
        value=json.dumps(record["statuses"]),
    )
    found = await api.ok("/entity.find", type_name="user", filter="email = 'carol@example.com'")
    carol = found["results"][0]
    assert carol["givenName"] == "Caroline"
    assert [s["status"] for s in carol["statuses"]] == ["imported"]


async def test_write_forms_and_their_precedence(api: Api) -> None:
    # attribute_name + value writes at the path; value alone at the root; attributes alone at
    # the root; value wins over attributes when both come without attribute_name.
    alice = await _id_of(api, "alice@example.com")
    await api.ok(
        "/entity.update", type_name="user", id=alice, attribute_name="givenName", value='"A"'
    )
    assert (await api.record(alice))["givenName"] == "A"
    await api.ok("/entity.update", type_name="user", id=alice, attributes={"givenName": "B"})
    assert (await api.record(alice))["givenName"] == "B"
    await api.ok(
        "/entity.update",
        type_name="user",
        id=alice,
        value=json.dumps({"givenName": "C"}),
        attributes={"givenName": "D"},
    )
    assert (await api.record(alice))["givenName"] == "C"
    body = await api.error("/entity.update", 200, type_name="user", id=alice, value='"just text"')
    assert body["argument_name"] == "value"
    body = await api.error("/entity.update", 100, type_name="user", id=alice)
    assert body["argument_name"] == "attributes"
    body = await api.error("/entity.replace", 100, type_name="user", id=alice, attribute_name="x")
    assert body["argument_name"] == "value"
