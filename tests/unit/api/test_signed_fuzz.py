"""janrain-signed over arbitrary values: whatever the text, the sandbox's independent check
of our signature agrees (a refusal would be 402; other Capture errors are fine)."""

from __future__ import annotations

import asyncio

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capture_desktop.api import ApiError, CaptureClient, InvalidClientCredentials, RecordSelector
from tests.unit.api.sandbox_env import SandboxEnv

ALICE = RecordSelector.by_key("email", "alice@example.com")


NAMES = st.sampled_from(["givenName", "familyName", "gender"])


# The sandbox is shared by the examples on purpose: only signing is under test.
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(max_size=60),
    flt=st.text(max_size=40),
    extra=st.dictionaries(NAMES, st.text(max_size=20)),
)
def test_signature_is_accepted_for_any_values(
    sandbox: SandboxEnv, name: str, flt: str, extra: dict[str, str]
) -> None:
    async def calls() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app)) as http:
            client = CaptureClient(http, "http://127.0.0.1", sandbox.creds("owner", "signed"))
            for call in (
                lambda: client.entity_update("user", ALICE, {"givenName": name, **extra}),
                lambda: client.entity_count("user", flt or None),
                lambda: client.entity("user", ALICE, attributes=[name or "email"]),
            ):
                try:
                    await call()
                except InvalidClientCredentials:
                    raise
                except ApiError:
                    pass  # a value Capture rejects is not a signing failure

    asyncio.run(calls())
