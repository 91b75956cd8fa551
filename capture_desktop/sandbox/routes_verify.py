"""Email verification for support staff: /access/getVerificationCode and
/access/useVerificationCode (capture-api.md 3.15; gedex Access.php, MuleSoft connector).

A code names a record and one of its dateTime attributes; using it stamps that attribute with
the current time, once. Lifetime defaults to 30 s (the MuleSoft doc-comment). The use call
takes only the code: the code is the credential, as the public clients send it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from capture_desktop.sandbox.dispatch import CLIENT, Operation, op
from capture_desktop.sandbox.errors import ApiFault, invalid
from capture_desktop.sandbox.records import locate, parse_path
from capture_desktop.sandbox.state import Call
from capture_desktop.sandbox.timefmt import format_datetime

DEFAULT_LIFETIME = 30


def get_verification_code(call: Call) -> dict[str, Any]:
    entities = call.sandbox.entities
    etype = entities.type_from(call.params)
    row = entities.select(etype, call.params)
    attribute_name = call.params.require("attribute_name")
    loc = locate(etype, row.data, parse_path(attribute_name), write=True)
    if loc.attr.type != "dateTime" or loc.element_index is not None:
        raise invalid("attribute_name", f"{attribute_name} is not a dateTime attribute")
    lifetime = call.params.integer("lifetime", DEFAULT_LIFETIME, minimum=1)
    assert call.principal.client is not None
    code = call.sandbox.tokens.issue(
        "verification",
        client_id=call.principal.client.client_id,
        type_name=etype.name,
        record_id=row.id,
        lifetime=lifetime,
        # The attribute to stamp rides in the token's state column.
        transaction_state={"attribute_name": attribute_name},
    )
    return {"verification_code": code.token}


def use_verification_code(call: Call) -> dict[str, Any]:
    text = call.params.require("verification_code")
    tokens = call.sandbox.tokens
    code = tokens.get(text, "verification")
    if code is None or code.used or code.revoked:
        raise invalid("verification_code", "unknown or already used verification code")
    now = call.sandbox.clock()
    if code.expired(now):
        raise ApiFault(416, "verification code expired", argument_name="verification_code")
    assert code.type_name is not None and code.record_id is not None
    entities = call.sandbox.entities
    etype = entities.etype(code.type_name)
    row = entities.by_id(etype, code.record_id)
    attribute_name = json.loads(code.transaction_state or "{}").get("attribute_name", "")
    stamp = format_datetime(datetime.fromtimestamp(int(now), UTC))
    with call.sandbox.storage.transaction():
        tokens.mark_used(text)
        entities.write(etype, row, "update", path=attribute_name, value=stamp)
    return {"uuid": row.uuid}


OPERATIONS: list[Operation] = [
    op(
        "/access/getVerificationCode",
        get_verification_code,
        CLIENT,
        "access_issuer",
        "direct_access",
    ),
    op(
        "/access/useVerificationCode",
        use_verification_code,
        frozenset({"client", "login", "none"}),
    ),
]
