"""/entity.find and /entity.count: the filter language, sorting, paging and projection."""

from __future__ import annotations

import pytest

from tests.unit.sandbox.conftest import Api, FakeClock


async def _emails(api: Api, filter_: str, **extra: object) -> list[str]:
    body = await api.ok(
        "/entity.find", type_name="user", filter=filter_, attributes=["email"], **extra
    )
    return [record["email"] for record in body["results"]]


async def test_find_without_filter_returns_everything_in_id_order(api: Api) -> None:
    body = await api.ok("/entity.find", type_name="user")
    assert body["result_count"] == 4
    assert [r["id"] for r in body["results"]] == sorted(r["id"] for r in body["results"])
    assert "total_count" not in body


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ("email = 'bob@example.com'", ["bob@example.com"]),
        ("email = 'BOB@EXAMPLE.COM'", ["bob@example.com"]),
        ("email = 'bob@example.com' AnD NOT (givenName iS NuLl)", ["bob@example.com"]),
        ("email='bob@example.com' OR email = 'dave@example.com'", ["bob", "dave"]),
        ("givenName = 'Alice' and familyName = 'Anderson'", ["alice"]),
        ("emailVerified is null", ["dave"]),
        ("emailVerified IS NOT NULL and gender = 'male'", ["bob"]),
        ("not (gender = 'female')", ["bob", "dave"]),
        ("! (gender = 'female')", ["bob", "dave"]),
        ("birthday > '1981-06-01'", ["carol", "dave"]),
        ("birthday <= '1981-02-11'", ["alice", "bob"]),
        ("id > 3 and id < 7", ["bob"]),
        ("id >= '4'", ["bob", "carol", "dave"]),
        ("'Bob' = givenName", ["bob"]),
        ("gender = 'female' or gender = 'male' and givenName = 'Bob'", ["alice", "bob", "carol"]),
        ("(gender = 'female' or gender = 'male') and givenName = 'Bob'", ["bob"]),
        ("primaryAddress.city = 'Austin'", ["bob"]),
        ("statuses.status = 'active' and id < 3", ["alice"]),
        ("photos is null and id = 1", ["alice"]),
        ("profiles.identifier = 'https://google.com/profile/carol'", ["carol"]),
        ("givenName = 'Carol'", ["carol"]),
        ("displayName = 'Dave Davis' and lastLogin = null", ["dave"]),
        ("givenName != 'Alice' and givenName != 'Bob'", ["carol", "dave"]),
        ("not emailVerified is null and id > 3", ["bob", "carol"]),
    ],
)
async def test_filter_language(api: Api, filter_: str, expected: list[str]) -> None:
    found = await _emails(api, filter_)
    assert [email.split("@")[0] for email in found] == [e.split("@")[0] for e in expected]


async def test_quotes_inside_strings(api: Api) -> None:
    await api.ok("/entity.update", type_name="user", id=1, attributes={"familyName": "O'Brien"})
    assert await _emails(api, "familyName = 'O\\'Brien'") == ["alice@example.com"]
    assert await _emails(api, "familyName = 'O''Brien'") == ["alice@example.com"]


async def test_contains_is_refused_with_485(api: Api) -> None:
    body = await api.error("/entity.find", 485, type_name="user", filter="email contains 'ali'")
    assert body["error"] == "contains_operator_removed"
    await api.error("/entity.count", 485, type_name="user", filter="email CONTAINS 'ali'")


@pytest.mark.parametrize(
    "filter_",
    [
        "email =",
        "(email = 'a'",
        "email = 'a')",
        "nope = 1",
        "email 'a'",
        "givenName = 'A' and",
        "password = 'x'",
        "primaryAddress = 'x'",
        "id = 'abc'",
        "email > null",
        "statuses = 'x'",
        "email = 'a' = 'b'",
        "not email = 'a'",
        "email",
        "@",
        "EMAIL = 'a'",
        "'unterminated",
    ],
)
async def test_malformed_filters_are_invalid_argument(api: Api, filter_: str) -> None:
    body = await api.error("/entity.find", 200, type_name="user", filter=filter_)
    assert body["argument_name"] == "filter"
    assert body["error_description"].startswith("filter was not valid")


