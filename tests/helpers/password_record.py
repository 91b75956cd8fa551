"""A user schema with password attributes at every depth (top level, inside an object, inside
plural elements) and a record as the server returns it: shared by the Qt-free password tests
and the record editor's masking tests."""

from __future__ import annotations

from capture_desktop.editing.schema import Schema, schema_from

SCHEMA: Schema = schema_from(
    {
        "name": "user",
        "attr_defs": [
            {"name": "email", "type": "string"},
            {"name": "password", "type": "password"},
            {
                "name": "primaryAddress",
                "type": "object",
                "attr_defs": [
                    {"name": "city", "type": "string"},
                    {"name": "pin", "type": "password"},
                ],
            },
            {
                "name": "accounts",
                "type": "plural",
                "attr_defs": [
                    {"name": "id", "type": "id"},
                    {"name": "site", "type": "string"},
                    {"name": "secret", "type": "password"},
                ],
            },
        ],
    }
)

LOADED = {
    "email": "a@example.com",
    "password": "hash-from-server",
    "primaryAddress": {"city": "Austin", "pin": None},
    "accounts": [{"id": 7, "site": "x", "secret": "old-hash"}],
}
