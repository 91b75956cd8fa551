"""Profiles on disk and secrets in the OS keyring (Qt-free).

- ``Profile`` / ``ProfileStore``: connection settings, never a secret.
- ``SecretStore``: the client secret and tokens, one keyring item each.
- ``TokenSlot`` / ``SlotStore``: non-secret metadata of held tokens.
- ``paths``: the config and data folders (``CAPTURE_DESKTOP_HOME`` overrides).
"""

from __future__ import annotations

from capture_desktop.store.jsonfile import StoreFileCorrupt, StoreFileError, StoreFileTooNew
from capture_desktop.store.profiles import (
    ENVIRONMENT_COLOURS,
    Profile,
    ProfileExists,
    ProfileFileCorrupt,
    ProfileNotFound,
    ProfileStore,
)
from capture_desktop.store.removal import remove_profile
from capture_desktop.store.secrets import (
    SERVICE,
    SecretStore,
    SecretStoreError,
    SecretStoreLocked,
    SecretStoreUnavailable,
    SecretTooLarge,
    client_secret_key,
    slot_key,
)
from capture_desktop.store.slots import SlotFileCorrupt, SlotNotFound, SlotStore, TokenSlot

__all__ = [
    "ENVIRONMENT_COLOURS",
    "SERVICE",
    "Profile",
    "ProfileExists",
    "ProfileFileCorrupt",
    "ProfileNotFound",
    "ProfileStore",
    "SecretStore",
    "SecretStoreError",
    "SecretStoreLocked",
    "SecretStoreUnavailable",
    "SecretTooLarge",
    "SlotFileCorrupt",
    "SlotNotFound",
    "SlotStore",
    "StoreFileCorrupt",
    "StoreFileError",
    "StoreFileTooNew",
    "TokenSlot",
    "client_secret_key",
    "remove_profile",
    "slot_key",
]
