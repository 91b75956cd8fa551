"""Entity types from JSON: what the real `/entityType` call returns (`{"schema": {"name",
"attr_defs"}, "stat": "ok"}`), a bare `{"name", "attr_defs"}`, or a list of either. Also the
checks `entityType.create` and `entityType.addAttribute` apply to the definitions they take.

Names become SQL column and table names (always quoted), so they are held to Capture's own
shape: a letter or underscore, then letters, digits and underscores.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from capture_desktop.sandbox.schema import (
    PRIMITIVE_TYPES,
    RESERVED,
    SYSTEM_ATTRS,
    AttrDef,
    EntityType,
)

NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
KNOWN_CONSTRAINTS = frozenset(
    {
        "required",
        "unique",
        "locally-unique",
        "alphabetic",
        "alphanumeric",
        "unicode-letters",
        "unicode-printable",
        "email-address",
    }
)
MAX_DEPTH = 8


class SchemaError(ValueError):
    """A schema definition is not usable; the message says where and why."""


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchemaError(f"{where} must be a list of strings")
    return tuple(value)


def attr_from_json(data: Any, where: str = "attr_def", depth: int = 0) -> AttrDef:
    if depth > MAX_DEPTH:
        raise SchemaError(f"{where} nests too deeply")
    if not isinstance(data, dict):
        raise SchemaError(f"{where} must be a JSON object")
    name = data.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise SchemaError(f"{where} has no valid name (letters, digits, underscores)")
    where = f"{where} {name}"
    kind = data.get("type")
    if kind == "version":  # very old schemas typed lastUpdated this way
        kind = "dateTime"
    if kind not in PRIMITIVE_TYPES and kind not in ("object", "plural"):
        raise SchemaError(f"{where} has an unknown type: {kind!r}")
    length = data.get("length")
    if length is not None and (
        isinstance(length, bool) or not isinstance(length, int) or length < 1
    ):
        raise SchemaError(f"{where} has a bad length")
    case_sensitive = data.get("case-sensitive", kind != "string")
    if not isinstance(case_sensitive, bool):
        raise SchemaError(f"{where}: case-sensitive must be true or false")
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise SchemaError(f"{where}: description must be a string")
    children: tuple[AttrDef, ...] = ()
    raw_children = data.get("attr_defs")
    if kind in ("object", "plural"):
        if not isinstance(raw_children, list):
            raise SchemaError(f"{where} needs attr_defs (a list)")
        parsed = [attr_from_json(c, f"{where}.", depth + 1) for c in raw_children]
        if kind == "plural":
            parsed = [c for c in parsed if c.name != "id"]
            parsed.insert(0, AttrDef("id", "id"))
        _no_duplicates(parsed, where)
        children = tuple(parsed)
    elif raw_children:
        raise SchemaError(f"{where} is a {kind} and cannot have attr_defs")
    return AttrDef(
        name,
        kind,
        length=length if kind == "string" else None,
        case_sensitive=case_sensitive,
        constraints=_strings(data.get("constraints"), f"{where} constraints"),
        features=_strings(data.get("features"), f"{where} features"),
        description=description,
        children=children,
    )


def _no_duplicates(attrs: list[AttrDef], where: str) -> None:
    seen: set[str] = set()
    for attr in attrs:
        if attr.name in seen:
            raise SchemaError(f"{where} defines {attr.name} twice")
        seen.add(attr.name)


def entity_type_from_attrs(name: str, attr_defs: Any) -> EntityType:
    """A type from its attribute definitions; the system attributes are always the server's
    own (imported ones are replaced, as Capture adds them itself)."""
    if not NAME_RE.match(name):
        raise SchemaError(f"type name {name!r} is not valid (letters, digits, underscores)")
    if not isinstance(attr_defs, list):
        raise SchemaError("attr_defs must be a JSON array")
    attrs = [attr_from_json(a, "attr_defs") for a in attr_defs]
    attrs = [a for a in attrs if a.name not in RESERVED]
    _no_duplicates(attrs, name)
    return EntityType(name, (*SYSTEM_ATTRS, *attrs))


def types_from_json(data: Any, default_name: str | None = None) -> list[EntityType]:
    """Every type in an `/entityType` answer, a bare schema, or a list of those."""
    items = data if isinstance(data, list) else [data]
    types: list[EntityType] = []
    for wrapped in items:
        item = wrapped
        if isinstance(item, dict) and isinstance(item.get("schema"), dict):
            item = item["schema"]
        if not isinstance(item, dict) or "attr_defs" not in item:
            raise SchemaError("expected the entityType answer: {'schema': {name, attr_defs}}")
        name = item.get("name") or default_name
        if not isinstance(name, str):
            raise SchemaError("the schema has no name")
        types.append(entity_type_from_attrs(name, item["attr_defs"]))
    names = [t.name for t in types]
    if len(set(names)) != len(names):
        raise SchemaError("the same entity type is defined twice")
    return types


def load_schema_file(path: Path) -> list[EntityType]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SchemaError(f"{path}: {exc}") from exc
    try:
        return types_from_json(data, default_name=path.stem)
    except SchemaError as exc:
        raise SchemaError(f"{path}: {exc}") from exc


def dump_type(etype: EntityType) -> str:
    return json.dumps(etype.to_json())


def load_type(text: str) -> EntityType:
    return types_from_json(json.loads(text))[0]
