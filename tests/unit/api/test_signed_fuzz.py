"""janrain-signed over arbitrary values: whatever the text, the sandbox's independent check of
our signature agrees. Each call's exact outcome is asserted: the update succeeds and reads back,
and the count and the read end exactly as the same call with Basic auth does (same result, or
the same Capture error code). A signed call that fails where the Basic one does not, with any
code, fails the test; so does a run where everything fails alike."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capture_desktop.api import ApiError, CaptureClient, RecordSelector
from tests.unit.api.sandbox_env import SandboxEnv

ALICE = RecordSelector.by_key("email", "alice@example.com")
NAMES = st.sampled_from(["givenName", "familyName", "gender"])

Outcome = tuple[str, Any]


async def _outcome(call: Callable[[], Awaitable[Any]]) -> Outcome:
    try:
        return ("ok", await call())
    except ApiError as exc:
        return ("error", exc.code)


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
            signed = CaptureClient(http, "http://127.0.0.1", sandbox.creds("owner", "signed"))
            basic = CaptureClient(http, "http://127.0.0.1", sandbox.creds("owner", "basic"))

            # The update succeeds, signed, and the values read back exactly.
            changes = {"givenName": name, **extra}
            await signed.entity_update("user", ALICE, changes)
            record = await basic.entity("user", ALICE)
            for key, value in changes.items():
                assert record.data[key] == value, (key, value, record.data.get(key))

            # Reads end exactly as the same call with Basic auth.
            def count(c: CaptureClient) -> Awaitable[Any]:
                return c.entity_count("user", flt or None)

            def read(c: CaptureClient) -> Awaitable[Any]:
                return c.entity("user", ALICE, attributes=[name or "email"])

            assert await _outcome(lambda: count(signed)) == await _outcome(lambda: count(basic))
            got, expected = (
                await _outcome(lambda: read(signed)),
                await _outcome(lambda: read(basic)),
            )
            if got[0] == expected[0] == "ok":
                assert got[1].data == expected[1].data
            else:
                assert got == expected, (got, expected)

    asyncio.run(calls())


def test_signed_baseline_outcomes(sandbox: SandboxEnv) -> None:
    # The plain calls the fuzz leans on, with their exact answers: a sandbox that failed every
    # call alike (signed and Basic) would fail here.
    async def calls() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app)) as http:
            signed = CaptureClient(http, "http://127.0.0.1", sandbox.creds("owner", "signed"))
            assert await signed.entity_count("user") == 4
            alice = await signed.entity("user", ALICE, attributes=["email"])
            assert alice.data == {"email": "alice@example.com"}
            assert await _outcome(lambda: signed.entity_count("user", "id >")) == ("error", 200)

    asyncio.run(calls())
