"""Deleting a profile everywhere: its file entry, its token slots and all its secrets."""

from __future__ import annotations

from capture_desktop.store.profiles import Profile, ProfileStore
from capture_desktop.store.secrets import SecretStore
from capture_desktop.store.slots import SlotStore


async def remove_profile(
    name: str, profiles: ProfileStore, slots: SlotStore, secrets: SecretStore
) -> Profile:
    """Delete secrets first: if the keyring fails, the profile still lists them to retry."""
    slot_ids = [slot.slot_id for slot in slots.list(name)]
    profiles.get(name)  # raises ProfileNotFound before anything is touched
    await secrets.delete_profile(name, slot_ids)
    for slot_id in slot_ids:
        slots.delete(slot_id)
    return profiles.delete(name)
