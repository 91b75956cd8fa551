"""Every secret the app knows, by label, for the ticket export's final scan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from capture_desktop.redaction import registered_secrets
from capture_desktop.store.profiles import Profile
from capture_desktop.store.secrets import (
    SLOT_SECRET_KINDS,
    SecretStore,
    client_secret_key,
    slot_key,
)
from capture_desktop.store.slots import TokenSlot


async def gather_known_secrets(
    secrets: SecretStore,
    profiles: Iterable[Profile],
    slots: Iterable[TokenSlot],
    in_memory: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Keyring values (client secrets, slot tokens), the literals the API client has seen
    (tokens, codes, credentials) and any ``in_memory`` extras, each under a plain label."""
    known: dict[str, str] = {}
    for profile in profiles:
        value = await secrets.get(client_secret_key(profile.name))
        if value:
            known[f"the client secret of profile {profile.name!r}"] = value
    for slot in slots:
        for kind in SLOT_SECRET_KINDS:
            value = await secrets.get(slot_key(slot.profile, slot.slot_id, kind))
            if value:
                words = kind.replace("_", " ")
                known[f"the {words} of token slot {slot.label!r}"] = value
    for n, value in enumerate(registered_secrets(), 1):
        known.setdefault(f"a token or code this app received (#{n})", value)
    for label, value in (in_memory or {}).items():
        known[label] = value
    return known
