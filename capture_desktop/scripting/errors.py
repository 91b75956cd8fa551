"""Exit codes of the scripting commands, and the one place errors become them.

| code | meaning |
|---|---|
| 0 | ok |
| 1 | any other failure (a file that cannot be read, a corrupt store, …) |
| 2 | usage: a bad option, an unknown profile or slot, a missing secret |
| 3 | needs sign-in: the slot expired, was revoked, or its refresh token was refused |
| 4 | the keyring is unavailable or locked |
| 5 | the server (or the network to it) failed the call |
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from enum import IntEnum
from types import UnionType
from typing import Any

from capture_desktop.api.errors import ApiError, TransportError
from capture_desktop.auth.flows import SignInDenied
from capture_desktop.auth.loopback import LoopbackError
from capture_desktop.auth.revoke import SlotNotRevocable
from capture_desktop.auth.token_types import TokenError
from capture_desktop.store.jsonfile import StoreFileError
from capture_desktop.store.profiles import ProfileExists, ProfileNotFound
from capture_desktop.store.secrets import SecretStoreError, SecretStoreUnavailable
from capture_desktop.store.slot_lock import SlotLockTimeout
from capture_desktop.store.slots import SlotNotFound

EXIT_CODES_HELP = """exit codes:
  0  ok
  1  another failure (an unreadable file, a corrupt store)
  2  usage: a bad option, an unknown profile or slot, no client secret
  3  needs sign-in: the token expired, was revoked, or cannot be refreshed
  4  the system keyring is unavailable or locked
  5  the server or the network failed the call
"""


def help_pages(examples: str) -> dict[str, Any]:
    """argparse keywords for a help page that ends with ``examples`` and the exit codes."""
    return {
        "formatter_class": argparse.RawDescriptionHelpFormatter,
        "epilog": examples + "\n" + EXIT_CODES_HELP,
    }


def add_command_group(sub: Any, name: str, help: str, description: str, examples: str) -> Any:
    """A command (``profile``, ``token``) whose actions are subcommands; returns their
    subparsers."""
    group = sub.add_parser(name, help=help, description=description, **help_pages(examples))
    return group.add_subparsers(dest="action", required=True, metavar="ACTION")


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    NEEDS_SIGN_IN = 3
    KEYRING = 4
    SERVER = 5


class CliError(Exception):
    """A failure already put in plain words, with its exit code."""

    def __init__(self, message: str, code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__(message)
        self.code = code


def _api_words(exc: ApiError) -> str:
    # ApiError's text carries the code, its plain meaning and the request_id.
    return f"The server refused the call: {exc}"


# What each failure means for the exit code and the line shown, first match wins (subclasses
# before their bases).
_CLASSES: tuple[tuple[type[BaseException] | UnionType, ExitCode, Callable[[Any], str]], ...] = (
    (ProfileNotFound | SlotNotFound | ProfileExists | SlotNotRevocable, ExitCode.USAGE, str),
    (
        TokenError,
        ExitCode.NEEDS_SIGN_IN,
        lambda exc: f"{exc} (capture-desktop token new mints a new token)",
    ),
    (
        SecretStoreUnavailable,
        ExitCode.KEYRING,
        lambda exc: f"The system keyring is unavailable: {exc}",
    ),
    (SecretStoreError, ExitCode.KEYRING, str),
    (ApiError, ExitCode.SERVER, _api_words),
    (TransportError, ExitCode.SERVER, lambda exc: f"Could not reach the server: {exc}"),
    (LoopbackError, ExitCode.FAILED, lambda exc: f"The loopback receiver failed: {exc}"),
    (SignInDenied, ExitCode.SERVER, str),
    (SlotLockTimeout | StoreFileError | OSError, ExitCode.FAILED, str),
)


def classify(exc: BaseException) -> tuple[ExitCode, str]:
    """The exit code and the plain-words line for ``exc``."""
    if isinstance(exc, CliError):
        return exc.code, str(exc)
    for kinds, code, words in _CLASSES:
        if isinstance(exc, kinds):
            return code, words(exc)
    return ExitCode.FAILED, f"Unexpected error: {type(exc).__name__}: {exc}"
