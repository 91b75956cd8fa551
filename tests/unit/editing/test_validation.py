"""Validation against an entityType schema: errors name the field."""

from __future__ import annotations

from capture_desktop.editing.schema import schema_from
from capture_desktop.editing.validation import parse_json, validate_record, validate_text

SCHEMA = schema_from(
    {
        "name": "user",
        "attr_defs": [
            {"name": "id", "type": "id"},
            {"name": "uuid", "type": "uuid"},
            {"name": "lastUpdated", "type": "dateTime"},
            {"name": "email", "type": "string", "length": 20, "constraints": ["required"]},
            {"name": "birthday", "type": "date"},
            {"name": "lastLogin", "type": "dateTime"},
            {"name": "age", "type": "integer"},
            {"name": "optIn", "type": "boolean"},
            {
                "name": "primaryAddress",
                "type": "object",
                "attr_defs": [{"name": "city", "type": "string", "length": 5}],
            },
            {
                "name": "statuses",
                "type": "plural",
                "attr_defs": [
                    {"name": "status", "type": "string"},
                    {"name": "rank", "type": "integer"},
                ],
            },
        ],
    }
)


def _paths(data: object, creating: bool = False) -> dict[str, str]:
    return {i.path: i.message for i in validate_record(SCHEMA, data, creating=creating)}


def test_a_good_record_passes() -> None:
    good = {
        "id": 1,
        "uuid": "u",
        "lastUpdated": "whatever the server said",
        "email": "a@b.c",
        "birthday": "2001-02-03",
        "lastLogin": "2016-03-13 19:39:17 +0000",
        "age": 3,
        "optIn": False,
        "primaryAddress": {"city": "Oslo"},
        "statuses": [{"id": 5, "status": "ok", "rank": 1}, {"status": "new"}],
    }
    assert validate_record(SCHEMA, good) == []


def test_types_lengths_dates_and_nesting_point_to_the_field() -> None:
    bad = {
        "email": "x" * 21,
        "birthday": "2001-13-03",
        "lastLogin": "yesterday-ish",
        "age": "3",
        "optIn": "no",
        "primaryAddress": {"city": "Amsterdam"},
        "statuses": [{"status": "ok"}, {"rank": 1.5}],
        "nickname": "z",
    }
    paths = _paths(bad)
    assert "at most 20" in paths["email"]
    assert "YYYY-MM-DD" in paths["birthday"]
    assert "date-time" in paths["lastLogin"]
    assert "whole number" in paths["age"]
    assert "true or false" in paths["optIn"]
    assert "at most 5" in paths["primaryAddress.city"]
    assert "whole number" in paths["statuses[1].rank"]
    assert "unknown" in paths["nickname"]


def test_required_on_create_and_null() -> None:
    assert "required" in _paths({}, creating=True)["email"]
    assert "email" not in _paths({})  # a merge need not repeat it
    assert "required" in _paths({"email": None})["email"]


def test_json_syntax_error_has_a_position() -> None:
    value, issue = parse_json('{\n  "email": "a",\n  oops\n}')
    assert value is None and issue is not None
    assert issue.line == 3
    assert validate_text(SCHEMA, "[1]")[0].message.startswith("the record must be")
