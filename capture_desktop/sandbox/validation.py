"""Type and constraint checks for attribute values, and stdlib password hashing.

Each check raises `ApiFault` with the code Capture uses: 341 wrong JSON type, 340 badly formatted
value, 342 bad date, 360 constraint, 361 unique, 362 required, 363 length.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import re
import secrets
import uuid as uuid_mod
from collections.abc import Callable
from typing import Any

from capture_desktop.sandbox.errors import ApiFault
from capture_desktop.sandbox.schema import AttrDef
from capture_desktop.sandbox.timefmt import format_datetime, parse_datetime

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_ALPHA_RE = re.compile(r"^[A-Za-z]*$")
_ALNUM_RE = re.compile(r"^[A-Za-z0-9]*$")
# String types with a fixed format: what parses a valid value, and what the error calls it.
_FORMATS: dict[str, tuple[Callable[[str], object], str]] = {
    "ipAddress": (ipaddress.ip_address, "an IP address"),
    "uuid": (uuid_mod.UUID, "a uuid"),
}
PASSWORD_ITERATIONS = 50_000


def hash_password(plain: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", plain.encode("utf-8"), salt, PASSWORD_ITERATIONS)
    return f"pbkdf2_sha256${PASSWORD_ITERATIONS}${salt.hex()}${digest.hex()}"


def verify_password(plain: str, stored: object) -> bool:
    if not isinstance(stored, str) or stored.count("$") != 3:
        return False
    scheme, iterations, salt_hex, digest_hex = stored.split("$")
    if scheme != "pbkdf2_sha256":
        return False
    digest = hashlib.pbkdf2_hmac(
        "sha256", plain.encode("utf-8"), bytes.fromhex(salt_hex), int(iterations)
    )
    return hmac.compare_digest(digest.hex(), digest_hex)


def _type_fault(path: str, attr: AttrDef, value: object) -> ApiFault:
    return ApiFault(
        341,
        f"attribute {path} expects a value of type {attr.type}, got {type(value).__name__}",
        argument_name="attributes",
    )


def check_primitive(attr: AttrDef, value: Any, path: str, now: float) -> Any:
    """The stored form of `value` for primitive `attr`, or an ApiFault. `None` is always valid
    here (required is checked on the whole record)."""
    if value is None:
        return None
    kind = attr.type
    if kind == "json":
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise _type_fault(path, attr, value)
        return value
    if kind in ("integer", "decimal", "id"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _type_fault(path, attr, value)
        if isinstance(value, float) and not math.isfinite(value):
            raise ApiFault(
                340, f"attribute {path} is not a finite number", argument_name="attributes"
            )
        if kind != "decimal":
            if isinstance(value, float) and not value.is_integer():
                raise ApiFault(
                    340, f"attribute {path} expects an integer", argument_name="attributes"
                )
            value = int(value)
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise ApiFault(340, f"attribute {path} is out of range", argument_name="attributes")
        return value
    if not isinstance(value, str):
        raise _type_fault(path, attr, value)
    if kind == "password":
        return hash_password(value)
    if kind in ("date", "dateTime"):
        parsed = parse_datetime(value, now)
        if parsed is None:
            raise ApiFault(
                342, f"attribute {path} is not a valid {kind}: {value}", argument_name="attributes"
            )
        return parsed.date().isoformat() if kind == "date" else format_datetime(parsed)
    if kind in _FORMATS:
        parse, what = _FORMATS[kind]
        try:
            parse(value)
        except ValueError as exc:
            raise ApiFault(
                340, f"attribute {path} is not {what}", argument_name="attributes"
            ) from exc
        return value
    _check_string(attr, value, path)
    return value


def _check_string(attr: AttrDef, value: str, path: str) -> None:
    if attr.length is not None and len(value) > attr.length:
        raise ApiFault(
            363,
            f"attribute {path} is longer than its maximum length of {attr.length}",
            argument_name="attributes",
        )
    for constraint in attr.constraints:
        ok = True
        if constraint == "email-address":
            ok = bool(_EMAIL_RE.match(value))
        elif constraint == "alphabetic":
            ok = bool(_ALPHA_RE.match(value))
        elif constraint == "alphanumeric":
            ok = bool(_ALNUM_RE.match(value))
        elif constraint == "unicode-letters":
            ok = all(ch.isalpha() for ch in value)
        elif constraint == "unicode-printable":
            ok = value.isprintable()
        if not ok:
            raise ApiFault(
                360,
                f"attribute {path} violates the {constraint} constraint",
                argument_name="attributes",
            )


def check_required(attrs: tuple[AttrDef, ...], data: dict[str, Any], prefix: str = "") -> None:
    """Required primitives must be non-null, inside objects and in every plural element; a
    plural's locally-unique children must differ between its elements."""
    for attr in attrs:
        if attr.name == "id":
            continue
        path = f"{prefix}{attr.name}"
        value = data.get(attr.name)
        if attr.is_primitive:
            if "required" in attr.constraints and value is None:
                raise ApiFault(
                    362, f"required attribute {path} is missing", argument_name="attributes"
                )
        elif attr.is_object:
            check_required(attr.children, value or {}, f"{path}.")
        elif attr.is_plural:
            elements = value or []
            for element in elements:
                check_required(attr.children, element, f"{path}.")
            _check_locally_unique(attr, elements, path)


def _check_locally_unique(attr: AttrDef, elements: list[dict[str, Any]], path: str) -> None:
    for child in attr.children:
        if "locally-unique" not in child.constraints:
            continue
        seen: set[Any] = set()
        for element in elements:
            value = element.get(child.name)
            if value is None:
                continue
            key = value if child.case_sensitive or not isinstance(value, str) else value.lower()
            if key in seen:
                raise ApiFault(
                    361,
                    f"duplicate value for locally-unique attribute {path}.{child.name}",
                    argument_name="attributes",
                )
            seen.add(key)
