"""Revoke at the server: ``entity.deleteAccess`` for a slot's record, then mark its slots.

Deleting a slot only forgets the token here; anyone holding a copy can still use it. This
asks Capture to kill every access and refresh token of the record, then marks every slot of
that record (in the same profile) ``revoked``, so no refresh is ever attempted with them.
"""

from __future__ import annotations

from typing import Protocol

from capture_desktop.api.credentials import ClientCredentials
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.auth.token_keeper import TokenKeeper

__all__ = ["DeleteAccessClient", "SlotNotRevocable", "revoke_record", "revoke_slot"]


class DeleteAccessClient(Protocol):
    async def entity_delete_access(
        self, type_name: str, selector: RecordSelector, *, auth: ClientCredentials | None = None
    ) -> None: ...


class SlotNotRevocable(ValueError):
    """The slot does not say which record it belongs to (or holds a creation token)."""


async def revoke_slot(keeper: TokenKeeper, client: DeleteAccessClient, slot_id: str) -> list[str]:
    """Revoke the record's tokens at the server; returns the ids of the slots now revoked."""
    slot = keeper.slot(slot_id)
    if slot.kind != "access" or not slot.record_uuid or not slot.type_name:
        raise SlotNotRevocable(
            f"Token slot {slot.label!r} does not name its record, so there is nothing to "
            "revoke at the server; delete the slot instead."
        )
    return await revoke_record(keeper, client, slot.profile, slot.type_name, slot.record_uuid)


async def revoke_record(
    keeper: TokenKeeper | None,
    client: DeleteAccessClient,
    profile: str,
    type_name: str,
    record_uuid: str,
) -> list[str]:
    """entity.deleteAccess for one record (with the client's own credentials), then every
    access slot of that record in ``profile`` turns ``revoked``; returns their ids.

    ``keeper`` None: nothing is kept here, so only the server is asked.
    """
    await client.entity_delete_access(type_name, RecordSelector.by_uuid(record_uuid))
    if keeper is None:
        return []
    same_record = [
        s.slot_id
        for s in keeper.slots(profile)
        if s.kind == "access" and s.record_uuid == record_uuid
    ]
    for other in same_record:
        await keeper.mark_revoked(other)
    return same_record