async def test_sort_paging_and_total_count(api: Api) -> None:
    body = await api.ok(
        "/entity.find",
        type_name="user",
        sort_on=["-givenName"],
        max_results=2,
        first_result=1,
        show_total_count=True,
        attributes=["givenName"],
    )
    assert [r["givenName"] for r in body["results"]] == ["Carol", "Bob"]
    assert body["result_count"] == 2
    assert body["total_count"] == 4
    keyset = await api.ok(
        "/entity.find", type_name="user", filter="id > 1", sort_on=["id"], max_results=1
    )
    assert keyset["results"][0]["email"] == "bob@example.com"


async def test_sort_is_ascii_order(api: Api) -> None:
    await api.create_user(email="zed@example.com", givenName="alice")
    body = await api.ok(
        "/entity.find", type_name="user", sort_on=["givenName"], attributes=["givenName"]
    )
    names = [r["givenName"] for r in body["results"]]
    assert names == ["Alice", "Bob", "Carol", "Dave", "alice"]


async def test_find_argument_errors(api: Api) -> None:
    await api.error("/entity.find", 100)
    await api.error("/entity.find", 222, type_name="nope")
    for bad in (0, 10_001, "x"):
        body = await api.error("/entity.find", 200, type_name="user", max_results=bad)
        assert body["argument_name"] == "max_results"
    await api.ok("/entity.find", type_name="user", max_results=10_000)
    await api.error("/entity.find", 200, type_name="user", first_result=-1)
    body = await api.error("/entity.find", 200, type_name="user", sort_on=["nope"])
    assert body["argument_name"] == "sort_on"
    await api.error("/entity.find", 200, type_name="user", sort_on=["statuses.status"])
    await api.error("/entity.find", 200, type_name="user", sort_on="email")
    body = await api.error("/entity.find", 200, type_name="user", attributes="[not json")
    assert body["argument_name"] == "attributes"
    await api.error("/entity.find", 223, type_name="user", attributes=["nope"])
    await api.error("/entity.find", 200, type_name="user", show_total_count="maybe")


async def test_count(api: Api) -> None:
    assert (await api.ok("/entity.count", type_name="user"))["total_count"] == 4
    body = await api.ok("/entity.count", type_name="user", filter="id > 3")
    assert body["total_count"] == 3
    await api.error("/entity.count", 200, type_name="user", filter="id >")


async def test_find_plans_use_indexes(api: Api) -> None:
    """The translation must reach the indexes, or 100k records would be scanned."""
    storage = api.sandbox.storage
    for where in ('"c_email" = ?', "id > ?", '"c_birthday" > ?'):
        plan = storage.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM e_user WHERE {where}",  # noqa: S608
            ("x",),
        ).fetchall()
        detail = " ".join(str(row[-1]) for row in plan)
        assert "USING" in detail and "SCAN" not in detail, detail


async def test_huge_numbers_do_not_overflow_sqlite(api: Api) -> None:
    huge = "9" * 30
    assert await _emails(api, f"id > {huge}") == []
    assert len(await _emails(api, f"id < '{'9' * 400}'")) == 4
    await api.error("/entity", 200, type_name="user", id=huge)
    await api.error("/entity.find", 200, type_name="user", first_result=huge)
    await api.error("/entity", 200, type_name="user", key_attribute="email", key_value=huge)
    await api.error("/entity.create", 340, type_name="user", attributes=f'{{"loginCount": {huge}}}')
    await api.error("/entity.create", 200, type_name="user", attributes='{"loginCount": NaN}')


async def test_timestamp_filters_and_sorting(api: Api, clock: FakeClock) -> None:
    clock.advance(3600)
    first = await api.create_user(email="first@example.com")
    clock.advance(3600)
    second = await api.create_user(email="second@example.com")
    created = (await api.record(first["id"]))["created"]
    assert await _emails(api, f"created > '{created}'") == ["second@example.com"]
    iso = created[:10] + "T" + created[11:19] + "Z"  # the same instant, another spelling
    assert await _emails(api, f"created >= '{iso}' and id >= {first['id']}") == [
        "first@example.com",
        "second@example.com",
    ]
    assert len(await _emails(api, "lastUpdated >= '2016-01-01'")) == 6
    newest = await api.ok("/entity.find", type_name="user", sort_on=["-lastUpdated"], max_results=1)
    assert newest["results"][0]["id"] == second["id"]
