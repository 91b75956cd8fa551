"""Password attributes in the record editor (Qt-free): what to show instead of the value, and
how drafts leave them out.

Capture never shows a password back, and this app never shows one either: the tree and the
diff say ``MASK_SET`` / ``MASK_NEW`` instead, and a draft file never holds one (the record is
written without its password attributes; restoring puts back the server's values, so a
password change has to be typed again).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from capture_desktop.editing.schema import Attr, Schema

MASK_SET = "•••• (set)"
MASK_NEW = "•••• (new value)"
MASK_VALUE = "••••"  # a password inside a larger value (a new plural element)
PASSWORD = "password"  # noqa: S105 - the schema type name, not a secret

_ELEMENT = re.compile(r"(#[^.]*|\[\+?\d+\])")


def schema_path(change_path: str) -> str:
    """``statuses#12.status`` / ``statuses[+0]`` -> the schema's ``statuses.status``."""
    return _ELEMENT.sub("", change_path)


def is_password(schema: Schema | None, change_path: str) -> bool:
    if schema is None:
        return False
    attr = schema.find_path(schema_path(change_path))
    return attr is not None and attr.type == PASSWORD


def _attr_at(schema: Schema | None, change_path: str) -> Attr | None:
    return schema.find_path(schema_path(change_path)) if schema is not None else None


def masked(attr: Attr | None, value: Any) -> Any:
    """``value`` (of ``attr``) with every password inside replaced by ``MASK_VALUE``."""
    if attr is None or value is None:
        return value
    if attr.type == PASSWORD:
        return MASK_VALUE
    if isinstance(value, dict):
        return {k: masked(attr.child(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(attr, v) for v in value]
    return value


def change_texts(schema: Schema | None, path: str, old: Any, new: Any) -> tuple[Any, Any]:
    """The old and new values of one diff row, safe to show."""
    attr = _attr_at(schema, path)
    if attr is not None and attr.type == PASSWORD:
        return (
            None if old is None else MASK_SET,
            None if new is None else MASK_NEW,
        )
    return masked(attr, old), masked(attr, new)


def _children_by_name(attrs: tuple[Attr, ...]) -> dict[str, Attr]:
    return {a.name: a for a in attrs}


def _by_id(value: Any) -> dict[Any, dict[str, Any]]:
    if not isinstance(value, list):
        return {}
    return {e["id"]: e for e in value if isinstance(e, dict) and "id" in e}


def _element(path: str, element: dict[str, Any], index: int) -> str:
    """An element's path as the diff names it: ``statuses#12``, new ones ``statuses[+2]``."""
    eid = element.get("id")
    return f"{path}#{eid}" if eid is not None else f"{path}[+{index}]"


def _strip(
    attrs: tuple[Attr, ...], data: dict[str, Any], base: Any, prefix: str, changed: list[str]
) -> dict[str, Any]:
    known = _children_by_name(attrs)
    base = base if isinstance(base, dict) else {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        attr = known.get(key)
        path = f"{prefix}.{key}" if prefix else key
        if attr is None:
            out[key] = copy.deepcopy(value)
        elif attr.type == PASSWORD:
            if value != base.get(key):
                changed.append(path)
        elif attr.type == "object" and isinstance(value, dict):
            out[key] = _strip(attr.children, value, base.get(key), path, changed)
        elif attr.type == "plural" and isinstance(value, list):
            old = _by_id(base.get(key))
            out[key] = [
                _strip(attr.children, e, old.get(e.get("id")), _element(path, e, i), changed)
                if isinstance(e, dict)
                else copy.deepcopy(e)
                for i, e in enumerate(value)
            ]
        else:
            out[key] = copy.deepcopy(value)
    return out


def without_passwords(
    schema: Schema, data: dict[str, Any], base: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """A copy of ``data`` without password attributes, and the paths of the passwords that
    differed from ``base`` (the changes a restored draft cannot bring back)."""
    changed: list[str] = []
    return _strip(schema.attrs, data, base, "", changed), changed


def _fill(attrs: tuple[Attr, ...], data: dict[str, Any], base: Any) -> dict[str, Any]:
    base = base if isinstance(base, dict) else {}
    out = dict(data)
    for attr in attrs:
        value = out.get(attr.name)
        if attr.type == PASSWORD:
            if attr.name not in out and attr.name in base:
                out[attr.name] = copy.deepcopy(base[attr.name])
        elif attr.type == "object" and isinstance(value, dict):
            out[attr.name] = _fill(attr.children, value, base.get(attr.name))
        elif attr.type == "plural" and isinstance(value, list):
            old = _by_id(base.get(attr.name))
            out[attr.name] = [
                _fill(attr.children, e, old.get(e.get("id"))) if isinstance(e, dict) else e
                for e in value
            ]
    return out


def with_base_passwords(
    schema: Schema, data: dict[str, Any], base: dict[str, Any]
) -> dict[str, Any]:
    """``data`` (a restored draft) with the password attributes of ``base`` (the record as
    loaded) put back, so restoring never turns a password into a removal."""
    return _fill(schema.attrs, data, base)
