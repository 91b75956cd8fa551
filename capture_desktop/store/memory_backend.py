"""An in-memory keyring backend for tests and throw-away sessions.

Register it through keyring's own API (``keyring.set_keyring(MemoryKeyring())``); the
``memory_keyring`` fixture in ``tests/helpers/keyring.py`` does that and restores the previous
backend afterwards. Secrets vanish with the process, so it must never be picked by keyring's
automatic backend detection: its priority is negative, below the fail backend.
"""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A dict behind a lock (keyring calls arrive from worker threads)."""

    @properties.classproperty
    def priority(cls) -> float:
        # Below the fail backend (0): keyring's auto-detection must never choose a store
        # that forgets every secret on exit. Tests select it explicitly.
        return -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring's __init__ is untyped
        self._items: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            try:
                del self._items[(service, username)]
            except KeyError:
                raise PasswordDeleteError(f"no such item: {service}/{username}") from None

    def usernames(self, service: str) -> list[str]:
        """The item names stored under ``service`` (a test aid; real keyrings cannot list)."""
        with self._lock:
            return sorted(user for svc, user in self._items if svc == service)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
