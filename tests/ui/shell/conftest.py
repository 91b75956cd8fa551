"""Fixtures for the shell tests: a private app home, an in-memory keyring, a Session on the
built-in sandbox (a real uvicorn port, started through the app's own SandboxService), and the
main window or the token panel shown on it (a test module may define its own ``window`` or
``panel``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from capture_desktop.services.sandbox_service import SandboxService
from capture_desktop.services.session import Session
from capture_desktop.services.settings import Settings
from capture_desktop.ui.main_window import MainWindow
from capture_desktop.ui.token_panel import TokenPanel
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


@pytest.fixture
def window_size() -> tuple[int, int] | None:
    """The size ``window`` is shown at; ``None`` keeps the window's own default size. A test
    module overrides this fixture (or parametrizes it) to look at another size."""
    return (1300, 860)  # every page fits


@pytest.fixture
def window(sandbox_session: Session, window_size: tuple[int, int] | None) -> Iterator[MainWindow]:
    """The main window on the sandbox session, shown at ``window_size``."""
    window = MainWindow(sandbox_session)
    if window_size is not None:
        window.resize(*window_size)
    window.show()
    yield window
    window.close()
    window.deleteLater()


@pytest.fixture
async def panel(sandbox_session: Session) -> AsyncIterator[TokenPanel]:
    """The token panel on its own, shown, on the sandbox session."""
    panel = TokenPanel(sandbox_session)
    panel.show()
    yield panel
    panel.close()
    panel.deleteLater()
