"""ProfileService: save, rename, duplicate and delete connection profiles with their secrets.

It owns the profile file and the keyring store (both built on first use, so the window paints
before keyring loads). A profile's client secret moves with it: on a rename the new keyring
items are written before the old ones are deleted, so no failure loses a secret.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from capture_desktop.auth.token_keeper import TokenKeeper
    from capture_desktop.store.profiles import Profile, ProfileStore
    from capture_desktop.store.secrets import SecretStore

#: Where a sandbox profile's secret comes from when there is no keyring (its clients.json).
SandboxSecret = Callable[[str], Awaitable[str | None]]


class ProfileService:
    """Profiles on disk and their client secrets in the keyring."""

    def __init__(
        self,
        profile_store: ProfileStore | None = None,
        secret_store: SecretStore | None = None,
    ) -> None:
        self._profiles = profile_store
        self._secrets = secret_store

    @property
    def store(self) -> ProfileStore:
        if self._profiles is None:
            from capture_desktop.store import paths
            from capture_desktop.store.profiles import ProfileStore

            self._profiles = ProfileStore(paths.profiles_file())
        return self._profiles

    @property
    def secrets(self) -> SecretStore:
        if self._secrets is None:
            from capture_desktop.store.secrets import SecretStore

            self._secrets = SecretStore()
        return self._secrets

    async def client_secret(
        self, name: str, sandbox_secret: SandboxSecret | None = None
    ) -> str | None:
        """The profile's client secret from the keyring.

        Without a keyring, a built-in sandbox profile's demo secret comes from the sandbox's
        own clients.json (``sandbox_secret``); real profiles never fall back.
        """
        from capture_desktop.store.secret_errors import SecretStoreUnavailable
        from capture_desktop.store.secrets import client_secret_key

        try:
            return await self.secrets.get(client_secret_key(name))
        except SecretStoreUnavailable:
            if sandbox_secret is not None and name in self.store.names():
                profile = self.store.get(name)
                if profile.sandbox:
                    return await sandbox_secret(profile.client_id)
            raise

    async def forget_secret(self, name: str) -> None:
        from capture_desktop.store.secrets import client_secret_key

        await self.secrets.delete(client_secret_key(name))

    async def save(self, profile: Profile, secret: str | None, replace: str | None) -> None:
        """Store ``profile`` in place of ``replace``; a given secret goes to the keyring first."""
        from capture_desktop.store.secrets import client_secret_key

        if secret:
            await self.secrets.set(client_secret_key(profile.name), secret)
        self.store.put(profile, replace=replace)

    async def rename(
        self, old: str, profile: Profile, secret: str | None, keeper: TokenKeeper
    ) -> None:
        """Move the client secret and token slots to the new name, then rename the entry.

        New keyring items are written before old ones are deleted: no failure loses a secret,
        and none is left under the old name (where deleting the profile would not find it).
        """
        from capture_desktop.store.profiles import ProfileExists
        from capture_desktop.store.secrets import client_secret_key

        new = profile.name
        if new in self.store.names():  # before any write: keep the other's secrets
            raise ProfileExists(f"A profile named {new!r} already exists.")
        secret = secret or await self.secrets.get(client_secret_key(old))
        if secret:
            await self.secrets.set(client_secret_key(new), secret)
        try:
            await keeper.rename_profile(old, new)
        except BaseException:
            if secret:  # nothing was renamed: drop the copy under the new name
                await self.secrets.delete(client_secret_key(new))
            raise
        try:
            self.store.put(profile, replace=old)
        except BaseException:
            await keeper.rename_profile(new, old)  # the slots follow it back
            raise
        await self.secrets.delete(client_secret_key(old))

    async def duplicate(self, name: str, secret: str | None) -> Profile:
        """Copy a profile under a free name, with ``secret`` (its client secret) if given."""
        from capture_desktop.store.secrets import client_secret_key

        copy = self.store.duplicate(name)
        if secret:
            await self.secrets.set(client_secret_key(copy.name), secret)
        return copy

    async def delete(self, name: str, slot_ids: list[str]) -> None:
        """Delete the profile, its client secret and the secrets of ``slot_ids``."""
        await self.secrets.delete_profile(name, slot_ids)
        self.store.delete(name)
