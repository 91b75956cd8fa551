"""Record semantics: create, update (merge), replace (null-and-renumber), `attribute_name`
paths, rendering and projection. Pure functions over JSON-shaped dicts; storage is elsewhere.

A stored record holds every writable attribute of its type: objects as dicts of all their
children, plurals as lists of elements that each carry a server-assigned `id`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from capture_desktop.sandbox.errors import ApiFault
from capture_desktop.sandbox.schema import RESERVED, AttrDef, EntityType
from capture_desktop.sandbox.validation import check_primitive, check_required

IdAllocator = Callable[[], int]


def blank_value(attr: AttrDef) -> Any:
    if attr.is_object:
        return {child.name: blank_value(child) for child in attr.children}
    if attr.is_plural:
        return []
    return None


def blank_record(etype: EntityType) -> dict[str, Any]:
    return {attr.name: blank_value(attr) for attr in etype.writable()}


def _reshape_children(attrs: tuple[AttrDef, ...], data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attr in attrs:
        value = data.get(attr.name, blank_value(attr))
        if attr.is_object:
            value = _reshape_children(attr.children, value if isinstance(value, dict) else {})
        elif attr.is_plural:
            elements = value if isinstance(value, list) else []
            value = [
                {"id": e.get("id"), **_reshape_children(_element_children(attr), e)}
                for e in elements
                if isinstance(e, dict)
            ]
        out[attr.name] = value
    return out


def _element_children(attr: AttrDef) -> tuple[AttrDef, ...]:
    return tuple(child for child in attr.children if child.name != "id")


def reshape(etype: EntityType, data: dict[str, Any]) -> dict[str, Any]:
    """A stored record fitted to a changed schema: attributes it lacks are added blank, and
    attributes the schema no longer has are dropped (with their data)."""
    return _reshape_children(etype.writable(), data)


def _unknown(path: str) -> ApiFault:
    return ApiFault(223, f"attribute {path} does not exist", argument_name="attributes")


def _wrong_type(path: str, expected: str) -> ApiFault:
    return ApiFault(341, f"attribute {path} expects {expected}", argument_name="attributes")


@dataclass
class Writer:
    """Applies one write operation. `mode` is "create", "update" or "replace"."""

    etype: EntityType
    alloc: IdAllocator
    now: float
    mode: str

    # -- whole-record writes -------------------------------------------------------------
    def apply(self, current: dict[str, Any] | None, attrs: dict[str, Any]) -> dict[str, Any]:
        base = blank_record(self.etype)
        if self.mode == "update" and current is not None:
            base = copy.deepcopy(current)
        for name, value in attrs.items():
            if name in RESERVED:
                if name == "id" and self.mode == "create":
                    raise ApiFault(320, "id given for a new record", argument_name="attributes")
                raise ApiFault(234, f"attribute {name} is reserved", argument_name="attributes")
            attr = self.etype.attr(name)
            if attr is None:
                raise _unknown(name)
            base[name] = self.value(attr, value, name, base.get(name))
        check_required(self.etype.writable(), base)
        return base

    def value(self, attr: AttrDef, value: Any, path: str, current: Any) -> Any:
        if attr.is_object:
            return self._object(attr, value, path, current)
        if attr.is_plural:
            return self._plural(attr, value, path, current)
        return check_primitive(attr, value, path, self.now)

    def _object(self, attr: AttrDef, value: Any, path: str, current: Any) -> dict[str, Any]:
        if value is None:
            return blank_value(attr)  # type: ignore[no-any-return]
        if not isinstance(value, dict):
            raise _wrong_type(path, "an object")
        merge = self.mode == "update" and isinstance(current, dict)
        result = copy.deepcopy(current) if merge else blank_value(attr)
        for name, child_value in value.items():
            child = attr.child(name)
            if child is None:
                raise _unknown(f"{path}.{name}")
            result[name] = self.value(child, child_value, f"{path}.{name}", result.get(name))
        return result  # type: ignore[no-any-return]

    def _plural(self, attr: AttrDef, value: Any, path: str, current: Any) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise _wrong_type(path, "an array")
        existing: list[dict[str, Any]] = list(current or []) if self.mode == "update" else []
        result = copy.deepcopy(existing)
        for element in value:
            if not isinstance(element, dict):
                raise _wrong_type(path, "an array of objects")
            element_id = element.get("id")
            if element_id is None:
                result.append(self.element(attr, element, path, None))
                continue
            if self.mode != "update":
                raise ApiFault(
                    320, f"id given for a new element of {path}", argument_name="attributes"
                )
            index = _element_index(result, element_id, path)
            result[index] = self.element(attr, element, path, result[index])
        return result

    def element(
        self, attr: AttrDef, value: dict[str, Any], path: str, current: dict[str, Any] | None
    ) -> dict[str, Any]:
        """A plural element: new elements get a fresh id; existing ones keep theirs and merge."""
        result: dict[str, Any] = {"id": self.alloc() if current is None else current["id"]}
        result.update({c.name: blank_value(c) for c in attr.children if c.name != "id"})
        if current is not None:
            result.update(copy.deepcopy(current))
        for name, child_value in value.items():
            if name == "id":
                continue
            child = attr.child(name)
            if child is None:
                raise _unknown(f"{path}.{name}")
            result[name] = self.value(child, child_value, f"{path}.{name}", result.get(name))
        return result

    # -- attribute_name writes -----------------------------------------------------------
    def apply_path(self, current: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
        segments = parse_path(path)
        if not segments:
            if not isinstance(value, dict):
                raise _wrong_type("/", "an object")
            return self.apply(current, value)
        data = copy.deepcopy(current)
        loc = locate(self.etype, data, segments, write=True)
        if loc.element_index is not None:
            if not isinstance(value, dict):
                raise _wrong_type(path, "an object")
            plural = loc.container[loc.key]
            old = plural[loc.element_index]
            base = old if self.mode == "update" else {"id": old["id"]}
            if "id" in value and value["id"] != old["id"]:
                raise ApiFault(234, "plural element ids cannot change", argument_name="value")
            plural[loc.element_index] = self.element(loc.attr, value, path, base)
        else:
            loc.container[loc.key] = self.value(loc.attr, value, path, loc.container.get(loc.key))
        check_required(self.etype.writable(), data)
        return data


def delete_path(etype: EntityType, current: dict[str, Any], path: str) -> dict[str, Any]:
    """entity.delete with attribute_name: drop a plural element, or null an attribute."""
    segments = parse_path(path)
    data = copy.deepcopy(current)
    loc = locate(etype, data, segments, write=True)
    if loc.element_index is not None:
        del loc.container[loc.key][loc.element_index]
    else:
        loc.container[loc.key] = blank_value(loc.attr)
    check_required(etype.writable(), data)
    return data


@dataclass
class Location:
    container: dict[str, Any]
    key: str
    attr: AttrDef
    element_index: int | None = None


def parse_path(path: str) -> list[tuple[str, int | None]]:
    """`/statuses#12/status`, `primaryAddress/city`, `primaryAddress.city`, `/` -> segments."""
    text = path.strip()
    text = text.strip("/") if "/" in text else text.replace(".", "/")
    if not text:
        return []
    segments: list[tuple[str, int | None]] = []
    for part in text.split("/"):
        name, _, raw_id = part.partition("#")
        element_id: int | None = None
        if raw_id:
            try:
                element_id = int(raw_id)
            except ValueError as exc:
                raise ApiFault(
                    200,
                    f"attribute_name was not valid for the following reason: bad id in {part}",
                    argument_name="attribute_name",
                ) from exc
        if not name:
            raise ApiFault(
                200,
                "attribute_name was not valid for the following reason: empty path segment",
                argument_name="attribute_name",
            )
        segments.append((name, element_id))
    return segments


def locate(
    etype: EntityType, data: dict[str, Any], segments: list[tuple[str, int | None]], *, write: bool
) -> Location:
    if not segments:
        raise ApiFault(
            200,
            "attribute_name was not valid for the following reason: it names the whole record",
            argument_name="attribute_name",
        )
    container: dict[str, Any] = data
    children = etype.attrs
    walked = ""
    loc: Location | None = None
    for position, (name, element_id) in enumerate(segments):
        walked = f"{walked}/{name}"
        attr = next((a for a in children if a.name == name), None)
        if attr is None or (attr.name == "id" and position > 0):
            raise ApiFault(
                223, f"attribute {walked} does not exist", argument_name="attribute_name"
            )
        if position == 0 and name in RESERVED and write:
            raise ApiFault(234, f"attribute {name} is reserved", argument_name="attribute_name")
        last = position == len(segments) - 1
        if element_id is not None:
            if not attr.is_plural:
                raise ApiFault(
                    200,
                    f"attribute_name was not valid for the following reason: "
                    f"{walked} is not a plural",
                    argument_name="attribute_name",
                )
            index = _element_index(container.get(name) or [], element_id, walked)
            walked = f"{walked}#{element_id}"
            if last:
                return Location(container, name, attr, index)
            container = container[name][index]
            children = attr.children
            continue
        if last:
            loc = Location(container, name, attr)
            break
        if not attr.is_object:
            raise ApiFault(
                223, f"attribute {walked} has no children", argument_name="attribute_name"
            )
        container = container.setdefault(name, blank_value(attr))
        children = attr.children
    assert loc is not None
    return loc


def _element_index(elements: list[dict[str, Any]], element_id: Any, path: str) -> int:
    for index, element in enumerate(elements):
        if element.get("id") == element_id:
            return index
    raise ApiFault(310, f"no element {element_id} in {path}", argument_name="attribute_name")


def read_path(etype: EntityType, record: dict[str, Any], path: str) -> Any:
    segments = parse_path(path)
    if not segments:
        return record
    loc = locate(etype, record, segments, write=False)
    if loc.element_index is not None:
        return loc.container[loc.key][loc.element_index]
    return loc.container.get(loc.key)
