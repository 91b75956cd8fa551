"""Run the Records view's coroutines through the session's TaskRunner (or a private one).

Widgets keep no bare ``asyncio.create_task``: the runner holds strong references, reports
failures on one signal and cancels on quit.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from capture_desktop.services.tasks import TaskRunner


def runner_for(session: object, owner: QObject) -> TaskRunner:
    """The session's runner when it has one; else a runner owned by ``owner``."""
    runner = getattr(session, "runner", None)
    if isinstance(runner, TaskRunner):
        return runner
    return TaskRunner(owner)
