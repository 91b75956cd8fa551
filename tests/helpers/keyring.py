"""The ``memory_keyring`` fixture: an in-memory keyring backend for one test.

Registered through keyring's own API (``keyring.set_keyring``); the backend that was active
before is restored afterwards, so tests never touch the developer's real keyring.
Use it with ``from tests.helpers.keyring import memory_keyring  # noqa: F401``, or the
``use_memory_keyring()`` context manager outside pytest fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import pytest

from capture_desktop.store.memory_backend import MemoryKeyring


@contextmanager
def use_memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with use_memory_keyring() as backend:
        yield backend
