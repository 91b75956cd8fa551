"""Secrets in the OS keyring: one item per secret, under one service name.

Item names: ``"<profile>:client_secret"`` and ``"<profile>:slot:<slot id>:<token kind>"``.
Every keyring call runs in a worker thread (``asyncio.to_thread``) so the event loop never
blocks on D-Bus or the Windows credential store; calls are serialised, since some backends
are not safe to use from several threads at once.

When no usable backend exists (keyring's fail backend, the null backend, or a plaintext-file
backend from ``keyrings.alt``) every call raises ``SecretStoreUnavailable`` saying what to
install. Nothing ever falls back to a file.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Final, Literal, TypeVar

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

from capture_desktop.store.secret_errors import (
    MAX_SECRET_BYTES,
    SecretStoreError,
    SecretStoreLocked,
    SecretStoreUnavailable,
    SecretTooLarge,
)

__all__ = [
    "MAX_SECRET_BYTES",
    "SERVICE",
    "SLOT_SECRET_KINDS",
    "SecretStore",
    "SecretStoreError",
    "SecretStoreLocked",
    "SecretStoreUnavailable",
    "SecretTooLarge",
    "SlotSecretKind",
    "client_secret_key",
    "install_advice",
    "slot_key",
    "unusable_reason",
]

SERVICE: Final = "capture-desktop"

SlotSecretKind = Literal["access_token", "refresh_token", "creation_token"]
SLOT_SECRET_KINDS: Final[tuple[SlotSecretKind, ...]] = (
    "access_token",
    "refresh_token",
    "creation_token",
)

T = TypeVar("T")


def install_advice(platform: str | None = None) -> str:
    """What a user must do so that keyring finds a secure backend on this platform."""
    platform = platform or sys.platform
    if platform.startswith("linux") or "bsd" in platform:
        return (
            "Capture Desktop keeps client secrets and tokens only in the system keyring, and "
            "none was found. Install and start a Secret Service provider, for example GNOME "
            "Keyring (package 'gnome-keyring') or KeePassXC with Secret Service integration, "
            "in a desktop session with D-Bus. Secrets are never written to a plain file."
        )
    if platform == "darwin":
        return "The macOS Keychain could not be reached. Unlock the login keychain and retry."
    if platform.startswith("win"):
        return "The Windows Credential Manager could not be reached. Sign in to Windows normally."
    return "No system keyring was found. Install a keyring backend supported by 'keyring'."


def slot_key(profile: str, slot_id: str, kind: SlotSecretKind) -> str:
    return f"{profile}:slot:{slot_id}:{kind}"


def client_secret_key(profile: str) -> str:
    return f"{profile}:client_secret"


def unusable_reason(backend: KeyringBackend) -> str | None:
    """Why ``backend`` must not hold our secrets, or ``None`` when it may."""
    module = type(backend).__module__
    if module == "keyring.backends.fail":
        return "no keyring backend is available"
    if module == "keyring.backends.null":
        return "the keyring is disabled (null backend)"
    if module.startswith("keyrings.alt"):
        return "the only keyring backend stores secrets in a plain file (keyrings.alt)"
    if module == "keyring.backends.chainer" and not getattr(backend, "backends", None):
        return "no keyring backend is available"
    return None


class SecretStore:
    """Async access to the keyring for one service name.

    ``backend=None`` uses keyring's active backend at each call (what
    ``keyring.set_keyring`` selected), so tests can swap it in.
    """

    def __init__(self, service: str = SERVICE, *, backend: KeyringBackend | None = None) -> None:
        self.service = service
        self._backend = backend
        self._lock = threading.Lock()

    def backend(self) -> KeyringBackend:
        # keyring (and its D-Bus backends) load on the first call, off the window's first paint.
        import keyring

        return self._backend if self._backend is not None else keyring.get_keyring()

    def backend_name(self) -> str:
        return type(self.backend()).__qualname__

    def _run(self, op: Callable[[KeyringBackend], T]) -> T:
        # Runs in a worker thread; translates keyring's errors into ours at this one point.
        from keyring.errors import KeyringError, KeyringLocked, NoKeyringError

        backend = self.backend()
        reason = unusable_reason(backend)
        if reason is not None:
            raise SecretStoreUnavailable(f"{reason}. {install_advice()}")
        try:
            with self._lock:
                return op(backend)
        except (NoKeyringError, KeyringLocked) as exc:
            cls = SecretStoreLocked if isinstance(exc, KeyringLocked) else SecretStoreUnavailable
            raise cls(f"The keyring refused the request ({exc}). {install_advice()}") from exc
        except KeyringError as exc:
            raise SecretStoreError(f"The keyring failed: {exc}") from exc
        except SecretStoreError:
            raise
        except Exception as exc:
            # Backends leak their own errors (D-Bus, secretstorage); one type for callers.
            raise SecretStoreError(f"The keyring failed: {type(exc).__name__}: {exc}") from exc

    async def check_available(self) -> None:
        """Raise ``SecretStoreUnavailable`` unless a secure backend answers."""
        await asyncio.to_thread(self._run, lambda b: b.get_password(self.service, "__probe__"))

    async def get(self, key: str) -> str | None:
        return await asyncio.to_thread(self._run, lambda b: b.get_password(self.service, key))

    async def set(self, key: str, value: str) -> None:
        size = len(value.encode("utf-16-le"))
        if size > MAX_SECRET_BYTES:
            raise SecretTooLarge(key, size)
        await asyncio.to_thread(self._run, lambda b: b.set_password(self.service, key, value))

    async def delete(self, key: str) -> bool:
        """Delete ``key``; ``False`` when there was nothing to delete."""

        from keyring.errors import PasswordDeleteError

        def op(backend: KeyringBackend) -> bool:
            try:
                backend.delete_password(self.service, key)
            except PasswordDeleteError:
                return False
            return True

        return await asyncio.to_thread(self._run, op)

    async def delete_many(self, keys: Iterable[str]) -> int:
        count = 0
        for key in keys:
            count += await self.delete(key)
        return count

    async def delete_slot(self, profile: str, slot_id: str) -> int:
        return await self.delete_many(slot_key(profile, slot_id, k) for k in SLOT_SECRET_KINDS)

    async def delete_profile(self, profile: str, slot_ids: Iterable[str] = ()) -> int:
        """Delete the client secret and every listed slot's tokens of ``profile``."""
        count = int(await self.delete(client_secret_key(profile)))
        for slot_id in slot_ids:
            count += await self.delete_slot(profile, slot_id)
        return count
