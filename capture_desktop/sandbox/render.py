"""Rendering stored records as Capture returns them, and `attributes` projection."""

from __future__ import annotations

from typing import Any

from capture_desktop.sandbox.errors import ApiFault
from capture_desktop.sandbox.schema import AttrDef, EntityType


def _hide_passwords(attrs: tuple[AttrDef, ...], data: dict[str, Any]) -> None:
    for attr in attrs:
        if attr.type == "password":
            data[attr.name] = None
        elif attr.is_object and isinstance(data.get(attr.name), dict):
            _hide_passwords(attr.children, data[attr.name])
        elif attr.is_plural:
            for element in data.get(attr.name) or []:
                _hide_passwords(attr.children, element)


def render(
    etype: EntityType,
    *,
    record_id: int,
    uuid: str,
    created: str,
    last_updated: str,
    data: dict[str, Any],
) -> dict[str, Any]:
    """The record as the API shows it: system attributes first, passwords as null."""
    out: dict[str, Any] = {
        "id": record_id,
        "uuid": uuid,
        "created": created,
        "lastUpdated": last_updated,
    }
    out.update(data)
    if etype.has_nested_password:
        _hide_passwords(etype.attrs, out)
    else:
        for name in etype.password_names:
            out[name] = None
    return out


def check_projection(etype: EntityType, attributes: list[str], argument: str) -> None:
    for path in attributes:
        if etype.resolve_dotted(path) is None:
            raise ApiFault(223, f"attribute {path} does not exist", argument_name=argument)


def project(record: dict[str, Any], attributes: list[str]) -> dict[str, Any]:
    """Keep only the given dot paths, nesting objects (`primaryAddress.city`) and mapping
    plural children over every element (`statuses.status`)."""
    out: dict[str, Any] = {}
    for path in attributes:
        _copy_path(record, out, path.split("."))
    return out


def _copy_path(source: Any, target: dict[str, Any], parts: list[str]) -> None:
    head, rest = parts[0], parts[1:]
    if not isinstance(source, dict) or head not in source:
        return
    value = source[head]
    if not rest:
        target[head] = value
        return
    if isinstance(value, list):
        existing = target.get(head)
        elements: list[dict[str, Any]] = existing if isinstance(existing, list) else []
        if not elements:
            elements = [{} for _ in value]
        for element, dest in zip(value, elements, strict=True):
            _copy_path(element, dest, rest)
        target[head] = elements
    elif isinstance(value, dict):
        sub = target.get(head)
        sub_dict: dict[str, Any] = sub if isinstance(sub, dict) else {}
        _copy_path(value, sub_dict, rest)
        target[head] = sub_dict
    else:
        target[head] = None
