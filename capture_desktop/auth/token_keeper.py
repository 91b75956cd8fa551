"""The token lifecycle: named token slots per profile, kept fresh and persisted safely.

``TokenKeeper`` holds access-token slots (with their single-use refresh tokens) and
creation-token slots. Token values live in the keyring (``SecretStore``), written and cached
by ``SlotValues``; non-secret slot facts in the slot file (``SlotStore``). ``SlotRefresher``
runs the refreshes.

Rules it keeps:

- A slot is refreshed when used within ``margin`` of its expiry (and, with the watcher
  running, in the background at that point).
- Refresh is single-flight per slot: concurrent callers share one ``oauth/token`` call.
- The new refresh token is written to the secret store *before* the new access token is
  handed to anyone: Capture refresh tokens are single-use, so losing the new one would
  strand the slot.
- A 414 from a call made through ``call_with_retry`` refreshes once and retries once.
- A refresh the server rejects moves the slot to ``needs_sign_in`` (``revoked`` when the
  server says the grant was deleted); nothing retries it. Transient failures (network, rate
  limit, 5xx) leave the slot as it was and re-raise.
- Safe across processes: a refresh holds the slot's OS file lock (``store.slot_lock``),
  re-reads the slot under it and uses another process's fresh token instead of spending the
  single-use refresh token again. ``poll`` re-reads the slot file when another process wrote it.

State events (``valid``, ``expiring``, ``refreshing``, ``expired``, ``needs_sign_in``) go
to ``subscribe`` callbacks. The clock is injectable. Use from the event-loop thread only.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

from capture_desktop.api.errors import AccessTokenExpired
from capture_desktop.api.models import CreationToken, TokenSet
from capture_desktop.auth.slot_events import SlotEvents
from capture_desktop.auth.slot_refresh import SlotLock, SlotRefresher
from capture_desktop.auth.slot_values import SlotValues
from capture_desktop.auth.token_types import (
    ClientFactory,
    Clock,
    NeedsSignIn,
    NoRefreshToken,
    RefreshClient,
    SecretsLike,
    SlotExpired,
    SlotRevoked,
    StateCallback,
    TokenError,
    utc_now,
)
from capture_desktop.store.secrets import SlotSecretKind
from capture_desktop.store.slot_lock import slot_lock_async
from capture_desktop.store.slots import (
    EXPIRY_MARGIN,
    SlotState,
    SlotStore,
    TokenSlot,
    expiry_margin,
    timed_state,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

__all__ = [
    "Clock",
    "NeedsSignIn",
    "NoRefreshToken",
    "RefreshClient",
    "SecretsLike",
    "SlotExpired",
    "SlotRevoked",
    "TokenError",
    "TokenKeeper",
    "TokenSlot",
    "utc_now",
]


class TokenKeeper:
    """Token slots for all profiles, refreshed single-flight, persisted before use."""

    def __init__(
        self,
        client_factory: ClientFactory,
        secret_store: SecretsLike,
        slot_store: SlotStore,
        *,
        clock: Clock = utc_now,
        margin: timedelta = EXPIRY_MARGIN,
        slot_lock: SlotLock | None = None,
    ) -> None:
        self._slots = slot_store
        self._values = SlotValues(secret_store, slot_store, on_unsaved=self._emit_if_changed)
        self._clock = clock
        self.margin = margin
        # The lock files sit next to the slot file, so every process sharing it shares them.
        lock_folder = slot_store.path.parent / "locks"
        self._slot_lock: SlotLock = slot_lock or (
            lambda slot_id: slot_lock_async(slot_id, folder=lock_folder)
        )
        self._background: set[asyncio.Task[None]] = set()
        self._auto_tried: dict[str, datetime | None] = {}
        self._events = SlotEvents()
        self._watcher: asyncio.Task[None] | None = None
        # Slots whose keyring items are being moved to another profile name: refreshes wait.
        self._moving: dict[str, asyncio.Event] = {}
        # Slots being deleted: no refresh may start, and none may write back.
        self._deleting: set[str] = set()
        self._refresher = SlotRefresher(
            client_factory,
            slot_store,
            self._values,
            self._slot_lock,
            moving=self._moving,
            deleting=self._deleting,
            on_state=self._emit_if_changed,
            on_slots=self._events.slots_changed,
        )

    @property
    def _secrets(self) -> SecretsLike:
        """The keyring the values go to (tests swap in one that fails or pauses)."""
        return self._values.secrets

    @_secrets.setter
    def _secrets(self, secrets: SecretsLike) -> None:
        self._values.secrets = secrets

    # -- events ----------------------------------------------------------------------------

    def subscribe(self, callback: StateCallback) -> Callable[[], None]:
        """Call ``callback(slot_id, state)`` on every state change; returns unsubscribe."""
        return self._events.subscribe(callback)

    def subscribe_slots(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` when slots are added, replaced or removed."""
        return self._events.subscribe_slots(callback)

    def _emit_if_changed(self, slot_id: str) -> None:
        try:
            state = self._compute(self._slots.get(slot_id))
        except KeyError:
            self._events.forget(slot_id)
            return
        self._events.state_is(slot_id, state)

    # -- reading slots ---------------------------------------------------------------------

    def _compute(self, slot: TokenSlot) -> SlotState:
        if slot.state in ("needs_sign_in", "revoked"):
            return slot.state
        if self._refresher.running(slot.slot_id) is not None:
            return "refreshing"
        if self._values.is_pending(slot.slot_id):
            return "unsaved"
        return timed_state(slot, self._clock(), self.margin)

    def _margin(self, slot: TokenSlot) -> timedelta:
        return expiry_margin(slot, self.margin)

    def state(self, slot_id: str) -> SlotState:
        return self._compute(self._slots.get(slot_id))

    def slot(self, slot_id: str) -> TokenSlot:
        slot = self._slots.get(slot_id)
        return dataclasses.replace(slot, state=self._compute(slot))

    def slots(self, profile: str | None = None) -> list[TokenSlot]:
        return [dataclasses.replace(s, state=self._compute(s)) for s in self._slots.list(profile)]

    async def _secret(self, slot: TokenSlot, kind: SlotSecretKind) -> str | None:
        return await self._values.get(slot, kind)

    # -- adding and removing ---------------------------------------------------------------

    async def save_token_set(
        self,
        profile: str,
        token_set: TokenSet,
        *,
        label: str,
        email: str | None = None,
        record_uuid: str | None = None,
        type_name: str | None = None,
        auto_refresh: bool = True,
        slot_id: str | None = None,
        session_only: bool = False,
    ) -> TokenSlot:
        """Store a fresh token set as a new slot, or refill ``slot_id`` after a sign-in.

        ``session_only`` keeps the values in this process's memory only (the user chose it
        because there is no keyring): nothing reaches the keyring or the slot file, and the
        slot is gone when the app quits."""
        slot_id = slot_id or uuid.uuid4().hex[:16]
        slot = TokenSlot(
            slot_id=slot_id,
            label=label,
            profile=profile,
            kind="access",
            record_uuid=record_uuid or token_set.record_uuid,
            email=email,
            client_id=token_set.client_id,
            type_name=type_name or token_set.type_name,
            expires_at=token_set.expires_at,
            # A bare access token (getAccessToken) has nothing to refresh with.
            auto_refresh=auto_refresh and token_set.refresh_token is not None,
            refreshable=token_set.refresh_token is not None,
            state="valid",
            issued_at=token_set.issued_at,
            session_only=session_only,
        )
        await self._values.store(slot, token_set)
        self._auto_tried.pop(slot_id, None)
        self._events.slots_changed()
        self._emit_if_changed(slot_id)
        return self.slot(slot_id)

    async def save_creation_token(
        self, profile: str, token: CreationToken, *, label: str, slot_id: str | None = None
    ) -> TokenSlot:
        slot_id = slot_id or uuid.uuid4().hex[:16]
        slot = TokenSlot(
            slot_id=slot_id,
            label=label,
            profile=profile,
            kind="creation",
            type_name=token.type_name,
            expires_at=token.expires_at,
            auto_refresh=False,
            issued_at=token.issued_at,
        )
        await self._values.store_creation(slot, token)
        self._events.slots_changed()
        self._emit_if_changed(slot_id)
        return self.slot(slot_id)

    async def set_auto_refresh(self, slot_id: str, enabled: bool) -> TokenSlot:
        slot = self._slots.get(slot_id)
        self._slots.put(dataclasses.replace(slot, auto_refresh=enabled))
        self._events.slots_changed()
        return self.slot(slot_id)

    async def delete_slot(self, slot_id: str) -> None:
        """Forget the slot: its secrets first, then its metadata.

        A refresh in flight is waited for, not cancelled: cancelled mid-call it could still
        land on the server, and its write-back would otherwise restore what was deleted here.
        """
        self._slots.get(slot_id)  # SlotNotFound before anything changes
        self._deleting.add(slot_id)
        try:
            while (running := self._refresher.running(slot_id)) is not None:
                await asyncio.wait([running])
            # The profile may have been renamed meanwhile: read the slot again.
            await self._values.delete(self._slots.get(slot_id))
        finally:
            self._deleting.discard(slot_id)
        self._values.forget(slot_id)
        self._auto_tried.pop(slot_id, None)
        self._events.forget(slot_id)
        self._events.slots_changed()

    async def delete_profile_slots(self, profile: str) -> int:
        slots = self._slots.list(profile)
        for slot in slots:
            await self.delete_slot(slot.slot_id)
        return len(slots)

    async def rename_profile(self, old: str, new: str) -> int:
        """Move every slot of profile ``old`` (metadata and keyring items) to ``new``.

        New keyring items are written first (a failed write removes them and changes nothing),
        then the metadata, then the old items go: no failure loses a token. Refreshes of the
        moving slots wait for the move. Returns how many slots moved.
        """
        if old == new:
            return 0
        # A running refresh persists under the old name: let it finish (wait, not gather:
        # a cancelled rename must not cancel it). No await between the last check and the gates.
        while running := [
            task
            for slot in self._slots.list(old)
            if (task := self._refresher.running(slot.slot_id)) is not None
        ]:
            await asyncio.wait(running)
        moving = self._slots.list(old)
        gate = asyncio.Event()
        self._moving.update((slot.slot_id, gate) for slot in moving)
        try:
            await self._values.move(moving, old, new)
        finally:
            for slot in moving:
                self._moving.pop(slot.slot_id, None)
            gate.set()
        if moving:
            self._events.slots_changed()
        return len(moving)

    # -- unsaved and revoked ---------------------------------------------------------------

    def unsaved(self) -> list[str]:
        """Slots whose newest refresh token lives in memory only (lost if the app quits)."""
        pending = self._values.pending_slots()
        return [slot_id for slot_id in pending if self._refresher.running(slot_id) is None]

    async def retry_save(self, slot_id: str) -> None:
        """Write the slot's unsaved tokens to the keyring again (raises if it still refuses)."""
        await self._values.flush(slot_id)
        self._emit_if_changed(slot_id)
        self._events.slots_changed()

    async def mark_revoked(self, slot_id: str) -> TokenSlot:
        """After entity.deleteAccess: the slot shows ``revoked`` and is never refreshed."""
        async with self._slot_lock(slot_id):
            if self._slots.changed_on_disk():
                self._slots.load()
            await self._values.mark_revoked(self._slots.get(slot_id))
        self._events.slots_changed()
        self._emit_if_changed(slot_id)
        return self.slot(slot_id)

    # -- getting tokens --------------------------------------------------------------------

    async def access_token(self, slot_id: str) -> str:
        """A usable access token for the slot, refreshing it first when due."""
        await self._values.flush(slot_id)
        slot = self._slots.get(slot_id)
        if slot.kind != "access":
            raise ValueError(f"slot {slot_id!r} holds a {slot.kind} token")
        state = self._compute(slot)
        if state == "revoked":
            raise SlotRevoked(slot)
        if state == "needs_sign_in":
            raise NeedsSignIn(slot)
        if state == "refreshing":
            return await self._refresher.join(slot_id)
        if state in ("expiring", "expired") and slot.auto_refresh:
            return await self._refresh(slot_id, seen_expiry=slot.expires_at)
        if state == "expired":
            raise SlotExpired(slot)
        token = await self._secret(slot, "access_token")
        if token is None:
            self._values.mark_needs_sign_in(slot_id, _MISSING_ACCESS)
            self._emit_if_changed(slot_id)
            raise NeedsSignIn(slot)
        return token

    async def creation_token(self, slot_id: str) -> str:
        slot = self._slots.get(slot_id)
        if slot.kind != "creation":
            raise ValueError(f"slot {slot_id!r} holds an {slot.kind} token")
        if self._compute(slot) == "expired":
            raise SlotExpired(slot)
        token = await self._secret(slot, "creation_token")
        if token is None:
            raise SlotExpired(slot)
        return token

    async def refresh_token(self, slot_id: str) -> str | None:
        """The slot's stored refresh token as it is now (never refreshes); None if it has none.
        For the sandbox's QA controls, which revoke that one token at the server."""
        await self._values.flush(slot_id)
        return await self._secret(self._slots.get(slot_id), "refresh_token")

    async def refresh(self, slot_id: str) -> str:
        """Refresh now (joining a refresh already running); returns the new access token."""
        return await self._refresh(slot_id)

    async def call_with_retry(self, slot_id: str, call: Callable[[str], Awaitable[T]]) -> T:
        """Run ``call(access_token)``; on a 414 refresh once and retry once."""
        token = await self.access_token(slot_id)
        try:
            return await call(token)
        except AccessTokenExpired:
            log.info("access token of slot %s rejected (414); refreshing once", slot_id)
            token = await self._refresh(slot_id, seen_token=token)
            return await call(token)

    # -- refresh, single-flight ------------------------------------------------------------

    async def _refresh(
        self, slot_id: str, *, seen_expiry: datetime | None = None, seen_token: str | None = None
    ) -> str:
        token = await self._refresher.refresh(
            slot_id, seen_expiry=seen_expiry, seen_token=seen_token
        )
        if token is None:
            # Someone refreshed between the caller's look and now: use that result.
            return await self.access_token(slot_id)
        return token

    # -- watching the clock ----------------------------------------------------------------

    def reload_if_changed(self) -> bool:
        """Re-read the slot file when another process changed it; True when it did."""
        if not self._slots.changed_on_disk():
            return False
        try:
            self._slots.load()
        except Exception as exc:  # a corrupt file is kept aside by the store and reported there
            log.warning("could not re-read the slot file: %s", exc)
            return False
        self._values.reread_keyring()
        self._events.slots_changed()
        return True

    def poll(self) -> None:
        """Re-evaluate every slot against the clock: emit changes, start due auto-refreshes."""
        if not self._refresher.tasks() and not self._values.pending_slots():
            self.reload_if_changed()
        for slot in self._slots.list():
            self._emit_if_changed(slot.slot_id)
            state = self._compute(slot)
            due = state in ("expiring", "expired") and slot.kind == "access" and slot.auto_refresh
            # One background attempt per expiry: a failure is reported, never retried in a loop.
            due = due and slot.slot_id not in self._deleting
            if due and self._auto_tried.get(slot.slot_id, 0) != slot.expires_at:
                self._auto_tried[slot.slot_id] = slot.expires_at
                task = asyncio.get_running_loop().create_task(self._background_refresh(slot))
                self._background.add(task)
                task.add_done_callback(self._background.discard)

    async def _background_refresh(self, slot: TokenSlot) -> None:
        try:
            await self._refresh(slot.slot_id, seen_expiry=slot.expires_at)
        except Exception as exc:
            log.info("background refresh of slot %s failed: %s", slot.slot_id, exc)

    def _next_change_in(self) -> float:
        now = self._clock()
        moments = []
        for slot in self._slots.list():
            if slot.expires_at is not None:
                moments += [slot.expires_at - self._margin(slot), slot.expires_at]
        ahead = [(m - now).total_seconds() for m in moments if m > now]
        return min(ahead, default=30.0)

    def start(self, max_interval: float = 30.0) -> None:
        """Run the watcher: polls at each expiry edge (at least every ``max_interval`` s)."""
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.get_running_loop().create_task(self._watch(max_interval))

    async def _watch(self, max_interval: float) -> None:
        while True:
            self.poll()
            # Wall-clock time, not a test clock: a suspended laptop is caught on the next tick.
            await asyncio.sleep(min(max(self._next_change_in(), 0.05), max_interval))

    async def aclose(self) -> None:
        """Stop the watcher; let running refreshes finish persisting."""
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)
            self._watcher = None
        running = [*self._refresher.tasks(), *self._background]
        if running:
            await asyncio.gather(*running, return_exceptions=True)


_MISSING_ACCESS = "The keyring holds no access token for this slot. Sign in again."
