"""TokenService: the core ``TokenKeeper`` as the token panel and the wizards use it.

The keeper (built by the session with its client factory) is injected. This relays the
keeper's events to the callbacks it is given (the session's signals, on the GUI thread), runs
its expiry watcher, and keeps each slot's refresh history (when, and whether it worked).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from capture_desktop.api.client import CaptureClient
    from capture_desktop.auth.token_keeper import TokenKeeper
    from capture_desktop.store.profiles import Profile
    from capture_desktop.store.slots import TokenSlot

log = logging.getLogger("capture_desktop.services.token_service")
HISTORY_LENGTH = 50


@dataclass(frozen=True)
class RefreshRecord:
    """One refresh attempt as the panel lists it."""

    at: datetime
    ok: bool
    detail: str

    def describe(self) -> str:
        local = self.at.astimezone()
        verdict = "✔ refreshed" if self.ok else "✘ failed"
        return f"{local:%H:%M:%S}  {verdict}" + (f" — {self.detail}" if self.detail else "")


class TokenService:
    """One per session. Call on the GUI thread with the qasync loop running."""

    def __init__(
        self,
        keeper: TokenKeeper,
        *,
        active_profile: Callable[[], Profile | None],
        slots_changed: Callable[[], None],
        slot_state_changed: Callable[[str, str], None],
        client_for: Callable[[str], Awaitable[CaptureClient]],
    ) -> None:
        self.keeper = keeper
        self._client_for = client_for
        self._active_profile = active_profile
        self._slot_state_changed = slot_state_changed
        self._history: dict[str, deque[RefreshRecord]] = {}
        self._last: dict[str, str] = {}
        self._unsubscribe = [
            self.keeper.subscribe(self._on_state),
            self.keeper.subscribe_slots(slots_changed),
        ]
        self._started = False

    def start(self) -> None:
        """Start the expiry watcher (auto-refresh and state changes); needs a running loop."""
        if not self._started:
            self._started = True
            self.keeper.start(max_interval=5.0)

    async def aclose(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        await self.keeper.aclose()

    # -- events -------------------------------------------------------------------------
    def _on_state(self, slot_id: str, state: str) -> None:
        previous = self._last.get(slot_id)
        self._last[slot_id] = state
        if previous == "refreshing" and state != "refreshing":
            if state in ("valid", "expiring"):
                self._record(slot_id, True, "")
            elif state == "revoked":
                self._record(slot_id, False, "the server revoked this record's tokens")
            elif state == "needs_sign_in":
                self._record(slot_id, False, "the refresh token was refused; sign in again")
            else:
                self._record(slot_id, False, "no new token (network or server problem)")
        self._slot_state_changed(slot_id, state)

    def _record(self, slot_id: str, ok: bool, detail: str) -> None:
        entries = self._history.setdefault(slot_id, deque(maxlen=HISTORY_LENGTH))
        entries.appendleft(RefreshRecord(datetime.now(UTC), ok, detail))

    def history(self, slot_id: str) -> list[RefreshRecord]:
        """Newest first."""
        return list(self._history.get(slot_id, ()))

    # -- slots --------------------------------------------------------------------------
    def slots(self) -> list[TokenSlot]:
        profile = self._active_profile()
        return self.keeper.slots(profile.name) if profile is not None else []

    def slot(self, slot_id: str) -> TokenSlot | None:
        try:
            return self.keeper.slot(slot_id)
        except KeyError:
            return None

    async def refresh(self, slot_id: str) -> None:
        await self.keeper.refresh(slot_id)

    async def set_auto_refresh(self, slot_id: str, enabled: bool) -> None:
        await self.keeper.set_auto_refresh(slot_id, enabled)
        self.keeper.poll()

    async def token_value(self, slot_id: str) -> str:
        """The usable token of the slot (an access token is refreshed first when due)."""
        slot = self.keeper.slot(slot_id)
        if slot.kind == "creation":
            return await self.keeper.creation_token(slot_id)
        return await self.keeper.access_token(slot_id)

    async def revoke_at_server(self, slot_id: str) -> list[str]:
        """entity.deleteAccess for the slot's record: every slot of that record turns
        ``revoked`` and the revocation goes to the audit log. Returns the revoked slot ids."""
        from capture_desktop.auth.revoke import revoke_slot
        from capture_desktop.store.audit import AuditLog

        slot = self.keeper.slot(slot_id)
        client = await self._client_for(slot.profile)
        revoked = await revoke_slot(self.keeper, client, slot_id)
        AuditLog.default().record(slot.profile, "entity.deleteAccess", slot.record_uuid, [])
        return revoked

    async def delete(self, slot_id: str) -> None:
        """Delete the slot and its keyring items."""
        await self.keeper.delete_slot(slot_id)
        self._history.pop(slot_id, None)
        self._last.pop(slot_id, None)

    async def delete_profile_slots(self, profile_name: str) -> list[str]:
        ids = [slot.slot_id for slot in self.keeper.slots(profile_name)]
        for slot_id in ids:
            await self.delete(slot_id)
        return ids
