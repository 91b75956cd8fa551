"""Each failure of a ``capture-desktop`` command maps to its exit code and a plain line."""

from __future__ import annotations

from pathlib import Path

import pytest

from capture_desktop.api.errors import ApiError, NetworkError
from capture_desktop.auth.callback import SignInDenied
from capture_desktop.auth.loopback import LoopbackError
from capture_desktop.scripting.errors import CliError, ExitCode, classify
from capture_desktop.store.jsonfile import StoreFileError
from capture_desktop.store.profiles import ProfileNotFound
from capture_desktop.store.secret_errors import SecretStoreError, SecretStoreUnavailable
from capture_desktop.store.slot_lock import SlotLockTimeout
from capture_desktop.store.slots import SlotNotFound


@pytest.mark.parametrize(
    ("exc", "code", "starts"),
    [
        (CliError("bad flag", ExitCode.KEYRING), ExitCode.KEYRING, "bad flag"),
        (CliError("bad flag"), ExitCode.USAGE, "bad flag"),
        (ProfileNotFound("qa"), ExitCode.USAGE, ""),
        (SlotNotFound("s-1"), ExitCode.USAGE, ""),
        (
            SecretStoreUnavailable("no D-Bus"),
            ExitCode.KEYRING,
            "The system keyring is unavailable:",
        ),
        (SecretStoreError("locked"), ExitCode.KEYRING, "locked"),
        (
            ApiError.from_payload({"stat": "error", "code": 310}),
            ExitCode.SERVER,
            "The server refused",
        ),
        (NetworkError("refused"), ExitCode.SERVER, "Could not reach the server:"),
        (LoopbackError("port busy"), ExitCode.FAILED, "The loopback receiver failed: port busy"),
        (SignInDenied("access_denied"), ExitCode.SERVER, ""),
        (SlotLockTimeout("s-1", 1.0), ExitCode.FAILED, ""),
        (StoreFileError(Path("x.json"), "broken"), ExitCode.FAILED, ""),
        (PermissionError("denied"), ExitCode.FAILED, "denied"),
        (RuntimeError("boom"), ExitCode.FAILED, "Unexpected error: RuntimeError: boom"),
    ],
)
def test_a_failure_gets_its_exit_code_and_words(
    exc: BaseException, code: ExitCode, starts: str
) -> None:
    got_code, words = classify(exc)
    assert got_code == code
    assert words.startswith(starts) and words


def test_a_network_error_is_not_mistaken_for_a_missing_file() -> None:
    # OSError is the last resort: a transport error is worded as one, whatever it wraps.
    assert classify(NetworkError("reset"))[0] == ExitCode.SERVER
