"""The default `user` type follows the documented /entity example record (identitydocs
/entity), plus the `clients` plural that public scripts filter on."""

from __future__ import annotations

from tests.unit.sandbox.conftest import Api

# The keys of the documented example record, and of its primaryAddress.
DOCUMENTED_KEYS = {
    "birthday", "familyName", "profiles", "id", "middleName", "emailVerified", "primaryAddress",
    "gender", "lastUpdated", "password", "photos", "email", "givenName", "currentLocation",
    "deactivateAccount", "lastLogin", "created", "displayName", "uuid", "aboutMe", "display",
    "statuses",
}  # fmt: skip
DOCUMENTED_ADDRESS_KEYS = {
    "company", "address2", "stateAbbreviation", "zipPlus4", "city", "address1", "phone", "zip",
    "mobile", "country",
}  # fmt: skip


async def test_records_have_every_attribute_of_the_documented_example(api: Api) -> None:
    found = await api.ok("/entity.find", type_name="user", max_results=1)
    record = found["results"][0]
    assert set(record) >= DOCUMENTED_KEYS
    assert set(record["primaryAddress"]) >= DOCUMENTED_ADDRESS_KEYS
    assert record["clients"] == []


async def test_the_new_attributes_take_writes_and_filters(api: Api) -> None:
    body = await api.ok(
        "/entity.create",
        type_name="user",
        attributes={
            "email": "n@example.com",
            "middleName": "Quincy",
            "currentLocation": "Lisbon",
            "display": "QN",
            "primaryAddress": {"zip": "94105", "zipPlus4": "1234"},
            "clients": [{"clientId": "abc123", "name": "Web", "firstLogin": "2020-01-02 03:04:05"}],
        },
        include_record=True,
    )
    record = body["result"]
    assert record["middleName"] == "Quincy"
    assert record["primaryAddress"]["zipPlus4"] == "1234"
    client = record["clients"][0]
    assert client["firstLogin"] == "2020-01-02 03:04:05 +0000" and client["lastLogin"] is None
    found = await api.ok("/entity.find", type_name="user", filter="clients is not null")
    assert [r["email"] for r in found["results"]] == ["n@example.com"]
    found = await api.ok("/entity.find", type_name="user", filter="middleName = 'Quincy'")
    assert found["result_count"] == 1
