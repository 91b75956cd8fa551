"""Build entity.find filter text from builder rows (Qt-free).

Capture's filter language (capture-api.md §3.2): ``is null``/``is not null``, ``not``, the
comparisons ``> >= < <= = !=``, then ``and`` (binds tighter) and ``or``. Strings and timestamps
go in single quotes; numbers and booleans do not. There is no ``contains`` (error 485) and an
email matches its full address only, so the builder warns where users would trip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from capture_desktop.api.filters import string_literal
from capture_desktop.editing.schema import Attr

NULL_OPS: tuple[str, ...] = ("is null", "is not null")
EQUALITY_OPS: tuple[str, ...] = ("=", "!=")
ORDER_OPS: tuple[str, ...] = ("<", "<=", ">", ">=")

NUMERIC_TYPES: frozenset[str] = frozenset({"integer", "decimal", "id"})
TIME_TYPES: frozenset[str] = frozenset({"date", "dateTime"})
# Types a filter cannot usefully compare by value.
NULL_ONLY_TYPES: frozenset[str] = frozenset({"json", "password", "object", "plural"})

JOINS: tuple[str, ...] = ("and", "or")


class FilterValueError(ValueError):
    """A builder row whose value does not fit its attribute type."""


def operators_for(attr_type: str) -> tuple[str, ...]:
    """The operators that make sense for an attribute of ``attr_type``."""
    if attr_type in NULL_ONLY_TYPES:
        return NULL_OPS
    if attr_type in ("boolean", "uuid"):
        return EQUALITY_OPS + NULL_OPS
    return EQUALITY_OPS + ORDER_OPS + NULL_OPS


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?( ?[+-]\d{4}|Z)?$"
)


def literal(attr_type: str, value: str) -> str:
    """Render ``value`` as a filter literal for ``attr_type``; raise FilterValueError if it
    cannot be one."""
    text = value.strip()
    if attr_type in NUMERIC_TYPES:
        pattern = r"^-?\d+$" if attr_type != "decimal" else r"^-?\d+(\.\d+)?$"
        if not re.match(pattern, text):
            raise FilterValueError(f"{text or '(empty)'} is not a number")
        return text
    if attr_type == "boolean":
        low = text.lower()
        if low not in ("true", "false"):
            raise FilterValueError("use true or false")
        return low
    if attr_type == "date" and not _DATE_RE.match(text):
        raise FilterValueError("dates look like 2024-01-31")
    if attr_type == "dateTime" and not _DATETIME_RE.match(text):
        raise FilterValueError("times look like 2024-01-31 or 2024-01-31 13:45:00")
    return string_literal(value)


@dataclass(frozen=True)
class FilterRow:
    """One builder row: ``<join> <path> <op> <value>``; the first row's join is ignored."""

    path: str
    attr_type: str
    op: str
    value: str = ""
    join: str = "and"

    def render(self) -> str:
        if self.op not in operators_for(self.attr_type):
            raise FilterValueError(f"'{self.op}' does not apply to a {self.attr_type} attribute")
        if self.op in NULL_OPS:
            return f"{self.path} {self.op}"
        return f"{self.path} {self.op} {literal(self.attr_type, self.value)}"


def build_filter(rows: list[FilterRow]) -> str:
    """The filter text for ``rows`` ('' for no rows). ``and`` binds tighter than ``or``, as
    on the server, so ``a and b or c`` means ``(a and b) or c``."""
    parts: list[str] = []
    for i, row in enumerate(rows):
        if i:
            join = row.join if row.join in JOINS else "and"
            parts.append(join)
        parts.append(row.render())
    return " ".join(parts)


def is_email_attr(attr: Attr | None, path: str) -> bool:
    if attr is not None and "email-address" in attr.constraints:
        return True
    return path.rsplit(".", maxsplit=1)[-1].lower() == "email"


def row_hints(row: FilterRow, attr: Attr | None = None) -> list[str]:
    """Plain-words warnings for a row, where Capture behaves differently than people expect."""
    hints: list[str] = []
    value = row.value.strip()
    if row.op in NULL_OPS:
        return hints
    partial = "@" not in value or value.startswith("@")
    if is_email_attr(attr, row.path) and row.op in EQUALITY_OPS and partial:
        hints.append(
            "Email matches the full address only: a domain or part of an address finds "
            "nothing. Enter e.g. jane@example.com."
        )
    if any(ch in value for ch in "*%") and row.attr_type not in NUMERIC_TYPES:
        hints.append(
            "Wildcards are not supported and Capture has no 'contains' search: the value is "
            "matched literally."
        )
    if row.attr_type == "string" and row.op in ORDER_OPS:
        hints.append("Strings compare in ASCII order (A–Z sorts before a–z).")
    return hints


_CONTAINS_RE = re.compile(r"(?<!['\w])contains(?![\w'])", re.IGNORECASE)
_LIKE_RE = re.compile(r"(?<!['\w])(like|ilike)(?![\w'])", re.IGNORECASE)


def raw_hints(text: str) -> list[str]:
    """Warnings for hand-written filter text, before it is sent."""
    hints: list[str] = []
    if _CONTAINS_RE.search(text):
        hints.append(
            "Capture removed the 'contains' operator; the server answers error 485. "
            "Use = with the full value, or a range with >= and <."
        )
    if _LIKE_RE.search(text):
        hints.append("Capture filters have no LIKE; use = or a range with >= and <.")
    if '"' in text and "'" not in text:
        hints.append("String values go in single quotes: email = 'jane@example.com'.")
    return hints


def split_top_level_or(text: str) -> list[str]:
    """Split filter text at ``or`` keywords outside quotes and parentheses."""
    parts: list[str] = []
    depth = 0
    quote = False
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == "'":
                quote = False
        elif ch == "'":
            quote = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and text[i : i + 2].lower() == "or":
            before = text[i - 1] if i else " "
            after = text[i + 2] if i + 2 < len(text) else " "
            if before.isspace() and after.isspace():
                parts.append(text[start:i].strip())
                start = i + 2
                i += 2
                continue
        i += 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def keyset_filter(user_filter: str, after_id: int | None, *, descending: bool = False) -> str:
    """Combine the user's filter with the keyset condition ``id > N`` used for paging.

    Capture's docs do not promise parentheses, so the bound is distributed over each
    top-level ``or`` branch instead (``and`` binds tighter): ``a or b`` becomes
    ``a and id > N or b and id > N``.
    """
    user = user_filter.strip()
    if after_id is None:
        return user
    cond = f"id {'<' if descending else '>'} {int(after_id)}"
    if not user:
        return cond
    return " or ".join(f"{branch} and {cond}" for branch in split_top_level_or(user))
