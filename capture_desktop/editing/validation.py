"""Check an edited record against its entityType schema before it is sent (Qt-free).

Catches what the server would refuse with 340-363 (JSON type, date format, length, required)
and points at the field by its path (``primaryAddress.city``, ``statuses[2].status``), so the
editor can select it. System attributes are skipped: the server owns them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from capture_desktop.editing.schema import Attr, Schema

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?"
    r"( ?([+-]\d{2}:?\d{2}|Z|UTC))?$"
)
_IP_RE = re.compile(r"^[0-9A-Fa-f:.]+$")


@dataclass(frozen=True)
class Issue:
    """One problem: ``path`` names the field ('' for the whole document)."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path or (f"line {self.line}, column {self.column}" if self.line else "JSON")
        return f"{where}: {self.message}"


def parse_json(text: str) -> tuple[Any, Issue | None]:
    """Parse the JSON tab's text; a syntax error comes back as an Issue with line/column."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, Issue("", f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno)


def _valid_date(text: str) -> bool:
    if not _DATE_RE.match(text):
        return False
    y, m, d = (int(p) for p in text.split("-"))
    return 1 <= m <= 12 and 1 <= d <= 31 and y > 0


def _check_primitive(attr: Attr, value: Any, path: str) -> list[Issue]:
    t = attr.type
    if t == "boolean" and not isinstance(value, bool):
        return [Issue(path, "must be true or false")]
    if t in ("integer", "id"):
        if isinstance(value, bool) or not isinstance(value, int):
            return [Issue(path, "must be a whole number")]
    elif t == "decimal":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [Issue(path, "must be a number")]
    elif t in ("string", "password", "uuid", "ipAddress", "date", "dateTime"):
        if not isinstance(value, str):
            return [Issue(path, "must be text (a JSON string)")]
        if t == "date" and not _valid_date(value):
            return [Issue(path, "is not a date; use YYYY-MM-DD, e.g. 2024-01-31")]
        if t == "dateTime" and (not _DATETIME_RE.match(value) or not _valid_date(value[:10])):
            return [Issue(path, "is not a date-time; use e.g. 2024-01-31 13:45:00 +0000")]
        if t == "ipAddress" and not _IP_RE.match(value):
            return [Issue(path, "is not an IP address")]
        if attr.length is not None and len(value) > attr.length:
            return [Issue(path, f"is {len(value)} characters; at most {attr.length} allowed")]
    return []


def _check(attr: Attr, value: Any, path: str, *, creating: bool) -> list[Issue]:
    if value is None:
        if attr.required and not attr.is_system:
            return [Issue(path, "is required")]
        return []
    if attr.type == "object":
        if not isinstance(value, dict):
            return [Issue(path, "must be an object ({...})")]
        return _check_children(attr.children, value, path, creating=creating)
    if attr.type == "plural":
        if not isinstance(value, list):
            return [Issue(path, "must be a list ([...])")]
        issues: list[Issue] = []
        for i, element in enumerate(value):
            epath = f"{path}[{i}]"
            if not isinstance(element, dict):
                issues.append(Issue(epath, "each element must be an object ({...})"))
                continue
            issues.extend(_check_children(attr.children, element, epath, creating=creating))
        return issues
    if attr.type == "json":
        return []
    return _check_primitive(attr, value, path)


def _check_children(
    attrs: tuple[Attr, ...], data: dict[str, Any], prefix: str, *, creating: bool
) -> list[Issue]:
    issues: list[Issue] = []
    known = {a.name: a for a in attrs}
    for key in data:
        if key not in known and key != "id":
            where = f"{prefix}.{key}" if prefix else key
            issues.append(Issue(where, "is not in the schema (unknown attribute)"))
    for attr in attrs:
        path = f"{prefix}.{attr.name}" if prefix else attr.name
        if attr.is_system and not prefix:
            continue
        if attr.name not in data:
            # A missing required attribute only matters when the whole record is written.
            if attr.required and creating:
                issues.append(Issue(path, "is required"))
            continue
        issues.extend(_check(attr, data[attr.name], path, creating=creating))
    return issues


def validate_record(schema: Schema, data: Any, *, creating: bool = False) -> list[Issue]:
    """All problems of ``data`` against ``schema``; an empty list means it may be sent."""
    if not isinstance(data, dict):
        return [Issue("", "the record must be a JSON object ({...})")]
    return _check_children(schema.attrs, data, "", creating=creating)


def validate_text(schema: Schema, text: str, *, creating: bool = False) -> list[Issue]:
    """Parse and validate the JSON tab's text in one go."""
    data, syntax = parse_json(text)
    if syntax is not None:
        return [syntax]
    return validate_record(schema, data, creating=creating)
