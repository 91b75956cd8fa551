"""Fixtures for the flow-wizard tests: a real sandbox on a loopback port and a Session on it.

The sandbox runs in its own thread (uvicorn), the Session and the wizards on the test's
qasync loop; secrets go to the in-memory keyring. ``make_session`` opens the profile of any
demo client (owner by default).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.keyring import memory_keyring  # noqa: F401
from tests.helpers.qt import wait_until
from tests.helpers.sandbox import sandbox_config, sandbox_server  # noqa: F401

SessionFactory = Callable[..., Awaitable[Any]]


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Each test leaves a closed qasync loop (Qt timer objects) in reference cycles. If the
    cyclic GC happens to run on the sandbox's server thread, those QObjects are destroyed
    off their thread, their Qt timers are never unregistered, and a later timer event hits
    freed memory (a segfault a few tests later, measured: gone with GC off). So garbage is
    collected here, on the GUI thread, and not automatically while the test runs. Automatic
    collection is put back as it was (off under the session's guard in tests/ui/conftest.py),
    never simply turned on: that would undo the guard for every later test."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


@pytest.fixture
async def make_session(
    sandbox_server: Any,  # noqa: F811
    memory_keyring: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[SessionFactory]:
    from capture_desktop.sandbox.clients import load_clients
    from capture_desktop.services.session import Session
    from capture_desktop.store.profiles import Profile, ProfileStore

    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(tmp_path / "home"))
    sessions: list[Any] = []

    async def make(feature: str = "owner", **profile_fields: Any) -> Any:
        client = next(
            c for c in load_clients(sandbox_server.config.data_dir) if feature in c["features"]
        )
        session = Session(profile_store=ProfileStore(tmp_path / f"profiles-{feature}.json"))
        sessions.append(session)
        profile = Profile(
            name=f"Sandbox {feature}",
            base_url=sandbox_server.base_url,
            client_id=client["client_id"],
            environment="sandbox",
            sandbox=True,
            **profile_fields,
        )
        await session.save_profile(profile, client["client_secret"])
        await session.activate(profile.name)
        # Activation looks the client's features up in the background; let it finish so
        # no request is cut off half-way when the test's loop ends.
        await wait_until(lambda: not session.runner.pending())
        return session

    yield make
    try:
        for session in sessions:
            # The wizards' tasks run on the session's TaskRunner too. Closing the session
            # cancels whatever is left, which would hide a leak from the autouse leak check:
            # a task still finishing (a receiver closing) may end, one that does not fails here.
            try:
                await wait_until(lambda s=session: not s.runner.pending(), timeout=5)  # type: ignore[misc]
            except AssertionError:
                left = session.runner.pending()
                raise AssertionError(f"TaskRunner tasks left running: {left}") from None
    finally:
        for session in sessions:
            await session.aclose()


@pytest.fixture
async def session(make_session: SessionFactory) -> Any:
    return await make_session("owner")
