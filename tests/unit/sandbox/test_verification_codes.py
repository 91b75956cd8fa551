"""access/getVerificationCode and access/useVerificationCode, called as the MuleSoft
connector and gedex/php-janrain-api call them: the code stamps a dateTime attribute with the
time it is used, once."""

from __future__ import annotations

from tests.unit.sandbox.conftest import Api, FakeClock


async def _dave(api: Api) -> dict[str, object]:
    found = await api.ok("/entity.find", type_name="user", filter="email = 'dave@example.com'")
    record: dict[str, object] = found["results"][0]
    return record


async def test_a_code_stamps_the_attribute_once(api: Api, clock: FakeClock) -> None:
    dave = await _dave(api)
    assert dave["emailVerified"] is None
    owner = api.clients["owner"]
    issued = await api.http.post(
        "/access/getVerificationCode",
        data={
            "client_id": owner["client_id"],
            "client_secret": owner["client_secret"],
            "type_name": "user",
            "uuid": str(dave["uuid"]),
            "attribute_name": "emailVerified",
            "lifetime": "60",
        },
    )
    code = issued.json()["verification_code"]
    clock.advance(5)
    used = await api.http.post("/access/useVerificationCode", data={"verification_code": code})
    assert used.json() == {"uuid": dave["uuid"], "stat": "ok"}
    stamped = (await _dave(api))["emailVerified"]
    assert stamped == "2027-01-15 08:00:05 +0000"
    again = await api.http.post("/access/useVerificationCode", data={"verification_code": code})
    assert again.json()["code"] == 200


async def test_codes_expire_and_check_their_arguments(api: Api, clock: FakeClock) -> None:
    dave = await _dave(api)
    body = await api.ok(
        "/access/getVerificationCode", type_name="user", id=dave["id"], attribute_name="lastLogin"
    )
    clock.advance(31)  # the default lifetime is 30 s
    expired = await api.error(
        "/access/useVerificationCode", 416, None, verification_code=body["verification_code"]
    )
    assert expired["error"] == "verification_code_expired"
    await api.error("/access/useVerificationCode", 100, None)
    await api.error("/access/useVerificationCode", 200, None, verification_code="nope")
    await api.error("/access/getVerificationCode", 100, type_name="user", id=dave["id"])
    await api.error(
        "/access/getVerificationCode", 223, type_name="user", id=dave["id"], attribute_name="x"
    )
    await api.error(
        "/access/getVerificationCode", 200, type_name="user", id=dave["id"], attribute_name="email"
    )
    await api.error(
        "/access/getVerificationCode",
        403,
        "direct_read_access",
        type_name="user",
        id=dave["id"],
        attribute_name="emailVerified",
    )
