"""TokenService: the Qt side of the core ``TokenKeeper`` for the token panel and wizards.

It builds the keeper (slot metadata in the data folder, tokens in the keyring), relays its
events as ``Session`` signals on the GUI thread, runs its expiry watcher, and keeps each
slot's refresh history (when, and whether it worked) for the panel.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capture_desktop.auth.tokens import TokenKeeper
    from capture_desktop.services.session import Session
    from capture_desktop.store.slots import TokenSlot

log = logging.getLogger("capture_desktop.services.tokens")
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

    def __init__(self, session: Session, slot_store: Any = None, clock: Any = None) -> None:
        from capture_desktop.auth.tokens import TokenKeeper, utc_now
        from capture_desktop.store import paths
        from capture_desktop.store.slots import SlotStore

        self.session = session
        self._clock = clock or utc_now
        store = slot_store if slot_store is not None else SlotStore(paths.slots_file())
        self.keeper: TokenKeeper = TokenKeeper(
            self._client_for, session.secrets, store, clock=self._clock
        )
        self._history: dict[str, deque[RefreshRecord]] = {}
        self._last: dict[str, str] = {}
        self._unsubscribe = [
            self.keeper.subscribe(self._on_state),
            self.keeper.subscribe_slots(self.session.slots_changed.emit),
        ]
        self._started = False

    async def _client_for(self, profile_name: str) -> Any:
        current = self.session.profile()
        if current is not None and current.name == profile_name:
            return self.session.client()
        profile = self.session.profile_store.get(profile_name)
        secret = await self.session.client_secret(profile_name)
        return self.session.make_client(profile, secret)

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
            elif state in ("needs_sign_in", "unsaved"):
                reason = getattr(self.slot(slot_id), "reason", None)
                self._record(
                    slot_id, False, reason or "the refresh token was refused; sign in again"
                )
            else:
                self._record(slot_id, False, "no new token (network or server problem)")
        self.session.slot_state_changed.emit(slot_id, state)

    def _record(self, slot_id: str, ok: bool, detail: str) -> None:
        entries = self._history.setdefault(slot_id, deque(maxlen=HISTORY_LENGTH))
        entries.appendleft(RefreshRecord(datetime.now(UTC), ok, detail))

    def history(self, slot_id: str) -> list[RefreshRecord]:
        """Newest first."""
        return list(self._history.get(slot_id, ()))

    # -- slots --------------------------------------------------------------------------
    def profile_changed(self, profile: Any) -> None:
        """The active profile changed: the panel re-reads ``slots()``."""

    def slots(self) -> list[TokenSlot]:
        profile = self.session.profile()
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
