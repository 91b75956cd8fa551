"""Capture's error envelope: the code table, the `ApiFault` exception and the JSON shapes.

Ordinary errors go out with HTTP 200; `oauth/token` errors with HTTP 400 (401 for bad client
credentials) and the Capture name moved to `sub_error` (Sandbox decision 4).
"""

from __future__ import annotations

import secrets
import string
from typing import Any

ERROR_NAMES: dict[int, str] = {
    100: "missing_argument",
    200: "invalid_argument",
    201: "duplicate_argument",
    205: "invalid_auth_method",
    210: "invalid_credentials",
    212: "no_such_account",
    213: "password_incorrect",
    222: "unknown_entity_type",
    223: "unknown_attribute",
    232: "entity_type_exists",
    233: "attribute_exists",
    234: "reserved_attribute",
    300: "error_creating_record",
    310: "record_not_found",
    320: "id_in_new_record",
    330: "timestamp_mismatch",
    340: "invalid_data_format",
    341: "invalid_json_type",
    342: "invalid_date_time",
    350: "password_mismatch",
    360: "constraint_violation",
    361: "unique_violation",
    362: "missing_required_attribute",
    363: "length_violation",
    390: "invalid_form_fields",
    402: "invalid_client_credentials",
    403: "client_permission_error",
    413: "no_access_grant",
    414: "access_token_expired",
    415: "authorization_code_expired",
    416: "verification_code_expired",
    417: "creation_token_expired",
    420: "redirect_uri_mismatch",
    485: "contains_operator_removed",
    500: "unexpected_error",
    510: "api_limit_error",
}

_ALPHABET = string.ascii_lowercase + string.digits


def random_token(length: int) -> str:
    """A random lowercase-alphanumeric string, the shape of Capture's ids and tokens."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def request_id() -> str:
    return random_token(16)


class ApiFault(Exception):
    """A Capture error to answer with. Raised anywhere below a route; the route renders it."""

    def __init__(
        self,
        code: int,
        description: str,
        *,
        argument_name: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.error = ERROR_NAMES[code]
        self.description = description
        self.argument_name = argument_name
        self.extra = extra or {}

    def payload(self, *, oauth: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {
            "stat": "error",
            "code": self.code,
            "error": self.error,
            "error_description": self.description,
            "request_id": request_id(),
        }
        if self.argument_name is not None:
            body["argument_name"] = self.argument_name
        body.update(self.extra)
        if oauth:
            body["sub_error"] = self.error
            body["error"] = "invalid_request"
        return body

    def http_status(self, *, oauth: bool = False) -> int:
        if not oauth:
            return 200
        return 401 if self.code == 402 else 400


def missing(name: str) -> ApiFault:
    return ApiFault(100, f"missing required argument: {name}", argument_name=name)


def invalid(name: str, reason: str) -> ApiFault:
    return ApiFault(
        200,
        f"{name} was not valid for the following reason: {reason}",
        argument_name=name,
    )
