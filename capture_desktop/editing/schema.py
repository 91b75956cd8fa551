"""A small, Qt-free view of an entityType schema for the Records view.

The core's ``EntityTypeSchema``/``AttrDef`` (or the raw ``attr_defs`` JSON) is converted into
``Attr`` nodes once, so the filter builder, the tree editor and validation share one shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# Set by the server, never written by the client (writing them is error 234).
SYSTEM_ATTRIBUTES: frozenset[str] = frozenset({"id", "uuid", "created", "lastUpdated"})

# Columns shown by default in the results table, when the schema has them.
DEFAULT_COLUMNS: tuple[str, ...] = ("id", "uuid", "email", "displayName", "lastUpdated")

CONTAINER_TYPES: frozenset[str] = frozenset({"object", "plural"})


@dataclass(frozen=True)
class Attr:
    """One attribute definition; ``path`` is the dot path from the record root."""

    name: str
    type: str
    path: str
    length: int | None = None
    constraints: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    case_sensitive: bool = False
    children: tuple[Attr, ...] = ()

    @property
    def required(self) -> bool:
        return "required" in self.constraints

    @property
    def is_system(self) -> bool:
        return self.path in SYSTEM_ATTRIBUTES

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    def child(self, name: str) -> Attr | None:
        for c in self.children:
            if c.name == name:
                return c
        return None


@dataclass(frozen=True)
class Schema:
    """The attributes of one entity type."""

    name: str
    attrs: tuple[Attr, ...] = field(default_factory=tuple)

    def get(self, name: str) -> Attr | None:
        for a in self.attrs:
            if a.name == name:
                return a
        return None

    def find_path(self, dot_path: str) -> Attr | None:
        """The attribute at ``a.b.c`` (objects and plurals both descend)."""
        parts = dot_path.split(".")
        node = self.get(parts[0])
        for part in parts[1:]:
            if node is None:
                return None
            node = node.child(part)
        return node

    def filterable(self) -> Iterator[Attr]:
        """Primitive attributes a filter can name: top level and inside objects, not plurals."""

        def walk(attrs: Iterable[Attr]) -> Iterator[Attr]:
            for a in attrs:
                if a.type == "object":
                    yield from walk(a.children)
                elif a.type != "plural":
                    yield a

        yield from walk(self.attrs)

    def column_paths(self) -> list[str]:
        """Every primitive dot path usable as a results column."""
        return [a.path for a in self.filterable()]

    def default_columns(self) -> list[str]:
        known = set(self.column_paths())
        cols = [c for c in DEFAULT_COLUMNS if c in known]
        return cols or self.column_paths()[:5]


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    """Read a field from an AttrDef-like object or a raw JSON dict."""
    for name in names:
        if isinstance(obj, dict):
            if name in obj:
                return obj[name]
        elif hasattr(obj, name):
            return getattr(obj, name)
    return default


def _convert(defn: Any, prefix: str) -> Attr:
    name = str(_get(defn, "name"))
    path = f"{prefix}.{name}" if prefix else name
    length = _get(defn, "length")
    children = tuple(_convert(c, path) for c in (_get(defn, "attr_defs") or ()))
    return Attr(
        name=name,
        type=str(_get(defn, "type", default="string")),
        path=path,
        length=int(length) if isinstance(length, int) else None,
        constraints=tuple(str(c) for c in (_get(defn, "constraints") or ())),
        features=tuple(str(f) for f in (_get(defn, "features") or ())),
        case_sensitive=bool(_get(defn, "case_sensitive", "case-sensitive", default=False)),
        children=children,
    )


def schema_from(obj: Any) -> Schema:
    """Build a ``Schema`` from an ``EntityTypeSchema``, a ``{"name", "attr_defs"}`` dict or
    the ``{"schema": ...}`` response body."""
    if isinstance(obj, Schema):
        return obj
    if isinstance(obj, dict) and "schema" in obj:
        obj = obj["schema"]
    name = str(_get(obj, "name", default=""))
    defs = _get(obj, "attr_defs") or ()
    return Schema(name=name, attrs=tuple(_convert(d, "") for d in defs))


def _infer_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "decimal"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "plural"
    return "string"


def _infer(name: str, value: Any, prefix: str) -> Attr:
    path = f"{prefix}.{name}" if prefix else name
    kind = {"id": "id", "uuid": "uuid", "created": "dateTime", "lastUpdated": "dateTime"}.get(
        path, _infer_type(value)
    )
    children: tuple[Attr, ...] = ()
    if isinstance(value, dict):
        children = tuple(_infer(k, v, path) for k, v in value.items())
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        children = tuple(_infer(k, v, path) for k, v in value[0].items() if k != "id")
    return Attr(name=name, type=kind, path=path, children=children)


def infer_schema(type_name: str, record: dict[str, Any]) -> Schema:
    """A best-effort schema from one record, for clients that may not read entityType.
    Types are guessed from the JSON values, so validation is looser than with the real one."""
    return Schema(type_name, tuple(_infer(k, v, "") for k, v in record.items()))
