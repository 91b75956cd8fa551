"""Async helpers for Qt tests on a qasync loop: wait for a signal or a condition, no sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


async def wait_signal(signal: Any, timeout: float = 10.0) -> tuple[Any, ...]:
    """Await the next emission of ``signal`` and return its arguments."""
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[tuple[Any, ...]] = loop.create_future()

    def _on(*args: Any) -> None:
        if not fut.done():
            fut.set_result(args)

    signal.connect(_on)
    try:
        return await asyncio.wait_for(fut, timeout)
    finally:
        signal.disconnect(_on)


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll ``predicate`` on the event loop (each check yields to it) until true."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {predicate}")
        await asyncio.sleep(0.01)
