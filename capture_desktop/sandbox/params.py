"""Request parameters: query and form body merged (form wins), with typed, Capture-style getters.

Every getter raises `ApiFault` with the argument's name, so routes stay free of parsing code.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from capture_desktop.sandbox.errors import ApiFault, invalid, missing

FORM_TYPE = "application/x-www-form-urlencoded"


def parse_body(content_type: str, body: bytes) -> list[tuple[str, str]]:
    """Form fields of a request body. Capture clients send url-encoded forms; other types are
    ignored (Capture does not read JSON bodies either)."""
    if not body:
        return []
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in ("", FORM_TYPE):
        return []
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiFault(200, "request body is not valid UTF-8") from exc
    return parse_qsl(text, keep_blank_values=True)


INT64_MAX = 2**63 - 1
# Deeper values are refused: nothing in a Capture schema nests near this, and every JSON walk
# (storage, rendering, the client's redaction) stays far from Python's recursion limit.
MAX_JSON_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_json_limits(name: str, value: Any) -> None:
    """Refuse a parsed JSON value nested deeper than `MAX_JSON_DEPTH`, or holding a lone
    surrogate (a `\\udc80` escape), which is valid JSON text but not storable Unicode. Walks
    without recursion."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise invalid(name, "the text is not valid Unicode (a lone surrogate)")
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise invalid(name, f"the JSON nests more than {MAX_JSON_DEPTH} levels")
        children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children)


def _reject_constant(name: str) -> Any:
    """NaN and Infinity are not JSON; Python's parser accepts them unless told not to."""
    raise ValueError(f"{name} is not valid JSON")


def fits_int64(value: int) -> bool:
    return -INT64_MAX - 1 <= value <= INT64_MAX


class Params:
    """The merged parameters of one request."""

    def __init__(self, query: list[tuple[str, str]], form: list[tuple[str, str]]) -> None:
        merged: dict[str, str] = {}
        for key, value in query:
            merged.setdefault(key, value)
        form_seen: set[str] = set()
        for key, value in form:
            if key not in form_seen:
                merged[key] = value
                form_seen.add(key)
        self.values = merged

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str) -> str | None:
        """The raw value; an empty string counts as absent."""
        value = self.values.get(name)
        return value if value else None

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise missing(name)
        return value

    def json(self, name: str, *, required: bool = False) -> Any:
        """The parameter parsed as JSON, within the documented limits: at most
        `MAX_JSON_DEPTH` levels of nesting, and text that is valid Unicode."""
        raw = self.require(name) if required else self.get(name)
        if raw is None:
            return None
        try:
            value = json.loads(raw, parse_constant=_reject_constant)
        except RecursionError as exc:
            raise invalid(name, f"the JSON nests more than {MAX_JSON_DEPTH} levels") from exc
        except ValueError as exc:
            raise invalid(name, "the JSON is not syntactically valid") from exc
        check_json_limits(name, value)
        return value

    def json_object(self, name: str, *, required: bool = False) -> dict[str, Any] | None:
        value = self.json(name, required=required)
        if (value is not None or required) and not isinstance(value, dict):
            raise invalid(name, "expected a JSON object")
        return value

    def json_array(self, name: str, *, required: bool = False) -> list[Any] | None:
        value = self.json(name, required=required)
        if (value is not None or required) and not isinstance(value, list):
            raise invalid(name, "expected a JSON array")
        return value

    def string_list(self, name: str) -> list[str] | None:
        value = self.json_array(name)
        if value is not None and not all(isinstance(item, str) for item in value):
            raise invalid(name, "expected a JSON array of strings")
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        raw = self.get(name)
        if raw is None:
            return default
        lowered = raw.lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise invalid(name, "expected true or false")

    def integer(
        self, name: str, default: int | None = None, *, minimum: int | None = None
    ) -> int | None:
        raw = self.get(name)
        if raw is None:
            return default
        try:
            value = int(raw.strip())
        except ValueError as exc:
            raise invalid(name, "expected an integer") from exc
        if minimum is not None and value < minimum:
            raise invalid(name, f"must be at least {minimum}")
        if not fits_int64(value):
            raise invalid(name, "the number is too large")
        return value
