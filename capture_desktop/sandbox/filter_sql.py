"""Translate a parsed filter and `sort_on` into SQL over the entity table's indexed columns.

Top-level and object attributes map to indexed generated columns; plural children become an
`EXISTS` over the plural's elements. Literals are coerced to the attribute's type here, so a
bad value is an `invalid_argument` for `filter` rather than a silent non-match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from capture_desktop.sandbox.filter_parser import (
    And,
    Compare,
    Condition,
    FilterError,
    IsNull,
    Not,
    Or,
)
from capture_desktop.sandbox.schema import AttrDef, EntityType
from capture_desktop.sandbox.storage import column_name
from capture_desktop.sandbox.timefmt import format_datetime, parse_datetime

_SYSTEM_COLUMNS = {"id": "id", "uuid": "uuid", "created": "created", "lastUpdated": "last_updated"}
_UNFILTERABLE = frozenset({"password", "json", "object"})


@dataclass(frozen=True)
class Target:
    """Where a filter path lives: a column, or a child inside a plural's elements."""

    attr: AttrDef
    column: str | None = None
    plural: str | None = None
    child: str | None = None
    system: bool = False


def resolve(etype: EntityType, path: str) -> Target:
    chain = etype.resolve_dotted(path)
    if chain is None:
        raise FilterError(f"Unknown attribute {path}")
    last = chain[-1]
    if len(chain) == 1 and path in _SYSTEM_COLUMNS:
        return Target(last, column=_SYSTEM_COLUMNS[path], system=True)
    if last.type in _UNFILTERABLE:
        raise FilterError(f"attribute {path} cannot be used in a filter")
    if last.is_plural:
        return Target(last, plural=last.name)
    if len(chain) == 2 and chain[0].is_plural:
        return Target(last, plural=chain[0].name, child=last.name)
    if len(chain) > 2 or (len(chain) == 2 and not chain[0].is_object):
        raise FilterError(f"attribute {path} cannot be used in a filter")
    return Target(last, column=column_name(path))


def _sql_number(value: int | float) -> int | float:
    """SQLite integers are 64-bit; a larger literal still compares correctly as a float."""
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        try:
            return float(value)
        except OverflowError:
            return 1e308 if value > 0 else -1e308
    return value


def coerce(target: Target, path: str, value: Any) -> Any:
    kind = target.attr.type
    if kind in ("integer", "decimal", "id"):
        if isinstance(value, bool):
            raise FilterError(f"{path} expects a number")
        if isinstance(value, str):
            try:
                return _sql_number(int(value.strip()))
            except ValueError:
                try:
                    number = float(value.strip())
                except ValueError:
                    raise FilterError(f"{path} expects a number, got {value!r}") from None
                if not math.isfinite(number):
                    raise FilterError(f"{path} expects a finite number") from None
                return number
        return _sql_number(value)
    if kind == "boolean":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return int(value.lower() == "true")
        if value in (0, 1):
            return value
        raise FilterError(f"{path} expects true or false")
    if isinstance(value, bool):
        raise FilterError(f"{path} expects a string")
    text = value if isinstance(value, str) else str(value)
    if isinstance(value, int | float) and kind in ("string", "uuid"):
        return text
    if kind == "dateTime":
        parsed = parse_datetime(text)
        # Only full timestamps are rewritten; a bare date compares as a prefix of the stored text.
        if parsed is not None and len(text.strip()) > 10:
            if target.system:
                return parsed.strftime("%Y-%m-%d %H:%M:%S.%f +0000")
            return format_datetime(parsed)
    return text


class _Translator:
    def __init__(self, etype: EntityType) -> None:
        self.etype = etype
        self.args: list[Any] = []

    def sql(self, node: Condition) -> str:
        if isinstance(node, And | Or):
            # A chain `a and b and c` is one flat SQL list, not nested parentheses: SQLite's
            # parser stack overflows on a few hundred of those, and Python's recursion on a
            # thousand.
            joiner = " AND " if isinstance(node, And) else " OR "
            return f"({joiner.join(self.sql(part) for part in _chain(node))})"
        if isinstance(node, Not):
            return f"(NOT {self.sql(node.operand)})"
        if isinstance(node, IsNull):
            return self._is_null(node)
        return self._compare(node)

    def _is_null(self, node: IsNull) -> str:
        target = resolve(self.etype, node.path)
        if target.column is not None:
            return f"({target.column} IS {'NOT ' if node.negated else ''}NULL)"
        if target.child is None:
            # A plural "is null" when it has no elements.
            length = f"json_array_length(data, '$.{target.plural}')"
            return f"({length} {'>' if node.negated else '='} 0)"
        exists = self._exists(target, f"json_extract(j.value, '$.{target.child}') IS NOT NULL")
        return exists if node.negated else f"(NOT {exists})"

    def _compare(self, node: Compare) -> str:
        target = resolve(self.etype, node.path)
        if target.plural is not None and target.child is None:
            raise FilterError(f"plural {node.path} can only be tested with is null")
        self.args.append(coerce(target, node.path, node.value))
        if target.column is not None:
            return f"({target.column} {node.op} ?)"
        collate = ""
        if target.attr.type == "string" and not target.attr.case_sensitive:
            collate = " COLLATE NOCASE"
        expr = f"json_extract(j.value, '$.{target.child}'){collate} {node.op} ?"
        return self._exists(target, expr)

    def _exists(self, target: Target, condition: str) -> str:
        # Names come from the schema, never from the request; values are bound parameters.
        source = f"json_each(data, '$.{target.plural}')"
        return f"EXISTS (SELECT 1 FROM {source} AS j WHERE {condition})"  # noqa: S608


def _chain(node: And | Or) -> list[Condition]:
    """The operands of a run of the same operator, left to right, found without recursion."""
    kind = type(node)
    parts: list[Condition] = []
    pending: list[Condition] = [node]
    while pending:
        current = pending.pop()
        if type(current) is kind:
            assert isinstance(current, And | Or)
            pending.append(current.right)
            pending.append(current.left)
        else:
            parts.append(current)
    return parts


def filter_sql(etype: EntityType, condition: Condition | None) -> tuple[str, list[Any]]:
    """(`WHERE` body, arguments) for a parsed filter; `1` when there is none."""
    if condition is None:
        return "1", []
    translator = _Translator(etype)
    return translator.sql(condition), translator.args


def order_sql(etype: EntityType, sort_on: list[str]) -> str:
    """`ORDER BY` body for `sort_on`: `-name` sorts descending; strings sort in ASCII order;
    `id` breaks ties so paging is stable."""
    parts: list[str] = []
    for entry in sort_on:
        descending = entry.startswith("-")
        path = entry[1:] if descending else entry
        try:
            target = resolve(etype, path)
        except FilterError as exc:
            raise FilterError(f"cannot sort on {path}: {exc}") from None
        if target.column is None:
            raise FilterError(f"cannot sort on {path}")
        binary = " COLLATE BINARY" if target.attr.type == "string" else ""
        parts.append(f"{target.column}{binary} {'DESC' if descending else 'ASC'}")
    if not any(part.startswith("id ") for part in parts):
        parts.append("id ASC")
    return ", ".join(parts)
