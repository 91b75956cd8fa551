"""TaskRunner: the one owner of background coroutines started by the UI.

It keeps a strong reference to every task (asyncio holds only weak ones), reports any failure
on one ``failed(name, exc)`` signal, and cancels what is left on quit (a cleanup started with
``finish_on_quit`` is awaited instead). Call it on the GUI thread, with the qasync loop running.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger("capture_desktop.services.tasks")

T = TypeVar("T")

_RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def live_runners() -> list[TaskRunner]:
    """Every TaskRunner still alive (the test suite's leak check reads their tasks)."""
    return list(_RUNNERS)


class TaskRunner(QObject):
    """Start, track and cancel coroutines; failures go to ``failed``."""

    failed = Signal(str, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._cleanups: set[asyncio.Task[Any]] = set()
        _RUNNERS.add(self)

    def run(
        self, coro: Coroutine[Any, Any, T], *, name: str, finish_on_quit: bool = False
    ) -> asyncio.Task[T]:
        """Start ``coro``. ``finish_on_quit`` marks a cleanup (a window closing its loopback
        receiver): ``cancel_all`` leaves it running and ``aclose`` waits for its end, since
        cancelling it before its first step would skip the cleanup altogether."""
        import asyncio  # not at module level: it is not needed before the window paints

        task = asyncio.get_event_loop().create_task(coro, name=name)
        was_idle = not self._tasks
        self._tasks.add(task)
        if finish_on_quit:
            self._cleanups.add(task)
        task.add_done_callback(self._done)
        if was_idle:
            self.busy_changed.emit(True)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        self._cleanups.discard(task)
        if not self._tasks:
            self.busy_changed.emit(False)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("task %s failed", task.get_name(), exc_info=exc)
            self.failed.emit(task.get_name(), exc)

    def pending(self) -> list[str]:
        """Names of the tasks still running (the leak check in tests reads this)."""
        return sorted(t.get_name() for t in self._tasks)

    def cancel_all(self) -> list[asyncio.Task[Any]]:
        """Cancel every running task but the cleanups; returns them all so a caller may
        await their end."""
        tasks = list(self._tasks)
        for task in tasks:
            if task not in self._cleanups:
                task.cancel()
        return tasks

    async def aclose(self) -> None:
        """Cancel everything and wait until the tasks have really finished."""
        import asyncio

        tasks = self.cancel_all()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


class OwnedTasks:
    """The tasks one window started, so it can cancel them when it closes.

    A coroutine that touches a window's widgets must not outlive the window; the window
    calls ``cancel()`` from its ``closeEvent``.
    """

    def __init__(self, runner: TaskRunner) -> None:
        self.runner = runner
        self._tasks: set[asyncio.Task[Any]] = set()

    def run(self, coro: Coroutine[Any, Any, T], *, name: str) -> asyncio.Task[T]:
        task = self.runner.run(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def running(self) -> list[asyncio.Task[Any]]:
        return list(self._tasks)

    def cancel(self) -> list[asyncio.Task[Any]]:
        """Cancel this window's tasks; returns them so a caller may await their end."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        return tasks
