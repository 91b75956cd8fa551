"""Errors, protocols and the clock type of the token keeper (``token_keeper.py``).

Kept apart so callers can catch ``NeedsSignIn`` / ``SlotExpired`` and type their fakes
without importing the keeper itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Literal, Protocol

from capture_desktop.api.errors import (
    ClientPermissionError,
    InvalidClientCredentials,
    ServerError,
    TransportError,
)
from capture_desktop.api.models import TokenSet
from capture_desktop.store.slots import SlotState, TokenSlot

Clock = Callable[[], datetime]
StateCallback = Callable[[str, SlotState], None]

__all__ = [
    "ClientFactory",
    "Clock",
    "NeedsSignIn",
    "NoRefreshToken",
    "RefreshClient",
    "SecretsLike",
    "SlotExpired",
    "SlotRevoked",
    "StateCallback",
    "TokenError",
    "is_transient",
    "utc_now",
]


def utc_now() -> datetime:
    return datetime.now(UTC)


class RefreshClient(Protocol):
    """What the keeper needs from ``CaptureClient``: the refresh grant at ``oauth/token``."""

    async def oauth_token(
        self, grant_type: Literal["refresh_token"], *, refresh_token: str
    ) -> TokenSet: ...


class SecretsLike(Protocol):
    """The part of ``SecretStore`` the keeper uses (tests substitute recording fakes)."""

    async def get(self, key: str) -> str | None: ...
    async def set(self, key: str, value: str) -> None: ...
    async def delete(self, key: str) -> bool: ...
    async def delete_slot(self, profile: str, slot_id: str) -> int: ...


ClientFactory = Callable[[str], "RefreshClient | Awaitable[RefreshClient]"]


class TokenError(Exception):
    def __init__(self, slot: TokenSlot, message: str) -> None:
        super().__init__(message)
        self.slot_id = slot.slot_id
        self.label = slot.label


class NeedsSignIn(TokenError):
    """The slot's refresh token was rejected or is gone: sign in again to refill it."""

    def __init__(self, slot: TokenSlot) -> None:
        super().__init__(
            slot, f"The token {slot.label!r} can no longer be refreshed; sign in again."
        )


class NoRefreshToken(TokenError):
    """The token came without a refresh token (e.g. a native sign-in that issued none).
    Nothing was attempted: the access token stays valid until it expires."""

    def __init__(self, slot: TokenSlot) -> None:
        super().__init__(
            slot,
            f"The token {slot.label!r} came without a refresh token, so it cannot be "
            "refreshed. It stays usable until it expires; then sign in again.",
        )


class SlotRevoked(NeedsSignIn):
    """The record's tokens were revoked at the server (entity.deleteAccess): no refresh."""

    def __init__(self, slot: TokenSlot) -> None:
        TokenError.__init__(
            self,
            slot,
            f"The tokens of {slot.label!r} were revoked at the server; sign in again to get "
            "new ones.",
        )


class SlotExpired(TokenError):
    """The slot's token expired and cannot (or may not) be refreshed automatically."""

    def __init__(self, slot: TokenSlot) -> None:
        super().__init__(slot, f"The token {slot.label!r} has expired.")


def is_transient(exc: Exception) -> bool:
    # These say nothing about the refresh token itself: the slot keeps its state.
    return isinstance(
        exc, TransportError | ServerError | InvalidClientCredentials | ClientPermissionError
    )
