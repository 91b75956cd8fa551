"""A small hand-written session for the Records view: the real CaptureClient and sandbox,
without the profile store or keyring that the Records view does not use.

It offers exactly what ``RecordsService`` reads from a Session: ``client()``, ``profile()``,
``features()``, ``runner`` and ``token_keeper`` (slots plus ``call_with_retry`` /
``creation_token``), and the ``slots_changed``/``profile_changed`` signals.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from capture_desktop.services.tasks import TaskRunner

T = TypeVar("T")


@dataclass
class FakeProfile:
    name: str = "Sandbox"
    client_id: str = ""
    type_name: str = "user"
    environment: str = "sandbox"


@dataclass
class FakeSlot:
    slot_id: str
    label: str
    kind: str
    profile: str = "Sandbox"
    record_uuid: str | None = None
    email: str | None = None


@dataclass
class FakeKeeper:
    """Holds tokens in memory, keyed by slot id."""

    tokens: dict[str, str] = field(default_factory=dict)
    slot_list: list[FakeSlot] = field(default_factory=list)
    calls: int = 0

    def slots(self, profile: str | None = None) -> list[FakeSlot]:
        return [s for s in self.slot_list if profile is None or s.profile == profile]

    def add(self, slot: FakeSlot, token: str) -> None:
        self.slot_list.append(slot)
        self.tokens[slot.slot_id] = token

    async def call_with_retry(self, slot_id: str, call: Callable[[str], Awaitable[T]]) -> T:
        self.calls += 1
        return await call(self.tokens[slot_id])

    async def creation_token(self, slot_id: str) -> str:
        return self.tokens[slot_id]


class FakeSession(QObject):
    profile_changed = Signal(object)
    slots_changed = Signal()
    features_changed = Signal(object)

    def __init__(self, client: Any, profile: FakeProfile, features: list[str] | None) -> None:
        super().__init__()
        self._client = client
        self._profile = profile
        self._features = features
        self.runner = TaskRunner(self)
        self.token_keeper = FakeKeeper()

    def client(self) -> Any:
        return self._client

    def profile(self) -> FakeProfile:
        return self._profile

    def features(self) -> list[str] | None:
        return self._features
