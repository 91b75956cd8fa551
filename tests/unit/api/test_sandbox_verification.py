"""The core client's verification-code calls: what support staff use to mark an email as
verified, through getVerificationCode and useVerificationCode."""

from __future__ import annotations

import pytest

from capture_desktop.api import (
    CaptureClient,
    RecordSelector,
    RequestLog,
    VerificationCodeExpired,
)
from tests.unit.api.sandbox_env import SandboxEnv

DAVE = RecordSelector.by_key("email", "dave@example.com")


async def test_mark_email_as_verified(capture: CaptureClient, request_log: RequestLog) -> None:
    assert (await capture.entity("user", DAVE)).data["emailVerified"] is None
    code = await capture.get_verification_code("user", DAVE, "emailVerified", lifetime=60)
    uuid = await capture.use_verification_code(code)
    record = await capture.entity("user", DAVE)
    assert record.uuid == uuid and record.data["emailVerified"]
    used = request_log.events()[-2]
    assert used.operation == "access/useVerificationCode" and used.credential_kind is None
    assert code not in str(used.params)  # the code is a credential: masked in the log


async def test_an_expired_code(capture: CaptureClient, sandbox: SandboxEnv) -> None:
    code = await capture.get_verification_code("user", DAVE, "emailVerified")
    sandbox.clock.advance(31)
    with pytest.raises(VerificationCodeExpired):
        await capture.use_verification_code(code)
