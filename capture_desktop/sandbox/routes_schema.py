"""The owner's schema calls: /entityType.create, /entityType.addAttribute,
/entityType.removeAttribute and /entityType.setAttributeConstraints.

Parameters and errors follow capture-api.md 3.10 and the error table: 232 entity_type_exists,
233 attribute_exists, 234 reserved_attribute, 223 unknown_attribute, 200 for a malformed
definition. Each answers with the whole schema, as entityType does. Records follow at once:
an added attribute appears (blank) in every record, a removed one takes its data along.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from capture_desktop.sandbox.dispatch import CLIENT, Operation, op
from capture_desktop.sandbox.errors import ApiFault, invalid
from capture_desktop.sandbox.records import reshape
from capture_desktop.sandbox.schema import RESERVED, AttrDef, EntityType
from capture_desktop.sandbox.schema_json import (
    KNOWN_CONSTRAINTS,
    NAME_RE,
    SchemaError,
    attr_from_json,
    entity_type_from_attrs,
)
from capture_desktop.sandbox.state import Call


def _answer(etype: EntityType) -> dict[str, Any]:
    return {"schema": etype.to_json()}


def _path(call: Call) -> list[str]:
    raw = call.params.require("attribute_name")
    parts = raw.strip("/").replace("/", ".").split(".")
    if not all(NAME_RE.match(part) for part in parts):
        raise invalid("attribute_name", f"{raw} is not an attribute path")
    if parts[0] in RESERVED:
        raise ApiFault(234, f"attribute {parts[0]} is reserved", argument_name="attribute_name")
    return parts


def _replace_in(
    attrs: tuple[AttrDef, ...], parts: list[str], change: Any, where: str = ""
) -> tuple[AttrDef, ...]:
    """`attrs` with the attribute at `parts` replaced by `change(attr)` (None removes it)."""
    head, rest = parts[0], parts[1:]
    found = next((a for a in attrs if a.name == head), None)
    if found is None or (where and head == "id"):
        raise ApiFault(
            223, f"attribute {where}{head} does not exist", argument_name="attribute_name"
        )
    if rest:
        if not found.children:
            raise ApiFault(
                223, f"attribute {where}{head} has no children", argument_name="attribute_name"
            )
        children = _replace_in(found.children, rest, change, f"{where}{head}.")
        replacement: AttrDef | None = dataclasses.replace(found, children=children)
    else:
        replacement = change(found)
    out: list[AttrDef] = []
    for attr in attrs:
        if attr.name != head:
            out.append(attr)
        elif replacement is not None:
            out.append(replacement)
    return tuple(out)


def create(call: Call) -> dict[str, Any]:
    name = call.params.require("type_name")
    attr_defs = call.params.json_array("attr_defs", required=True)
    if name in call.sandbox.storage.types:
        raise ApiFault(232, f"entity type {name} already exists", argument_name="type_name")
    if not NAME_RE.match(name):
        raise invalid("type_name", "use letters, digits and underscores")
    try:
        etype = entity_type_from_attrs(name, attr_defs)
    except SchemaError as exc:
        raise invalid("attr_defs", str(exc)) from exc
    call.sandbox.storage.set_type(etype)
    return _answer(etype)


def add_attribute(call: Call) -> dict[str, Any]:
    etype = call.sandbox.entities.type_from(call.params)
    raw = call.params.json_object("attr_def", required=True)
    try:
        attr = attr_from_json(raw)
    except SchemaError as exc:
        raise invalid("attr_def", str(exc)) from exc
    if attr.name in RESERVED:
        raise ApiFault(234, f"attribute {attr.name} is reserved", argument_name="attr_def")
    if etype.attr(attr.name) is not None:
        raise ApiFault(233, f"attribute {attr.name} already exists", argument_name="attr_def")
    changed = EntityType(etype.name, (*etype.attrs, attr))
    _check_no_nulls(call, changed, [attr.name])  # a new required attribute needs a default
    call.sandbox.storage.set_type(changed)
    return _answer(changed)


def remove_attribute(call: Call) -> dict[str, Any]:
    etype = call.sandbox.entities.type_from(call.params)
    attrs = _replace_in(etype.attrs, _path(call), lambda attr: None)
    changed = EntityType(etype.name, attrs)
    call.sandbox.storage.set_type(changed)
    return _answer(changed)


def set_attribute_constraints(call: Call) -> dict[str, Any]:
    etype = call.sandbox.entities.type_from(call.params)
    parts = _path(call)
    call.params.require("constraints")
    constraints: list[str] = call.params.string_list("constraints") or []
    unknown = sorted(set(constraints) - KNOWN_CONSTRAINTS)
    if unknown:
        raise invalid("constraints", f"unknown constraint: {', '.join(unknown)}")

    def change(attr: AttrDef) -> AttrDef:
        if not attr.is_primitive:
            raise invalid("attribute_name", "constraints apply to primitive attributes")
        return dataclasses.replace(attr, constraints=tuple(constraints))

    changed = EntityType(etype.name, _replace_in(etype.attrs, parts, change))
    if "required" in constraints:
        _check_no_nulls(call, changed, parts)
    call.sandbox.storage.set_type(changed)  # 361 when unique meets duplicates
    return _answer(changed)


def _check_no_nulls(call: Call, etype: EntityType, parts: list[str]) -> None:
    """A new `required` constraint over records that lack the value is refused with 362
    (records are checked as reshaped to the new schema, so a new attribute counts as null)."""
    from capture_desktop.sandbox.validation import check_required

    storage = call.sandbox.storage
    for row in storage.select(etype.name, where="1", args=(), order_by="id", limit=-1, offset=0):
        try:
            check_required(etype.writable(), reshape(etype, row.data))
        except ApiFault as fault:
            raise ApiFault(
                362,
                f"record {row.id} has no value for {'.'.join(parts)}, which would be required",
                argument_name="constraints",
            ) from fault


OPERATIONS: list[Operation] = [
    op("/entityType.create", create, CLIENT, "owner"),
    op("/entityType.addAttribute", add_attribute, CLIENT, "owner"),
    op("/entityType.removeAttribute", remove_attribute, CLIENT, "owner"),
    op("/entityType.setAttributeConstraints", set_attribute_constraints, CLIENT, "owner"),
]
