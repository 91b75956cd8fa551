"""Email verification for support staff: a code from ``access/getVerificationCode``, and
"mark as verified" (get a code, then use it at once, which stamps ``emailVerified``).

Both act with the profile's client credentials (owner, access_issuer or direct_access may ask
for a code) and write an audit entry naming the attribute, never the code.
"""

from __future__ import annotations

from typing import Any, Protocol

from capture_desktop.api.selectors import RecordSelector

__all__ = ["VERIFIED_ATTRIBUTE", "VerificationCalls", "get_verification_code", "mark_verified"]

VERIFIED_ATTRIBUTE = "emailVerified"


class VerificationCalls(Protocol):
    """What these calls need of ``services.records.RecordsService``."""

    def client(self) -> Any: ...

    def audit(self, operation: str, uuid: str | None, changed: list[str]) -> None: ...


async def _code(service: VerificationCalls, type_name: str, uuid: str) -> str:
    client = service.client()
    code: str = await client.get_verification_code(
        type_name, RecordSelector.by_uuid(uuid), VERIFIED_ATTRIBUTE
    )
    return code


async def get_verification_code(service: VerificationCalls, type_name: str, uuid: str) -> str:
    """A single-use code for the record's ``emailVerified`` (to hand to the user)."""
    code = await _code(service, type_name, uuid)
    service.audit("access/getVerificationCode", uuid, [VERIFIED_ATTRIBUTE])
    return code


async def mark_verified(service: VerificationCalls, type_name: str, uuid: str) -> str:
    """Get a code and use it: Capture stamps ``emailVerified`` with the current time.
    Returns the uuid Capture names as verified."""
    code = await _code(service, type_name, uuid)
    verified: str = await service.client().use_verification_code(code)
    service.audit("access/useVerificationCode", uuid, [VERIFIED_ATTRIBUTE])
    return verified
