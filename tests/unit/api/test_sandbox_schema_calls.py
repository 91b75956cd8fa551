"""The core client's schema-management methods against the sandbox (owner only)."""

from __future__ import annotations

import pytest

from capture_desktop.api import CaptureClient, ClientPermissionError, RecordSelector
from tests.unit.api.sandbox_env import SandboxEnv


async def test_create_add_constrain_and_remove(capture: CaptureClient) -> None:
    schema = await capture.entity_type_create(
        "pet", [{"name": "petName", "type": "string", "length": 50}]
    )
    assert [a.name for a in schema.attr_defs][:4] == ["id", "uuid", "created", "lastUpdated"]
    assert "pet" in await capture.entity_type_list()
    created = await capture.entity_create("pet", {"petName": "Rex"})
    schema = await capture.entity_type_add_attribute("pet", {"name": "legs", "type": "integer"})
    assert schema.attribute("legs") is not None
    record = await capture.entity("pet", RecordSelector.by_uuid(created.uuid or ""))
    assert record.data["legs"] is None  # added to the existing record at once
    schema = await capture.entity_type_set_attribute_constraints("pet", "petName", ["required"])
    pet_name = schema.attribute("petName")
    assert pet_name is not None and pet_name.constraints == ("required",)
    schema = await capture.entity_type_remove_attribute("pet", "legs")
    assert schema.attribute("legs") is None


async def test_schema_calls_need_an_owner(capture: CaptureClient, sandbox: SandboxEnv) -> None:
    with pytest.raises(ClientPermissionError):
        await capture.entity_type_create("pet", [], auth=sandbox.creds("direct_access"))


async def test_purge_and_adopt(capture: CaptureClient) -> None:
    found = await capture.entity_find("user", "statuses is not null", sort_on=["id"])
    first, second = found.results[0], found.results[1]
    child = first["statuses"][0]["id"]
    await capture.entity_adopt("user", int(second["id"]), "statuses", child)
    moved = await capture.entity("user", RecordSelector.by_id(int(second["id"])))
    assert child in [s["id"] for s in moved.data["statuses"]]
    await capture.entity_purge("consent", commit=False)
    assert await capture.entity_count("consent") == 2
    await capture.entity_purge("consent", commit=True)
    assert await capture.entity_count("consent") == 0
