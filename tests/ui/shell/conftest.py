"""Fixtures for the shell tests: a private app home, an in-memory keyring, and a Session on
the built-in sandbox (a real uvicorn port, started through the app's own SandboxService)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from capture_desktop.services.sandbox_service import SandboxService
from capture_desktop.services.session import Session
from capture_desktop.services.settings import Settings
from tests.helpers.keyring import memory_keyring  # noqa: F401


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(home))
    return home


@pytest.fixture
def sandbox_overrides() -> dict[str, Any]:
    """SandboxConfig fields for the test's sandbox (override in a test module)."""
    return {}


@pytest.fixture
async def session(
    app_home: Path,
    memory_keyring: Any,  # noqa: F811 - the imported fixture, requested by name
    qapp: Any,
) -> AsyncIterator[Session]:
    session = Session(Settings(clipboard_clear_seconds=0.2))
    await session.start()
    try:
        yield session
    finally:
        await session.aclose()
        if session.sandbox is not None:
            await session.sandbox.stop()


@pytest.fixture
async def sandbox_session(
    session: Session, app_home: Path, sandbox_overrides: dict[str, Any]
) -> Session:
    session.sandbox = SandboxService(app_home / "sandbox", overrides=sandbox_overrides)
    await session.sandbox.open_sandbox_profile(session)
    return session
