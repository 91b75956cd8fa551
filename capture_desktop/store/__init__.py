"""Profiles on disk and secrets in the OS keyring (Qt-free).

- ``Profile`` / ``ProfileStore``: connection settings, never a secret.
- ``SecretStore``: the client secret and tokens, one keyring item each.
- ``TokenSlot`` / ``SlotStore``: non-secret metadata of held tokens.
- ``paths``: the config and data folders (``CAPTURE_DESKTOP_HOME`` overrides).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from capture_desktop._lazy import lazy_namespace

if TYPE_CHECKING:
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

# Each public name and the module that defines it: importing the package stays cheap, and a
# name's module loads on first use (PEP 562).
_WHERE = {
    "ENVIRONMENT_COLOURS": "capture_desktop.store.profiles",
    "Profile": "capture_desktop.store.profiles",
    "ProfileExists": "capture_desktop.store.profiles",
    "ProfileFileCorrupt": "capture_desktop.store.profiles",
    "ProfileNotFound": "capture_desktop.store.profiles",
    "ProfileStore": "capture_desktop.store.profiles",
    "SERVICE": "capture_desktop.store.secrets",
    "SecretStore": "capture_desktop.store.secrets",
    "SecretStoreError": "capture_desktop.store.secret_errors",
    "SecretStoreLocked": "capture_desktop.store.secret_errors",
    "SecretStoreUnavailable": "capture_desktop.store.secret_errors",
    "SecretTooLarge": "capture_desktop.store.secret_errors",
    "SlotFileCorrupt": "capture_desktop.store.slots",
    "SlotNotFound": "capture_desktop.store.slots",
    "SlotStore": "capture_desktop.store.slots",
    "StoreFileCorrupt": "capture_desktop.store.jsonfile",
    "StoreFileError": "capture_desktop.store.jsonfile",
    "StoreFileTooNew": "capture_desktop.store.jsonfile",
    "TokenSlot": "capture_desktop.store.slots",
    "client_secret_key": "capture_desktop.store.secrets",
    "remove_profile": "capture_desktop.store.removal",
    "slot_key": "capture_desktop.store.secrets",
}

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


__getattr__, __dir__ = lazy_namespace(__name__, _WHERE)
