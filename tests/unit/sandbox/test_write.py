"""Writes: entity.create, bulkCreate, update (merge), replace (null and renumber), delete,
attribute_name paths, optimistic checks, and the schema-violation codes 320-363."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.sandbox.conftest import Api


async def test_create_returns_id_and_uuid_and_optionally_the_record(api: Api) -> None:
    body = await api.ok(
        "/entity.create",
        type_name="user",
        attributes={
            "email": "new@example.com",
            "password": "secret",
            "birthday": "1999-12-31",
            "emailVerified": "2020-01-02T03:04:05Z",
            "statuses": [{"status": "active"}, {"status": "vip"}],
        },
        include_record=True,
    )
    record = body["result"]
    assert record["id"] == body["id"] and record["uuid"] == body["uuid"]
    assert record["password"] is None
    assert record["birthday"] == "1999-12-31"
    assert record["emailVerified"] == "2020-01-02 03:04:05 +0000"
    assert [s["id"] for s in record["statuses"]] == [body["id"] + 1, body["id"] + 2]
    assert record["created"] == record["lastUpdated"]
    plain = await api.create_user(email="other@example.com")
    assert "result" not in plain
    assert plain["id"] == body["id"] + 3  # records and elements share one counter


@pytest.mark.parametrize(
    ("attributes", "code"),
    [
        ({"id": 5}, 320),
        ({"statuses": [{"id": 3, "status": "x"}]}, 320),
        ({"uuid": "6a2f41a3-c54c-fce8-32d2-0324e1c32e22"}, 234),
        ({"created": "2020-01-01"}, 234),
        ({"lastUpdated": "2020-01-01"}, 234),
        ({"nope": 1}, 223),
        ({"primaryAddress": {"planet": "Mars"}}, 223),
        ({"statuses": [{"colour": "red", "status": "x"}]}, 223),
        ({"loginCount": 1.5}, 340),
        ({"givenName": 5}, 341),
        ({"loginCount": "5"}, 341),
        ({"primaryAddress": "Main Street"}, 341),
        ({"statuses": {"status": "x"}}, 341),
        ({"statuses": ["x"]}, 341),
        ({"birthday": "31/31/1999"}, 342),
        ({"emailVerified": "yesterday-ish"}, 342),
        ({"email": "not-an-email"}, 360),
        ({"primaryAddress": {"zip": "12-34"}}, 360),
        ({"email": "ALICE@example.com"}, 361),
        ({"profiles": [{"identifier": "a"}, {"identifier": "a"}]}, 361),
        ({"statuses": [{"statusCreated": "2020-01-01"}]}, 362),
        ({"profiles": [{"domain": "x"}]}, 362),
        ({"displayName": "x" * 256}, 363),
    ],
)
async def test_create_schema_violations(api: Api, attributes: dict[str, Any], code: int) -> None:
    body = await api.error("/entity.create", code, type_name="user", attributes=attributes)
    assert body["error"]
    count = await api.ok("/entity.count", type_name="user")
    assert count["total_count"] == 4  # nothing was written


async def test_create_argument_errors(api: Api) -> None:
    await api.error("/entity.create", 100, type_name="user")
    body = await api.error("/entity.create", 200, type_name="user", attributes="{nope")
    assert body["argument_name"] == "attributes"
    assert "not syntactically valid" in body["error_description"]
    await api.error("/entity.create", 200, type_name="user", attributes=[1])
    await api.error("/entity.create", 222, type_name="nope", attributes={})
    await api.error("/entity.create", 100, attributes={})


async def test_bulk_create_reports_each_record(api: Api) -> None:
    body = await api.ok(
        "/entity.bulkCreate",
        type_name="user",
        all_attributes=[
            {"email": "one@example.com"},
            {"email": "alice@example.com"},
            "not an object",
            {"email": "two@example.com"},
        ],
    )
    results, uuids = body["results"], body["uuid_results"]
    assert isinstance(results[0], int) and isinstance(results[3], int)
    assert results[1]["code"] == 361 and uuids[1]["code"] == 361
    assert results[2]["code"] == 200
    assert len(uuids[0]) == 36
    assert (await api.ok("/entity.count", type_name="user"))["total_count"] == 6
    await api.error("/entity.bulkCreate", 100, type_name="user")
    await api.error("/entity.bulkCreate", 200, type_name="user", all_attributes={"a": 1})


async def test_update_merges_and_appends_plural_elements(api: Api) -> None:
    before = await api.record(1)
    body = await api.ok(
        "/entity.update",
        type_name="user",
        id=1,
        attributes={
            "givenName": "Alicia",
            "primaryAddress": {"zip": "97201"},
            "statuses": [{"status": "vip"}, {"id": 2, "status": "gold"}],
        },
        include_record=True,
    )
    after = body["result"]
    assert after["givenName"] == "Alicia"
    assert after["familyName"] == before["familyName"]  # untouched
    assert after["primaryAddress"]["city"] == "Portland"  # object merge keeps other children
    assert after["primaryAddress"]["zip"] == "97201"
    statuses = {s["id"]: s for s in after["statuses"]}
    assert statuses[2]["status"] == "gold"
    assert statuses[2]["statusCreated"] == before["statuses"][0]["statusCreated"]
    assert len(statuses) == 2
    assert after["profiles"] == before["profiles"]
    assert after["lastUpdated"] > before["lastUpdated"]
    assert after["created"] == before["created"]
    await api.error(
        "/entity.update", 310, type_name="user", id=1, attributes={"statuses": [{"id": 999}]}
    )
    await api.error("/entity.update", 234, type_name="user", id=1, attributes={"id": 1})
    await api.error("/entity.update", 234, type_name="user", id=1, attributes={"uuid": "x"})


async def test_update_null_clears(api: Api) -> None:
    await api.ok(
        "/entity.update",
        type_name="user",
        id=1,
        attributes={"givenName": None, "statuses": None, "primaryAddress": None},
    )
    record = await api.record(1)
    assert record["givenName"] is None
    assert record["statuses"] == []
    assert set(record["primaryAddress"].values()) == {None}


async def test_replace_nulls_missing_attributes_and_renumbers(api: Api) -> None:
    before = await api.record(1)
    await api.ok(
        "/entity.replace",
        type_name="user",
        id=1,
        attributes={"email": "alice@example.com", "statuses": [{"status": "again"}]},
    )
    after = await api.record(1)
    assert after["uuid"] == before["uuid"] and after["created"] == before["created"]
    assert after["givenName"] is None and after["profiles"] == []
    assert after["primaryAddress"]["city"] is None
    assert after["statuses"][0]["status"] == "again"
    assert after["statuses"][0]["id"] > max(s["id"] for s in before["statuses"])
    await api.error(
        "/entity.replace",
        320,
        type_name="user",
        id=1,
        attributes={"statuses": [{"id": 2, "status": "x"}]},
    )


async def test_attribute_name_paths_for_update_and_replace(api: Api) -> None:
    await api.ok(
        "/entity.update",
        type_name="user",
        id=1,
        attribute_name="/primaryAddress/city",
        value='"Salem"',
    )
    await api.ok("/entity.update", type_name="user", id=1, attribute_name="givenName", value='"Al"')
    await api.ok(
        "/entity.update",
        type_name="user",
        id=1,
        attribute_name="/statuses#2",
        value={"status": "changed"},
    )
    await api.ok(
        "/entity.update",
        type_name="user",
        id=1,
        attribute_name="/statuses",
        value=[{"status": "appended"}],
    )
    record = await api.record(1)
    assert record["primaryAddress"]["city"] == "Salem"
    assert record["givenName"] == "Al"
    assert [s["status"] for s in record["statuses"]] == ["changed", "appended"]
    assert record["statuses"][0]["statusCreated"] is not None  # element merge
    await api.ok(
        "/entity.replace",
        type_name="user",
        id=1,
        attribute_name="/statuses#2",
        value={"status": "replaced"},
    )
    record = await api.record(1)
    assert record["statuses"][0] == {"id": 2, "status": "replaced", "statusCreated": None}
    await api.ok("/entity.replace", type_name="user", id=1, attribute_name="statuses", value=[])
    assert (await api.record(1))["statuses"] == []
    await api.ok(
        "/entity.replace",
        type_name="user",
        id=1,
        attribute_name="primaryAddress",
        value={"country": "Canada"},
    )
    assert (await api.record(1))["primaryAddress"]["city"] is None


async def test_attribute_name_errors(api: Api) -> None:
    await api.error("/entity.update", 100, type_name="user", id=1, attribute_name="givenName")
    await api.error("/entity.update", 100, type_name="user", id=1)
    await api.error(
        "/entity.update", 223, type_name="user", id=1, attribute_name="/nope", value="1"
    )
    await api.error(
        "/entity.update", 310, type_name="user", id=1, attribute_name="/statuses#77", value="{}"
    )
    await api.error(
        "/entity.update", 234, type_name="user", id=1, attribute_name="/uuid", value='"x"'
    )
    await api.error(
        "/entity.update", 200, type_name="user", id=1, attribute_name="/statuses#x", value="{}"
    )
    await api.error(
        "/entity.update", 200, type_name="user", id=1, attribute_name="givenName", value="{bad"
    )
    await api.error(
        "/entity.update", 341, type_name="user", id=1, attribute_name="/statuses#2", value='"x"'
    )


async def test_optimistic_checks_on_writes(api: Api) -> None:
    record = await api.record(1)
    await api.ok(
        "/entity.update",
        type_name="user",
        id=1,
        attributes={"givenName": "A"},
        lastUpdated=record["lastUpdated"],
    )
    body = await api.error(
        "/entity.update",
        330,
        type_name="user",
        id=1,
        attributes={"givenName": "B"},
        lastUpdated=record["lastUpdated"],
    )
    assert body["argument_name"] == "lastUpdated"
    await api.error(
        "/entity.replace",
        330,
        type_name="user",
        id=1,
        attributes={},
        created="1999-01-01 00:00:00.000000 +0000",
    )
    await api.error("/entity.delete", 330, type_name="user", id=1, last_updated="1999-01-01")
    assert (await api.record(1))["givenName"] == "A"


async def test_unique_violation_on_update(api: Api) -> None:
    body = await api.error(
        "/entity.update", 361, type_name="user", id=1, attributes={"email": "Bob@Example.com"}
    )
    assert body["error"] == "unique_violation"


async def test_delete_record_and_plural_element(api: Api) -> None:
    await api.ok("/entity.delete", type_name="user", id=1, attribute_name="/statuses#2")
    assert (await api.record(1))["statuses"] == []
    await api.ok("/entity.delete", type_name="user", id=1, attribute_name="givenName")
    assert (await api.record(1))["givenName"] is None
    await api.error("/entity.delete", 310, type_name="user", id=1, attribute_name="/statuses#2")
    await api.ok(
        "/entity.delete", type_name="user", key_attribute="email", key_value='"bob@example.com"'
    )
    await api.error("/entity", 310, type_name="user", id=4)
    assert (await api.ok("/entity.count", type_name="user"))["total_count"] == 3


async def test_root_path_is_not_an_attribute_to_delete(api: Api) -> None:
    await api.error("/entity.delete", 200, type_name="user", id=1, attribute_name="/")
    await api.error(
        "/entity", 200, type_name="user", id=1, password_attribute="/", password_value="x"
    )
    body = await api.ok("/entity", type_name="user", id=1, attribute_name="/")
    assert body["result"]["id"] == 1
    await api.ok(
        "/entity.update", type_name="user", id=1, attribute_name="/", value={"givenName": "Al"}
    )
    assert (await api.record(1))["givenName"] == "Al"
