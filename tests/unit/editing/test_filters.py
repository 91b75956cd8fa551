"""Filter text written by the builder: every operator, quoting, hints and keyset paging."""

from __future__ import annotations

import pytest

from capture_desktop.api.filters import string_literal
from capture_desktop.editing.filters import (
    FilterRow,
    FilterValueError,
    build_filter,
    keyset_filter,
    operators_for,
    raw_hints,
    row_hints,
    split_top_level_or,
)
from capture_desktop.editing.schema import Attr


@pytest.mark.parametrize(
    ("attr_type", "op", "value", "expected"),
    [
        ("string", "=", "jane@example.com", "email = 'jane@example.com'"),
        ("string", "!=", "x", "email != 'x'"),
        ("string", "<", "m", "email < 'm'"),
        ("string", "<=", "m", "email <= 'm'"),
        ("string", ">", "m", "email > 'm'"),
        ("string", ">=", "m", "email >= 'm'"),
        ("string", "is null", "", "email is null"),
        ("string", "is not null", "ignored", "email is not null"),
    ],
)
def test_every_operator_on_a_string(attr_type: str, op: str, value: str, expected: str) -> None:
    assert FilterRow("email", attr_type, op, value).render() == expected


@pytest.mark.parametrize(
    ("attr_type", "op", "value", "expected"),
    [
        ("integer", ">", "25", "age > 25"),
        ("integer", "<=", "-3", "age <= -3"),
        ("decimal", ">=", "1.5", "age >= 1.5"),
        ("id", "=", "42", "age = 42"),
        ("boolean", "=", "TRUE", "age = true"),
        ("boolean", "!=", "false", "age != false"),
        ("date", ">=", "2024-01-31", "age >= '2024-01-31'"),
        ("dateTime", "<", "2024-01-31 13:45:00", "age < '2024-01-31 13:45:00'"),
        ("uuid", "=", "abc-1", "age = 'abc-1'"),
    ],
)
def test_literals_follow_the_type(attr_type: str, op: str, value: str, expected: str) -> None:
    assert FilterRow("age", attr_type, op, value).render() == expected


def test_quotes_and_backslashes_are_escaped() -> None:
    assert string_literal("o'hara\\x") == "'o\\'hara\\\\x'"
    assert FilterRow("familyName", "string", "=", "O'Hara").render() == "familyName = 'O\\'Hara'"


@pytest.mark.parametrize(
    ("attr_type", "value"),
    [("integer", "ten"), ("boolean", "yes"), ("date", "31/01/2024"), ("dateTime", "noon")],
)
def test_bad_values_are_refused(attr_type: str, value: str) -> None:
    with pytest.raises(FilterValueError):
        FilterRow("x", attr_type, "=", value).render()


def test_operator_sets_fit_the_type() -> None:
    assert operators_for("boolean") == ("=", "!=", "is null", "is not null")
    assert operators_for("json") == ("is null", "is not null")
    assert "<" in operators_for("dateTime")
    with pytest.raises(FilterValueError):
        FilterRow("flag", "boolean", ">", "true").render()


def test_rows_join_with_and_or_in_order() -> None:
    rows = [
        FilterRow("gender", "string", "=", "female"),
        FilterRow("age", "integer", ">", "25", join="and"),
        FilterRow("email", "string", "is null", join="or"),
    ]
    assert build_filter(rows) == "gender = 'female' and age > 25 or email is null"
    assert build_filter([]) == ""


def test_email_hint_for_partial_addresses() -> None:
    email = Attr("email", "string", "email", constraints=("email-address",))
    assert any(
        "full address" in h
        for h in row_hints(FilterRow("email", "string", "=", "example.com"), email)
    )
    assert row_hints(FilterRow("email", "string", "=", "jane@example.com"), email) == []


def test_wildcard_and_contains_hints() -> None:
    assert any("contains" in h for h in row_hints(FilterRow("givenName", "string", "=", "Jo*")))
    assert any("485" in h for h in raw_hints("email contains 'example'"))
    assert raw_hints("displayName = 'contains'") == []
    assert any("single quotes" in h for h in raw_hints('email = "a@b.c"'))


def test_keyset_filter_distributes_over_or() -> None:
    assert keyset_filter("", 7) == "id > 7"
    assert keyset_filter("", None) == ""
    assert keyset_filter("a = 1", 7, descending=True) == "a = 1 and id < 7"
    assert keyset_filter("email = 'x or y' or b = 2", 7) == (
        "email = 'x or y' and id > 7 or b = 2 and id > 7"
    )
    assert split_top_level_or("(a = 1 or b = 2) and c = 3") == ["(a = 1 or b = 2) and c = 3"]
