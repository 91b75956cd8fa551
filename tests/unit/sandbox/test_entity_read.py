"""/entity, /entityType and /entityType.list through ASGITransport."""

from __future__ import annotations

import re

from tests.unit.sandbox.conftest import Api

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} \+0000$")


async def test_entity_by_id_returns_the_full_record_with_system_attributes(api: Api) -> None:
    body = await api.ok("/entity", type_name="user", id=1)
    record = body["result"]
    assert record["id"] == 1
    assert record["email"] == "alice@example.com"
    assert TIMESTAMP.match(record["created"]) and TIMESTAMP.match(record["lastUpdated"])
    assert record["password"] is None  # the hash is never returned
    assert set(record["primaryAddress"]) >= {"city", "country", "zip"}
    assert record["statuses"][0]["id"] == 2  # plural ids share the type's counter


async def test_entity_by_uuid_and_by_key_attribute(api: Api) -> None:
    alice = await api.record(1)
    by_uuid = await api.ok("/entity", type_name="user", uuid=alice["uuid"])
    assert by_uuid["result"]["id"] == 1
    by_key = await api.ok(
        "/entity", type_name="user", key_attribute="email", key_value='"ALICE@example.com"'
    )
    assert by_key["result"]["id"] == 1


async def test_entity_attribute_name_and_attributes_projection(api: Api) -> None:
    city = await api.ok("/entity", type_name="user", id=1, attribute_name="/primaryAddress/city")
    assert city["result"] == "Portland"
    dotted = await api.ok("/entity", type_name="user", id=1, attribute_name="primaryAddress.city")
    assert dotted["result"] == "Portland"
    element = await api.ok("/entity", type_name="user", id=1, attribute_name="/statuses#2")
    assert element["result"]["status"] == "active"
    projected = await api.ok(
        "/entity", type_name="user", id=1, attributes=["email", "primaryAddress.country"]
    )
    assert projected["result"] == {
        "email": "alice@example.com",
        "primaryAddress": {"country": "United States"},
    }


async def test_entity_selector_errors(api: Api) -> None:
    missing = await api.error("/entity", 100, type_name="user")
    assert missing["argument_name"] == "uuid"
    assert missing["error"] == "missing_argument"
    duplicate = await api.error("/entity", 201, type_name="user", id=1, uuid="x")
    assert duplicate["error"] == "duplicate_argument"
    bad_uuid = await api.error("/entity", 200, type_name="user", uuid="not-a-uuid")
    assert bad_uuid["argument_name"] == "uuid"
    assert bad_uuid["error"] == "invalid_argument"
    await api.error("/entity", 200, type_name="user", id="abc")
    await api.error("/entity", 310, type_name="user", id=999_999)
    await api.error("/entity", 310, type_name="user", key_attribute="email", key_value='"x@y.z"')
    await api.error("/entity", 200, type_name="user", key_attribute="givenName", key_value='"A"')
    await api.error("/entity", 200, type_name="user", key_attribute="email", key_value="bare")
    await api.error("/entity", 223, type_name="user", key_attribute="nope", key_value='"A"')
    await api.error("/entity", 100, type_name="user", key_attribute="email")


async def test_entity_unknown_type_and_attribute(api: Api) -> None:
    body = await api.error("/entity", 222, type_name="pets", id=1)
    assert body["error"] == "unknown_entity_type"
    await api.error("/entity", 223, type_name="user", id=1, attribute_name="/nope")
    await api.error("/entity", 223, type_name="user", id=1, attributes=["nope.city"])
    await api.error("/entity", 310, type_name="user", id=1, attribute_name="/statuses#999")
    await api.error("/entity", 100, id=1)


async def test_entity_timestamp_checks(api: Api) -> None:
    alice = await api.record(1)
    await api.ok("/entity", type_name="user", id=1, created=alice["created"])
    await api.ok("/entity", type_name="user", id=1, lastUpdated=alice["lastUpdated"])
    await api.ok("/entity", type_name="user", id=1, last_updated=alice["lastUpdated"])
    body = await api.error("/entity", 330, type_name="user", id=1, lastUpdated="2001-01-01")
    assert body["error"] == "timestamp_mismatch"
    await api.error("/entity", 330, type_name="user", id=1, created="2001-01-01 00:00:00")


async def test_entity_password_check(api: Api) -> None:
    await api.ok(
        "/entity",
        type_name="user",
        id=1,
        password_attribute="password",
        password_value="Password1!",
    )
    body = await api.error(
        "/entity", 350, type_name="user", id=1, password_attribute="password", password_value="no"
    )
    assert body["error"] == "password_mismatch"
    await api.error(
        "/entity", 200, type_name="user", id=1, password_attribute="email", password_value="x"
    )


async def test_get_is_accepted_with_query_parameters(api: Api) -> None:
    response = await api.http.get(
        "/entity",
        params={"type_name": "user", "id": "1"},
        auth=(api.clients["owner"]["client_id"], api.clients["owner"]["client_secret"]),
    )
    assert response.json()["result"]["id"] == 1
    assert response.headers["cache-control"] == "no-store"


async def test_entity_type_and_list(api: Api) -> None:
    schema = (await api.ok("/entityType", "login_client", type_name="user"))["schema"]
    names = [attr["name"] for attr in schema["attr_defs"]]
    assert names[:4] == ["id", "uuid", "created", "lastUpdated"]
    email = next(attr for attr in schema["attr_defs"] if attr["name"] == "email")
    assert email["constraints"] == ["unique", "email-address"]
    assert email["case-sensitive"] is False
    statuses = next(attr for attr in schema["attr_defs"] if attr["name"] == "statuses")
    assert statuses["type"] == "plural"
    await api.error("/entityType", 222, type_name="nope")
    listed = await api.ok("/entityType.list")
    assert listed["results"] == ["consent", "user"]  # the second demo type
    await api.error("/entityType.list", 403, "direct_access")
