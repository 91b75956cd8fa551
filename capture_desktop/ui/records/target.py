"""The record an editor's actions work on, handed to each action widget in one piece."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from capture_desktop.services.tasks import TaskRunner


@dataclass(frozen=True)
class RecordTarget:
    """The service whose calls an action makes (``RecordsService``), the record's type, its
    uuid (None until it is loaded) and the runner the action's tasks go to."""

    service: Any
    type_name: str
    uuid: Callable[[], str | None]
    runner: TaskRunner
