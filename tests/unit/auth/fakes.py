"""Hand-written fakes for the token lifecycle: a clock, an oauth/token endpoint, a recording
secret store. No mocks: each fake behaves like the real thing in the ways the tests rely on.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Literal

from capture_desktop.api.errors import ApiError, CaptureError
from capture_desktop.api.models import TokenSet
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SecretStore


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def rejected_refresh() -> ApiError:
    """What Capture answers at oauth/token for a spent or revoked refresh token."""
    return ApiError.from_payload(
        {
            "stat": "error",
            "code": 200,
            "error": "invalid_request",
            "sub_error": "invalid_argument",
            "argument_name": "refresh_token",
            "error_description": "refresh token has already been used",
            "request_id": "abcdefghij012345",
        },
        400,
    )


class FakeTokenEndpoint:
    """oauth/token with single-use, rotating refresh tokens, like Capture."""

    def __init__(self, clock: FakeClock, events: list[tuple[str, ...]] | None = None) -> None:
        self.clock = clock
        self.events = events if events is not None else []
        self.calls = 0
        self.valid_refresh: set[str] = set()
        self.lifetime = 3600
        self.gate: asyncio.Event | None = None  # when set, calls wait for it
        self.entered = asyncio.Event()
        self.fail_with: CaptureError | None = None
        self._serial = 0

    def issue(self) -> TokenSet:
        self._serial += 1
        refresh = f"rt-{self._serial}"
        self.valid_refresh.add(refresh)
        now = self.clock()
        return TokenSet(
            access_token=f"at-{self._serial}",
            refresh_token=refresh,
            expires_at=now + timedelta(seconds=self.lifetime),
            issued_at=now,
            client_id="client-1",
        )

    async def oauth_token(
        self, grant_type: Literal["refresh_token"], *, refresh_token: str
    ) -> TokenSet:
        assert grant_type == "refresh_token"
        self.calls += 1
        self.events.append(("oauth_token", refresh_token))
        self.entered.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_with is not None:
            raise self.fail_with
        if refresh_token not in self.valid_refresh:
            raise rejected_refresh()
        self.valid_refresh.discard(refresh_token)  # single use
        return self.issue()

    def revoke_all(self) -> None:
        self.valid_refresh.clear()


class RecordingSecrets(SecretStore):
    """A real SecretStore over an in-memory keyring that records the order of writes.

    ``hold_refresh_write`` lets a test freeze the moment a refresh token is being written.
    """

    def __init__(self, events: list[tuple[str, ...]]) -> None:
        self.keyring = MemoryKeyring()
        super().__init__(backend=self.keyring)
        self.events = events
        self.hold_refresh_write: asyncio.Event | None = None
        self.writing_refresh = asyncio.Event()
        self.fail_writes = False

    async def set(self, key: str, value: str) -> None:
        if key.endswith(":refresh_token"):
            self.writing_refresh.set()
            if self.hold_refresh_write is not None:
                await self.hold_refresh_write.wait()
        if self.fail_writes:
            from capture_desktop.store.secrets import SecretStoreError

            raise SecretStoreError("keyring write failed (test)")
        await super().set(key, value)
        self.events.append(("secret.set", key.rsplit(":", 1)[1], value))


class FakeAuth:
    """The fakes a keeper test starts from, sharing one event list: a clock, the token
    endpoint and the recording keyring."""

    def __init__(self) -> None:
        self.events: list[tuple[str, ...]] = []
        self.clock = FakeClock()
        self.endpoint = FakeTokenEndpoint(self.clock, self.events)
        self.secrets = RecordingSecrets(self.events)
