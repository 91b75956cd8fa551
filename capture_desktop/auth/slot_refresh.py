"""Refreshing a token slot: one flight per slot in this process, one at a time across
processes (the slot's file lock), and the new set persisted before anyone gets its token.

``TokenKeeper`` decides when a slot is due; ``SlotRefresher`` runs the refresh and marks a
slot ``needs_sign_in`` or ``revoked`` when the server refuses it. Use from the event-loop
thread only.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import logging
from collections.abc import Callable, Container, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from capture_desktop.api.errors import ApiError, NoAccessGrant, TransportError
from capture_desktop.auth.slot_values import SlotValues
from capture_desktop.auth.token_types import (
    ClientFactory,
    NeedsSignIn,
    NoRefreshToken,
    SlotRevoked,
    is_transient,
)
from capture_desktop.store.slots import SlotNotFound, SlotStore, TokenSlot

log = logging.getLogger(__name__)

SlotLock = Callable[[str], AbstractAsyncContextManager[None]]

__all__ = ["SlotLock", "SlotRefresher", "refused_reason"]


class SlotRefresher:
    """Runs each slot's refresh as one shared task, under the slot's cross-process lock."""

    def __init__(
        self,
        client_factory: ClientFactory,
        slots: SlotStore,
        values: SlotValues,
        slot_lock: SlotLock,
        *,
        moving: Mapping[str, asyncio.Event],
        deleting: Container[str],
        on_state: Callable[[str], None],
        on_slots: Callable[[], None],
    ) -> None:
        """``moving``: gates of slots whose items move to a new profile name (a refresh
        waits); ``deleting``: slots being deleted (a refresh may not write back).
        ``on_state(slot_id)`` when a refresh starts or ends; ``on_slots()`` when it changed
        slot metadata."""
        self._client_factory = client_factory
        self._slots = slots
        self._values = values
        self._slot_lock = slot_lock
        self._moving = moving
        self._deleting = deleting
        self._on_state = on_state
        self._on_slots = on_slots
        self._inflight: dict[str, asyncio.Task[str]] = {}

    def running(self, slot_id: str) -> asyncio.Task[str] | None:
        """The slot's refresh task while one runs."""
        return self._inflight.get(slot_id)

    def tasks(self) -> list[asyncio.Task[str]]:
        return list(self._inflight.values())

    async def refresh(
        self, slot_id: str, *, seen_expiry: datetime | None = None, seen_token: str | None = None
    ) -> str | None:
        """The new access token, from a new refresh or the one already running. None when
        the slot was refreshed since the caller saw ``seen_expiry`` / ``seen_token``."""
        # No await between the checks and registering the task: that is the single flight.
        if slot_id in self._inflight:
            return await self.join(slot_id)
        if slot_id in self._deleting:
            raise SlotNotFound(slot_id)
        slot = self._slots.get(slot_id)
        if slot.state == "revoked":
            raise SlotRevoked(slot)
        pending = self._values.is_pending(slot_id)
        if slot.state == "needs_sign_in" or (slot.unsaved and not pending):
            raise NeedsSignIn(slot)
        if not slot.refreshable:
            # Nothing to refresh with; the access token itself is as valid as before.
            raise NoRefreshToken(slot)
        cached = self._values.cached(slot_id, "access_token")
        already = (seen_expiry is not None and slot.expires_at != seen_expiry) or (
            seen_token is not None and cached is not None and cached != seen_token
        )
        if already and not pending:
            return None
        task = asyncio.get_running_loop().create_task(self._shared_refresh(slot_id))
        self._inflight[slot_id] = task
        task.add_done_callback(_retrieve)
        self._on_state(slot_id)
        return await self.join(slot_id)

    async def join(self, slot_id: str) -> str:
        """The running refresh's new access token; cancelling the caller leaves it running."""
        return await asyncio.shield(self._inflight[slot_id])

    def _finished(self, slot_id: str) -> None:
        self._inflight.pop(slot_id, None)
        self._on_state(slot_id)

    async def _shared_refresh(self, slot_id: str) -> str:
        """The refresh task: under the slot's file lock, use another process's fresh token
        or refresh; a grant deleted at the server makes the slot ``revoked``."""
        try:
            before = self._slots.get(slot_id)
            async with self._slot_lock(slot_id):
                fresh = await self._fresh_from_other_process(before)
                if fresh is not None:
                    return fresh
                try:
                    return await self._do_refresh(slot_id)
                except NeedsSignIn as exc:
                    if not isinstance(exc.__cause__, NoAccessGrant):
                        raise
                    log.info("refresh of slot %s: the grant was revoked at the server", slot_id)
                    slot = self._slots.get(slot_id)
                    await self._values.mark_revoked(slot)
                    raise SlotRevoked(slot) from exc.__cause__
        finally:
            self._finished(slot_id)

    async def _do_refresh(self, slot_id: str) -> str:
        try:
            gate = self._moving.get(slot_id)
            if gate is not None:  # the slot's items are moving to a new profile name
                await gate.wait()
            await self._values.flush(slot_id)
            slot = self._slots.get(slot_id)
            refresh_token = await self._values.get(slot, "refresh_token")
            if refresh_token is None:
                if await self._values.get(slot, "access_token") is not None:
                    # The access token is written after the refresh token (SlotValues), so
                    # with it there and no refresh token there never was one (a slot saved
                    # before 'refreshable' was recorded): nothing to refresh, nothing lost.
                    self._slots.put(
                        dataclasses.replace(slot, refreshable=False, auto_refresh=False)
                    )
                    self._on_slots()
                    raise NoRefreshToken(slot)
                self._values.mark_needs_sign_in(slot_id, _MISSING_REFRESH)
                raise NeedsSignIn(slot)
            client = self._client_factory(slot.profile)
            if inspect.isawaitable(client):
                client = await client
            try:
                token_set = await client.oauth_token("refresh_token", refresh_token=refresh_token)
            except (ApiError, TransportError) as exc:
                if is_transient(exc):
                    raise
                log.info("refresh of slot %s rejected (%s); needs sign-in", slot_id, exc)
                self._values.mark_needs_sign_in(slot_id, refused_reason(exc))
                raise NeedsSignIn(slot) from exc
            # The slot may have been deleted (SlotNotFound), signed in afresh or edited while
            # the call ran: write back only into the slot this refresh started from.
            current = self._slots.get(slot_id)
            if slot_id in self._deleting:
                raise SlotNotFound(slot_id)
            if _grant_changed(slot, current):
                log.info("slot %s was signed in again during its refresh; result dropped", slot_id)
                # Not the keeper's access_token(): this task still counts as the slot's refresh.
                token = await self._values.get(current, "access_token")
                if token is None:
                    raise NeedsSignIn(current)
                return token
            # The old refresh token is spent now. Persist the new one before anything else;
            # the current metadata (an auto-refresh toggle made meanwhile) is kept.
            await self._values.save_refreshed(current, token_set)
            return token_set.access_token
        finally:
            self._finished(slot_id)

    async def _fresh_from_other_process(self, before: TokenSlot) -> str | None:
        """Under the slot lock: re-read the slot; another process's new token, if it made one."""
        if not self._slots.changed_on_disk():
            return None
        self._slots.load()
        slot = self._slots.get(before.slot_id)  # SlotNotFound: deleted by another process
        self._on_slots()
        if slot.state == "revoked":
            self._values.forget_cached(slot.slot_id)
            raise SlotRevoked(slot)
        if slot.state == "needs_sign_in":
            self._values.forget_cached(slot.slot_id)
            raise NeedsSignIn(slot)
        if (slot.expires_at, slot.issued_at) == (before.expires_at, before.issued_at):
            return None  # still the token this process saw as stale
        self._values.forget_cached(slot.slot_id)
        token = await self._values.get(slot, "access_token")
        if token is None:
            return None
        log.info("slot %s was refreshed by another process; using its token", slot.slot_id)
        return token


_MISSING_REFRESH = (
    "The keyring holds no refresh token for this slot (it was never stored, or removed). "
    "Sign in again."
)


def refused_reason(exc: Exception) -> str:
    """Plain words for a refresh the server refused, with the server's own explanation."""
    detail = getattr(exc, "error_description", None) or str(exc)
    return (
        f"The server refused this slot's refresh token: {detail}. A refresh token works once; "
        "if a copy of it was used elsewhere first, the server revokes the whole sign-in. "
        "Sign in again."
    )


def _grant_changed(before: TokenSlot, now: TokenSlot) -> bool:
    """True when ``now`` holds other tokens than ``before`` (label and auto-refresh aside)."""
    keys = ("profile", "kind", "record_uuid", "client_id", "issued_at", "expires_at", "state")
    return any(getattr(before, key) != getattr(now, key) for key in keys)


def _retrieve(task: asyncio.Task[str]) -> None:
    # Every caller may have been cancelled; the outcome still must not be logged as lost.
    if not task.cancelled():
        task.exception()
