"""TaskRunner keeps tasks, reports failures on one signal and cancels on quit."""

from __future__ import annotations

import asyncio

from capture_desktop.services.tasks import TaskRunner
from tests.helpers.qt import wait_signal


async def test_failure_is_reported_once_on_the_failed_signal(qapp: object) -> None:
    runner = TaskRunner()

    async def boom() -> None:
        raise ValueError("nope")

    runner.run(boom(), name="boom")
    name, exc = await wait_signal(runner.failed)
    assert name == "boom"
    assert isinstance(exc, ValueError)
    assert runner.pending() == []


async def test_aclose_cancels_running_tasks(qapp: object) -> None:
    runner = TaskRunner()
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    runner.run(forever(), name="forever")
    await started.wait()
    assert runner.pending() == ["forever"]
    await runner.aclose()
    assert cancelled.is_set()
    assert runner.pending() == []


async def test_aclose_waits_for_a_cleanup_instead_of_cancelling_it(qapp: object) -> None:
    runner = TaskRunner()
    steps: list[str] = []

    async def cleanup() -> None:
        steps.append("started")  # cancelled before its first step, this would never run
        await asyncio.sleep(0)
        steps.append("finished")

    task = runner.run(cleanup(), name="close-receiver", finish_on_quit=True)
    await runner.aclose()  # right away: the cleanup has not started yet
    assert steps == ["started", "finished"]
    assert not task.cancelled()
    assert runner.pending() == []
