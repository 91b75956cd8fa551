"""Who hears about token slots: state callbacks (told only when a slot's state changes) and
slot-list callbacks. A failing subscriber is logged; it never breaks the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from capture_desktop.auth.token_types import StateCallback
from capture_desktop.store.slots import SlotState

log = logging.getLogger(__name__)

__all__ = ["SlotEvents"]


class SlotEvents:
    """The subscribers of a ``TokenKeeper``. Call from the event-loop thread only."""

    def __init__(self) -> None:
        self._last_state: dict[str, SlotState] = {}
        self._state_callbacks: list[StateCallback] = []
        self._slot_callbacks: list[Callable[[], None]] = []

    def subscribe(self, callback: StateCallback) -> Callable[[], None]:
        """Call ``callback(slot_id, state)`` on every state change; returns unsubscribe."""
        self._state_callbacks.append(callback)
        return lambda: self._state_callbacks.remove(callback)

    def subscribe_slots(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` when slots are added, replaced or removed."""
        self._slot_callbacks.append(callback)
        return lambda: self._slot_callbacks.remove(callback)

    def slots_changed(self) -> None:
        for callback in list(self._slot_callbacks):
            try:
                callback()
            except Exception:
                log.exception("slot-change subscriber failed")

    def state_is(self, slot_id: str, state: SlotState) -> None:
        """Tell the state subscribers, unless ``state`` is what they last heard for the slot."""
        if self._last_state.get(slot_id) == state:
            return
        self._last_state[slot_id] = state
        for callback in list(self._state_callbacks):
            try:
                callback(slot_id, state)
            except Exception:
                log.exception("token-state subscriber failed")

    def forget(self, slot_id: str) -> None:
        """The slot is gone: a slot by that id later is news again."""
        self._last_state.pop(slot_id, None)
