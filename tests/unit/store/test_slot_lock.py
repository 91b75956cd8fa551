"""The per-slot OS file lock: one holder at a time, across threads and processes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from capture_desktop.store.slot_lock import SlotLockTimeout, lock_path, slot_lock, slot_lock_async


def test_a_second_holder_waits_then_times_out(tmp_path: Path) -> None:
    with (
        slot_lock("abc", folder=tmp_path),
        pytest.raises(SlotLockTimeout, match="abc"),
        slot_lock("abc", folder=tmp_path, timeout=0.05),
    ):
        pass
    with slot_lock("abc", folder=tmp_path, timeout=0.05):  # released: free again
        pass


def test_slots_lock_independently(tmp_path: Path) -> None:
    with slot_lock("one", folder=tmp_path), slot_lock("two", folder=tmp_path, timeout=0.05):
        pass


def test_another_process_holding_the_lock_blocks_this_one(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys; from pathlib import Path\n"
            "from capture_desktop.store.slot_lock import slot_lock\n"
            f"with slot_lock('xyz', folder=Path({str(tmp_path)!r})):\n"
            "    print('held', flush=True); sys.stdin.readline()\n"
        )],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(SlotLockTimeout), slot_lock("xyz", folder=tmp_path, timeout=0.05):
            pass
    finally:
        assert holder.stdin is not None
        holder.stdin.close()  # the holder lets go and exits
        holder.wait(timeout=30)
        holder.stdout.close()
    with slot_lock("xyz", folder=tmp_path, timeout=5):
        pass


async def test_the_async_lock_waits_off_the_loop(tmp_path: Path) -> None:
    release = threading.Event()
    held = threading.Event()

    def hold() -> None:
        with slot_lock("s1", folder=tmp_path):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    loop_ran: list[bool] = []

    async def meanwhile() -> None:
        loop_ran.append(True)  # the loop is free while the lock is awaited
        release.set()

    async def take() -> None:
        async with slot_lock_async("s1", folder=tmp_path, timeout=10):
            assert loop_ran == [True]

    await asyncio.gather(take(), meanwhile())
    thread.join(10)


def test_slot_ids_cannot_escape_the_lock_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a slot id"):
        lock_path("../x", tmp_path)
