"""What the keyring store raises, importable without keyring (the UI matches these by class)."""

from __future__ import annotations

from typing import Final

__all__ = [
    "MAX_SECRET_BYTES",
    "SecretStoreError",
    "SecretStoreLocked",
    "SecretStoreUnavailable",
    "SecretTooLarge",
]

#: Windows' credential store holds at most 2560 bytes per item (keyring stores UTF-16 there).
#: Checked on every platform so a profile that works on Linux also works on Windows.
MAX_SECRET_BYTES: Final = 2560


class SecretStoreError(Exception):
    """A keyring operation failed."""


class SecretStoreUnavailable(SecretStoreError):
    """No usable keyring backend: the message says what to install or start."""


class SecretStoreLocked(SecretStoreUnavailable):
    """The keyring is locked, and unlocking was refused or dismissed."""


class SecretTooLarge(SecretStoreError, ValueError):
    def __init__(self, key: str, size: int) -> None:
        super().__init__(
            f"The secret {key!r} is {size} bytes; the keyring limit is {MAX_SECRET_BYTES} bytes."
        )
        self.key = key
        self.size = size
