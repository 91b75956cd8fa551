"""Free-form dateTime input: the forms of Capture's data-types page all mean one instant, and
the output stays canonical. Missing zone means UTC; ambiguous dates read month-day-year."""

from __future__ import annotations

import pytest

from tests.unit.sandbox.conftest import Api

DOCUMENTED_FORMS = (
    "2003-01-02 6:15pm",
    "2 Jan 03 18:15:00.00",
    "01-02-03 6:15pm",
    "January 2, 2003 11:15am -0700",
)


@pytest.mark.parametrize("text", DOCUMENTED_FORMS)
async def test_documented_forms_denote_one_instant(api: Api, text: str) -> None:
    body = await api.ok(
        "/entity.create",
        type_name="user",
        attributes={"email": "t@example.com", "lastLogin": text},
        include_record=True,
    )
    assert body["result"]["lastLogin"] == "2003-01-02 18:15:00 +0000"


async def test_date_attributes_take_the_same_forms(api: Api) -> None:
    body = await api.ok(
        "/entity.create",
        type_name="user",
        attributes={"email": "d@example.com", "birthday": "January 2, 2003"},
        include_record=True,
    )
    assert body["result"]["birthday"] == "2003-01-02"


async def test_a_date_without_time_is_midnight_utc_and_filters_use_the_same_reading(
    api: Api,
) -> None:
    await api.create_user(email="m@example.com", lastLogin="Jan 5 2004")
    found = await api.ok(
        "/entity.find", type_name="user", filter="lastLogin = '2004-01-05 00:00:00 +0000'"
    )
    assert [r["email"] for r in found["results"]] == ["m@example.com"]
    found = await api.ok(
        "/entity.find", type_name="user", filter="lastLogin = 'January 5, 2004 12:00am'"
    )
    assert [r["email"] for r in found["results"]] == ["m@example.com"]


@pytest.mark.parametrize("text", ["yesterday-ish", "31/31/1999", "6:15 on Mars", "3pm EST"])
async def test_unreadable_or_guessing_input_is_342(api: Api, text: str) -> None:
    # An unknown zone name would otherwise be read as UTC: refused rather than guessed.
    await api.error(
        "/entity.create",
        342,
        type_name="user",
        attributes={"email": "x@example.com", "lastLogin": text},
    )
