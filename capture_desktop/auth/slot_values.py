"""Where a token slot's values live and the order they are written in: the keyring, this
process's cache, and refreshed token sets the keyring has not yet taken ("pending").

Write order, which keeps a single-use refresh token from being lost: refresh token, then
access token, then the slot's metadata. A set the keyring refuses stays pending in memory,
is marked ``unsaved`` in the slot file and is reported until a later write succeeds.
Use from the event-loop thread only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable, Sequence

from capture_desktop.api.models import CreationToken, TokenSet
from capture_desktop.auth.token_types import SecretsLike
from capture_desktop.store.secrets import SLOT_SECRET_KINDS, SlotSecretKind, slot_key
from capture_desktop.store.slots import SlotStore, TokenSlot

log = logging.getLogger(__name__)

__all__ = ["SlotValues"]


class SlotValues:
    """The token values of every slot: read through a cache, written in a safe order."""

    def __init__(
        self,
        secrets: SecretsLike,
        slots: SlotStore,
        *,
        on_unsaved: Callable[[str], None] = lambda slot_id: None,
    ) -> None:
        self.secrets = secrets
        self._slots = slots
        self._on_unsaved = on_unsaved
        self._cache: dict[str, dict[SlotSecretKind, str]] = {}
        self._pending: dict[str, TokenSet] = {}  # refreshed, not yet safely persisted

    # -- reading ---------------------------------------------------------------------------

    async def get(self, slot: TokenSlot, kind: SlotSecretKind) -> str | None:
        """The value from memory, else from the keyring (a session-only slot has none there)."""
        cached = self.cached(slot.slot_id, kind)
        if cached is not None or slot.session_only:
            return cached
        value = await self.secrets.get(slot_key(slot.profile, slot.slot_id, kind))
        if value is not None:
            self._cache.setdefault(slot.slot_id, {})[kind] = value
        return value

    def cached(self, slot_id: str, kind: SlotSecretKind) -> str | None:
        return self._cache.get(slot_id, {}).get(kind)

    def is_pending(self, slot_id: str) -> bool:
        return slot_id in self._pending

    def pending_slots(self) -> list[str]:
        """Slots whose newest tokens live in memory only (lost if the app quits)."""
        return list(self._pending)

    # -- writing ---------------------------------------------------------------------------

    async def store(self, slot: TokenSlot, token_set: TokenSet) -> None:
        """Fill ``slot`` with a freshly issued set, replacing whatever it held."""
        self._pending.pop(slot.slot_id, None)
        if token_set.refresh_token is None and not slot.session_only:
            await self.secrets.delete(slot_key(slot.profile, slot.slot_id, "refresh_token"))
            self._cache.get(slot.slot_id, {}).pop("refresh_token", None)
        await self._persist(slot, token_set)

    async def store_creation(self, slot: TokenSlot, token: CreationToken) -> None:
        """The creation token into the keyring, then the slot into the slot file."""
        await self.secrets.set(slot_key(slot.profile, slot.slot_id, "creation_token"), token.token)
        self._cache.setdefault(slot.slot_id, {})["creation_token"] = token.token
        self._slots.put(slot)

    async def save_refreshed(self, slot: TokenSlot, token_set: TokenSet) -> None:
        """Persist a set that replaced a spent refresh token; held pending if that fails."""
        self._pending[slot.slot_id] = token_set
        try:
            await self._persist(slot, token_set)
        except Exception as exc:
            self._mark_unsaved(slot.slot_id, exc)
            raise

    async def flush(self, slot_id: str) -> None:
        """Write the slot's pending set, if any (raises, still pending, if the keyring refuses)."""
        pending = self._pending.get(slot_id)
        if pending is not None:
            try:
                await self._persist(self._slots.get(slot_id), pending)
            except Exception as exc:
                self._mark_unsaved(slot_id, exc)
                raise

    async def _persist(self, slot: TokenSlot, token_set: TokenSet) -> None:
        """Refresh token, then access token, then metadata; only then is it usable."""
        cache = self._cache.setdefault(slot.slot_id, {})
        if token_set.refresh_token is not None:
            # Keep the newest refresh token in memory even if the keyring write fails below.
            cache["refresh_token"] = token_set.refresh_token
            if not slot.session_only:
                key = slot_key(slot.profile, slot.slot_id, "refresh_token")
                await self.secrets.set(key, token_set.refresh_token)
        if not slot.session_only:
            await self.secrets.set(
                slot_key(slot.profile, slot.slot_id, "access_token"), token_set.access_token
            )
        cache["access_token"] = token_set.access_token
        self._slots.put(
            dataclasses.replace(
                slot,
                expires_at=token_set.expires_at,
                issued_at=token_set.issued_at,
                state="valid",
                reason=None,
                unsaved=False,
            )
        )
        self._pending.pop(slot.slot_id, None)

    def _mark_unsaved(self, slot_id: str, exc: Exception) -> None:
        """Say at once, and on disk for the next start, that a rotated token is unsaved."""
        reason = (
            f"The new refresh token could not be saved to the keyring ({exc}). It is held in "
            "memory only: use Retry saving, or this slot needs a new sign-in once the app quits."
        )
        try:
            current = self._slots.get(slot_id)
            self._slots.put(dataclasses.replace(current, unsaved=True, reason=reason))
        except (KeyError, OSError) as problem:  # the in-memory state still reports it
            log.warning("could not record the unsaved token of slot %s: %s", slot_id, problem)
        self._on_unsaved(slot_id)

    async def move(self, moving: Sequence[TokenSlot], old: str, new: str) -> None:
        """Move the slots' values and metadata from profile ``old`` to ``new``.

        New keyring items are written first (a failed write removes them and changes
        nothing), then the metadata, then the old items go: no failure loses a token.
        """
        written: list[str] = []
        try:
            for slot in moving:
                await self.flush(slot.slot_id)
                if slot.session_only:  # its values live in the cache under its id
                    continue
                for kind in SLOT_SECRET_KINDS:  # via the cache: it holds the newest values
                    value = await self.get(slot, kind)
                    if value is not None:
                        written.append(slot_key(new, slot.slot_id, kind))
                        await self.secrets.set(written[-1], value)
        except BaseException:
            for key in written:
                await self.secrets.delete(key)
            raise
        for slot in moving:
            self._slots.put(dataclasses.replace(self._slots.get(slot.slot_id), profile=new))
        for slot in moving:
            if slot.session_only:
                continue
            try:
                await self.secrets.delete_slot(old, slot.slot_id)
            except Exception as exc:  # the tokens are safe under the new name
                log.warning("old items of slot %s stay: %s", slot.slot_id, type(exc).__name__)

    # -- forgetting ------------------------------------------------------------------------

    def forget(self, slot_id: str) -> None:
        """Drop the slot's values from memory, pending ones included."""
        self._cache.pop(slot_id, None)
        self._pending.pop(slot_id, None)

    def forget_cached(self, slot_id: str) -> None:
        """Drop the cached copies: another process wrote newer values to the keyring."""
        self._cache.pop(slot_id, None)

    def reread_keyring(self) -> None:
        """Drop every cached keyring value (another process may have written newer ones).

        A session-only slot's values are in this cache alone, and no other process has them."""
        memory_only = {s.slot_id for s in self._slots.list() if s.session_only}
        for slot_id in [k for k in self._cache if k not in memory_only]:
            del self._cache[slot_id]

    async def delete(self, slot: TokenSlot) -> None:
        """The slot's keyring items first, then its metadata: nothing is left unlisted."""
        if not slot.session_only:  # its values were only ever in memory
            await self.secrets.delete_slot(slot.profile, slot.slot_id)
        self._slots.delete(slot.slot_id)

    def mark_needs_sign_in(self, slot_id: str, reason: str) -> None:
        """The slot's values cannot be used or refreshed: say why on disk, drop them here."""
        current = self._slots.get(slot_id)
        self._slots.put(dataclasses.replace(current, state="needs_sign_in", reason=reason))
        self.forget(slot_id)

    async def mark_revoked(self, slot: TokenSlot) -> None:
        """The values are dead at the server: the slot shows ``revoked``; out of memory, and
        out of the keyring."""
        self._slots.put(dataclasses.replace(self._slots.get(slot.slot_id), state="revoked"))
        self.forget(slot.slot_id)
        for kind in ("access_token", "refresh_token"):
            with contextlib.suppress(Exception):
                await self.secrets.delete(slot_key(slot.profile, slot.slot_id, kind))
