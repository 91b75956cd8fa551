"""One OS file lock per token slot, shared by the GUI and every CLI process.

Capture refresh tokens are single-use: two processes refreshing the same slot at once would
spend the token twice, and the loser's slot would be stranded. Whoever refreshes holds the
slot's lock, re-reads the slot under it, and refreshes only if the token is still stale.

The lock is advisory (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) on a small file
under the data folder (``locks/<slot id>.lock``); the OS drops it when the holder exits, so a
crashed process never leaves a slot locked. Locks are per open file, so two threads of one
process exclude each other too.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from capture_desktop.store import paths

__all__ = ["SlotLockTimeout", "lock_path", "slot_lock", "slot_lock_async"]

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class SlotLockTimeout(TimeoutError):
    def __init__(self, slot_id: str, timeout: float) -> None:
        super().__init__(
            f"Another program held token slot {slot_id!r} for more than {timeout:g} s."
        )
        self.slot_id = slot_id


def lock_path(slot_id: str, folder: Path | None = None) -> Path:
    if not _SAFE_ID.match(slot_id):
        raise ValueError(f"not a slot id: {slot_id!r}")
    base = folder if folder is not None else paths.data_dir() / "locks"
    base.mkdir(parents=True, exist_ok=True)
    return base / f"{slot_id}.lock"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_within(fd: int, timeout: float) -> bool:
    # Neither flock nor msvcrt.locking takes a timeout, and a blocking flock in a thread
    # could never be given up: so try, and back off (10 ms up to 100 ms) until the deadline.
    # A refresh holds the lock for one HTTP round trip, so the wait is short.
    deadline = time.monotonic() + timeout
    pause = 0.01
    while not _try_lock(fd):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(pause, remaining))
        pause = min(pause * 2, 0.1)
    return True


@contextlib.contextmanager
def _lock_file(slot_id: str, folder: Path | None) -> Iterator[int]:
    """The slot's lock file, open (owner-only) for as long as the block runs."""
    fd = os.open(lock_path(slot_id, folder), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        yield fd
    finally:
        os.close(fd)


@contextlib.contextmanager
def _held(fd: int) -> Iterator[None]:
    """Release the lock on ``fd`` (already taken) when the block ends, however it ends."""
    try:
        yield
    finally:
        _unlock(fd)


@contextlib.contextmanager
def slot_lock(slot_id: str, *, timeout: float = 60.0, folder: Path | None = None) -> Iterator[None]:
    """Hold the slot's lock (blocking this thread up to ``timeout`` seconds)."""
    with _lock_file(slot_id, folder) as fd:
        if not _lock_within(fd, timeout):
            raise SlotLockTimeout(slot_id, timeout)
        with _held(fd):
            yield


@contextlib.asynccontextmanager
async def slot_lock_async(
    slot_id: str,
    *,
    timeout: float = 60.0,  # noqa: ASYNC109 - the wait runs in a worker thread
    folder: Path | None = None,
) -> AsyncIterator[None]:
    """The same lock for a coroutine: waiting happens in a worker thread, never on the loop."""
    with _lock_file(slot_id, folder) as fd:
        if not _try_lock(fd) and not await asyncio.to_thread(_lock_within, fd, timeout):
            raise SlotLockTimeout(slot_id, timeout)
        with _held(fd):
            yield
