"""Several entity types, `--schema` import of the real /entityType JSON, and the owner's schema
calls entityType.create, addAttribute, removeAttribute and setAttributeConstraints."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from capture_desktop.sandbox import SandboxConfig, create_app
from tests.helpers.sandbox import ASGI_BASE_URL
from tests.unit.sandbox.conftest import Api, FakeClock

# Two types, as two /entityType answers of a real application would be saved.
IMPORTED: list[dict[str, Any]] = [
    {
        "stat": "ok",
        "schema": {
            "name": "user",
            "attr_defs": [
                {"name": "id", "type": "id"},
                {"name": "uuid", "type": "uuid"},
                {"name": "created", "type": "dateTime"},
                {"name": "lastUpdated", "type": "version"},
                {
                    "name": "email",
                    "type": "string",
                    "length": 256,
                    "case-sensitive": False,
                    "constraints": ["unique", "email-address"],
                    "features": ["query"],
                },
                {"name": "password", "type": "password"},
                {"name": "givenName", "type": "string", "length": 100},
                {"name": "loyaltyTier", "type": "string", "length": 20},
                {
                    "name": "pets",
                    "type": "plural",
                    "attr_defs": [{"name": "petName", "type": "string", "length": 50}],
                },
            ],
        },
    },
    {
        "stat": "ok",
        "schema": {
            "name": "store",
            "attr_defs": [
                {"name": "code", "type": "string", "length": 10, "constraints": ["required"]},
                {"name": "opened", "type": "date"},
                {"name": "extra", "type": "json"},
            ],
        },
    },
]


async def test_the_built_in_types_are_user_and_a_second_demo_type(api: Api) -> None:
    listed = await api.ok("/entityType.list")
    assert listed["results"] == ["consent", "user"]
    consents = await api.ok("/entity.find", type_name="consent", sort_on=["id"])
    assert consents["result_count"] >= 2
    assert consents["results"][0]["id"] == 1  # its own counter, apart from user's
    body = await api.ok(
        "/entity.create",
        type_name="consent",
        attributes={"consent": "sms", "consentAttributes": [{"consentName": "mobile"}]},
        include_record=True,
    )
    assert body["result"]["consentAttributes"][0]["id"] == body["id"] + 1
    await api.error("/entity.create", 361, type_name="consent", attributes={"consent": "sms"})


@pytest.fixture
async def imported(tmp_path: Path) -> AsyncIterator[Api]:
    schema = tmp_path / "app-schema.json"
    schema.write_text(json.dumps(IMPORTED))
    config = SandboxConfig(data_dir=tmp_path / "imported", schema_files=(schema,))
    app = create_app(config, clock=FakeClock())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=ASGI_BASE_URL) as http:
            yield Api(http, app, config.data_dir)


async def test_an_imported_schema_drives_records_filters_and_validation(imported: Api) -> None:
    api = imported
    assert (await api.ok("/entityType.list"))["results"] == ["consent", "store", "user"]
    schema = (await api.ok("/entityType", type_name="user"))["schema"]
    names = [a["name"] for a in schema["attr_defs"]]
    assert names[:4] == ["id", "uuid", "created", "lastUpdated"]
    assert "loyaltyTier" in names and "primaryAddress" not in names
    # The demo users are seeded with the attributes the imported type has.
    alice = await api.ok("/entity.find", type_name="user", filter="email = 'alice@example.com'")
    assert alice["results"][0]["givenName"] == "Alice"
    assert "familyName" not in alice["results"][0]
    created = await api.ok(
        "/entity.create",
        type_name="user",
        attributes={"email": "p@example.com", "loyaltyTier": "gold", "pets": [{"petName": "Rex"}]},
        include_record=True,
    )
    assert created["result"]["pets"][0]["id"] == created["id"] + 1
    found = await api.ok("/entity.find", type_name="user", filter="loyaltyTier = 'gold'")
    assert [r["email"] for r in found["results"]] == ["p@example.com"]
    await api.error("/entity.create", 223, type_name="user", attributes={"familyName": "X"})
    await api.error("/entity.create", 363, type_name="user", attributes={"givenName": "x" * 101})
    store = await api.ok(
        "/entity.create", type_name="store", attributes={"code": "S1", "extra": {"a": [1]}}
    )
    assert store["id"] == 1
    await api.error("/entity.create", 362, type_name="store", attributes={"opened": "2020-01-01"})


async def test_a_bad_schema_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    from capture_desktop.sandbox.schema_json import SchemaError, load_schema_file

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": {"name": "x", "attr_defs": [{"name": "a b"}]}}))
    with pytest.raises(SchemaError, match="valid name"):
        load_schema_file(bad)
    bad.write_text(json.dumps({"schema": {"name": "x", "attr_defs": [{"name": "a", "type": "?"}]}}))
    with pytest.raises(SchemaError, match="unknown type"):
        load_schema_file(bad)


async def test_entity_type_create_is_owner_only_and_checks_its_arguments(api: Api) -> None:
    attr_defs = [{"name": "sku", "type": "string", "length": 20, "constraints": ["unique"]}]
    body = await api.ok("/entityType.create", type_name="product", attr_defs=attr_defs)
    assert [a["name"] for a in body["schema"]["attr_defs"]] == [
        "id", "uuid", "created", "lastUpdated", "sku"
    ]  # fmt: skip
    assert "product" in (await api.ok("/entityType.list"))["results"]
    created = await api.ok("/entity.create", type_name="product", attributes={"sku": "A-1"})
    assert created["id"] == 1
    await api.error("/entityType.create", 232, type_name="product", attr_defs=attr_defs)
    await api.error("/entityType.create", 403, "direct_access", type_name="p2", attr_defs=[])
    await api.error("/entityType.create", 100, type_name="p2")
    body = await api.error("/entityType.create", 200, type_name="p2", attr_defs=[{"x": 1}])
    assert body["argument_name"] == "attr_defs"
    await api.error("/entityType.create", 200, type_name="bad name", attr_defs=[])


async def test_add_and_remove_attribute_reach_every_record(api: Api) -> None:
    attr_def = {"name": "nickname", "type": "string", "length": 50}
    body = await api.ok("/entityType.addAttribute", type_name="user", attr_def=attr_def)
    assert "nickname" in [a["name"] for a in body["schema"]["attr_defs"]]
    alice = await api.ok("/entity.find", type_name="user", filter="email = 'alice@example.com'")
    assert alice["results"][0]["nickname"] is None
    alice_id = alice["results"][0]["id"]
    await api.ok("/entity.update", type_name="user", id=alice_id, attributes={"nickname": "Al"})
    found = await api.ok("/entity.find", type_name="user", filter="nickname = 'Al'")
    assert found["result_count"] == 1
    await api.error("/entityType.addAttribute", 233, type_name="user", attr_def=attr_def)
    needed = {"name": "tier", "type": "string", "constraints": ["required"]}
    await api.error("/entityType.addAttribute", 362, type_name="user", attr_def=needed)
    reserved = {"name": "uuid", "type": "uuid"}
    await api.error("/entityType.addAttribute", 234, type_name="user", attr_def=reserved)
    await api.error("/entityType.addAttribute", 403, "direct_access", type_name="user", attr_def={})

    await api.ok("/entityType.removeAttribute", type_name="user", attribute_name="nickname")
    record = await api.record(alice_id)
    assert "nickname" not in record
    await api.error("/entity.find", 200, type_name="user", filter="nickname = 'Al'")
    await api.error("/entityType.removeAttribute", 223, type_name="user", attribute_name="nope")
    await api.error("/entityType.removeAttribute", 234, type_name="user", attribute_name="id")
    body = await api.ok(
        "/entityType.removeAttribute", type_name="user", attribute_name="primaryAddress.zipPlus4"
    )
    address = next(a for a in body["schema"]["attr_defs"] if a["name"] == "primaryAddress")
    assert "zipPlus4" not in [c["name"] for c in address["attr_defs"]]
    assert "zipPlus4" not in (await api.record(alice_id))["primaryAddress"]


async def test_set_attribute_constraints_replaces_the_set(api: Api) -> None:
    def call(constraints: list[str]) -> dict[str, Any]:
        return {"type_name": "user", "attribute_name": "givenName", "constraints": constraints}

    body = await api.ok("/entityType.setAttributeConstraints", **call(["required", "alphabetic"]))
    given = next(a for a in body["schema"]["attr_defs"] if a["name"] == "givenName")
    assert given["constraints"] == ["required", "alphabetic"]
    await api.error("/entity.create", 362, type_name="user", attributes={"email": "q@example.com"})
    await api.error(
        "/entity.create", 360, type_name="user", attributes={"email": "q@x.com", "givenName": "A1"}
    )
    await api.ok("/entityType.setAttributeConstraints", **call([]))
    await api.ok("/entity.create", type_name="user", attributes={"email": "q@example.com"})
    # Unique over values that already repeat is refused, and the schema stays as it was.
    await api.ok("/entity.create", type_name="user", attributes={"email": "r@x.com", "gender": "m"})
    await api.ok("/entity.create", type_name="user", attributes={"email": "s@x.com", "gender": "m"})
    unique = {"type_name": "user", "attribute_name": "gender", "constraints": ["unique"]}
    await api.error("/entityType.setAttributeConstraints", 361, **unique)
    await api.ok("/entity.create", type_name="user", attributes={"email": "t@x.com", "gender": "m"})
    await api.error("/entityType.setAttributeConstraints", 200, **call(["sparkly"]))
    await api.error("/entityType.setAttributeConstraints", 403, "direct_access", **call([]))


async def test_schema_changes_survive_a_restart(tmp_path: Path) -> None:
    config = SandboxConfig(data_dir=tmp_path / "data")
    for round_trip in range(2):
        app = create_app(config, clock=FakeClock())
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url=ASGI_BASE_URL) as http:
                api = Api(http, app, config.data_dir)
                if round_trip == 0:
                    await api.ok("/entityType.create", type_name="shop", attr_defs=[])
                else:
                    assert "shop" in (await api.ok("/entityType.list"))["results"]
