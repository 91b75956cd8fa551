"""Token-slot metadata on disk: which tokens exist, for whom, until when. No token values.

A slot is one named token held for a profile: an access token (with its refresh token) for
one record, or a creation token. The values live in the keyring (``SecretStore``); this
file (``paths.slots_file()``, under the data folder) keeps what the UI lists and what the
token lifecycle needs to know without touching the keyring: expiry, record, client, and
whether the slot needs a new sign-in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal, cast, get_args

from capture_desktop.store.jsonfile import (
    StoreFileCorrupt,
    atomic_write_json,
    read_keyed,
)

SlotKind = Literal["access", "creation"]
#: "unsaved": a rotated refresh token is held in memory only, because the keyring refused it.
#: "revoked": entity.deleteAccess killed the slot's tokens at the server.
SlotState = Literal[
    "valid", "expiring", "refreshing", "expired", "needs_sign_in", "revoked", "unsaved"
]
SLOT_STATES: tuple[str, ...] = get_args(SlotState)
FILE_VERSION = 1


class SlotNotFound(KeyError):
    def __init__(self, slot_id: str) -> None:
        super().__init__(slot_id)
        self.slot_id = slot_id

    def __str__(self) -> str:
        return f"No token slot {self.slot_id!r}."


@dataclass(frozen=True)
class TokenSlot:
    """Non-secret facts about one held token."""

    slot_id: str
    label: str
    profile: str
    kind: SlotKind
    record_uuid: str | None = None
    email: str | None = None
    client_id: str | None = None
    type_name: str | None = None
    expires_at: datetime | None = None
    auto_refresh: bool = True
    #: On disk only "valid", "needs_sign_in" or "revoked" (entity.deleteAccess) matter; the
    #: keeper derives the rest from time.
    state: SlotState = "valid"
    issued_at: datetime | None = None
    #: False when the token came without a refresh token: refreshing is not possible.
    refreshable: bool = True
    #: Kept in memory for this run only (no keyring): never written to the slot file.
    session_only: bool = False
    #: Why the slot needs a new sign-in, in plain words (kept so the next start says it too).
    reason: str | None = None
    #: The keyring refused the slot's newest refresh token: what it holds is already spent.
    unsaved: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("session_only")
        for key in ("expires_at", "issued_at"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TokenSlot:
        known = {f.name for f in dataclasses.fields(cls)} - {"session_only"}
        kwargs = {k: v for k, v in data.items() if k in known}
        for key in ("expires_at", "issued_at"):
            value = kwargs.get(key)
            if value is not None:
                parsed = datetime.fromisoformat(value)
                if parsed.tzinfo is None:
                    raise ValueError(f"{key} has no time zone")
                kwargs[key] = parsed
        slot = cls(**kwargs)
        if slot.kind not in ("access", "creation") or slot.state not in SLOT_STATES:
            raise ValueError(f"slot {slot.slot_id!r} has an unknown kind or state")
        if not isinstance(slot.slot_id, str) or not slot.slot_id:
            raise ValueError("a slot has no id")
        return slot


#: How long before its expiry a token counts as expiring (and is refreshed when used).
EXPIRY_MARGIN = timedelta(seconds=60)


def expiry_margin(slot: TokenSlot, margin: timedelta = EXPIRY_MARGIN) -> timedelta:
    """``margin``, or half the token's lifetime when that is shorter: a short-lived token (a
    sandbox set to 30 s) must not count as expiring from birth."""
    if slot.issued_at is not None and slot.expires_at is not None:
        return min(margin, (slot.expires_at - slot.issued_at) / 2)
    return margin


def timed_state(slot: TokenSlot, now: datetime, margin: timedelta = EXPIRY_MARGIN) -> SlotState:
    """The slot's state by the clock: needs_sign_in or revoked as stored, else valid,
    expiring or expired. (Only the token keeper knows "refreshing" and "unsaved".)"""
    if slot.state in ("needs_sign_in", "revoked"):
        return slot.state
    if slot.unsaved:  # an earlier run lost the only copy of the rotated refresh token
        return "needs_sign_in"
    if slot.expires_at is None:
        return "valid"
    if now >= slot.expires_at:
        return "expired"
    if now >= slot.expires_at - expiry_margin(slot, margin):
        return "expiring"
    return "valid"


class SlotFileCorrupt(StoreFileCorrupt):
    """The slot metadata file was unreadable; kept aside at ``kept_at``."""


class SlotStore:
    """The slot metadata file. Every change is written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._slots: dict[str, TokenSlot] | None = None
        self.seen_stamp: tuple[int, int, int] | None = None

    def load(self) -> list[TokenSlot]:
        # Session-only slots are this process's alone and never on disk: a re-read after
        # another process wrote the file keeps them.
        memory_only = [s for s in (self._slots or {}).values() if s.session_only]
        self.seen_stamp = self.disk_stamp()
        try:
            self._slots = read_keyed(
                self.path,
                version=FILE_VERSION,
                key="slots",
                parse=TokenSlot.from_dict,
                key_of=lambda slot: slot.slot_id,
                what="an invalid slot",
                corrupt=SlotFileCorrupt,
            )
        except SlotFileCorrupt:
            # The bad file was kept aside: start empty. (A too-new file is not caught here:
            # it stays unloaded, so nothing overwrites it.) This run's session-only slots stay.
            self._slots = {s.slot_id: s for s in memory_only}
            raise
        self._slots.update((s.slot_id, s) for s in memory_only)
        return self.list()

    def disk_stamp(self) -> tuple[int, int, int] | None:
        """The file's (inode, mtime ns, size): atomic writes replace the file, so any write by
        any process changes it."""
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def changed_on_disk(self) -> bool:
        """True when another process (or store) wrote the file since this one read it."""
        return self._slots is not None and self.disk_stamp() != self.seen_stamp

    def _loaded(self) -> dict[str, TokenSlot]:
        if self._slots is None:
            self.load()
        return cast(dict[str, TokenSlot], self._slots)

    def _save(self, slots: dict[str, TokenSlot]) -> None:
        kept = [s.to_dict() for s in slots.values() if not s.session_only]
        atomic_write_json(self.path, {"version": FILE_VERSION, "slots": kept})
        self._slots = slots
        self.seen_stamp = self.disk_stamp()

    def list(self, profile: str | None = None) -> list[TokenSlot]:
        return [s for s in self._loaded().values() if profile is None or s.profile == profile]

    def get(self, slot_id: str) -> TokenSlot:
        try:
            return self._loaded()[slot_id]
        except KeyError:
            raise SlotNotFound(slot_id) from None

    def put(self, slot: TokenSlot) -> None:
        slots = dict(self._loaded())
        slots[slot.slot_id] = slot
        self._save(slots)

    def delete(self, slot_id: str) -> TokenSlot:
        slots = dict(self._loaded())
        try:
            removed = slots.pop(slot_id)
        except KeyError:
            raise SlotNotFound(slot_id) from None
        self._save(slots)
        return removed
