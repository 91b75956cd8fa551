"""The throw-away world the screenshot scripts paint: a sandbox on a real port in a temporary
folder, the app's home beside it, secrets in an in-memory keyring, and a Session with the
"Sandbox" profile active as the owner client."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import keyring
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget

OUT = Path(__file__).resolve().parents[2] / "resources" / "screenshots"


def write_png(image: QPixmap, filename: str) -> None:
    """Save ``image`` as ``resources/screenshots/<filename>`` and say so."""
    path = OUT / filename
    image.save(str(path))
    print("wrote", path.relative_to(OUT.parents[1]))


async def save_shot(widget: QWidget, filename: str) -> None:
    """Let layouts, countdowns and style sheets settle, then save what ``widget`` shows.
    Yields to the loop (which runs Qt's events too); never processEvents() inside a
    coroutine, that nests the loop."""
    for _ in range(3):
        await asyncio.sleep(0.05)
    write_png(widget.grab(), filename)


async def make_session(base_url: str, data_dir: Path, home: Path, *, start: bool = False) -> Any:
    """A Session with the sandbox's owner client as the active "Sandbox" profile. ``start``
    runs ``Session.start()`` first (the shell shows its pages once the session has started)."""
    from capture_desktop.sandbox.clients import load_clients
    from capture_desktop.services.session import Session
    from capture_desktop.store.profiles import Profile, ProfileStore

    owner = next(c for c in load_clients(data_dir) if c["features"] == ["owner"])
    session = Session(profile_store=ProfileStore(home / "profiles.json"))
    if start:
        await session.start()
    profile = Profile(
        name="Sandbox",
        base_url=base_url,
        client_id=owner["client_id"],
        environment="sandbox",
        sandbox=True,
        redirect_ports=[],
    )
    await session.save_profile(profile, owner["client_secret"])
    await session.activate("Sandbox")
    return session


@asynccontextmanager
async def sandbox_session(
    seed_users: int = 0, *, start: bool = False
) -> AsyncIterator[tuple[Any, Any]]:
    """Yields ``(session, server)``; everything is stopped and removed afterwards."""
    from capture_desktop.sandbox.config import SandboxConfig
    from capture_desktop.sandbox.server import SandboxServer
    from capture_desktop.store.memory_backend import MemoryKeyring

    QApplication.instance().setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
    OUT.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["CAPTURE_DESKTOP_HOME"] = str(root / "home")
        data_dir = root / "sandbox"
        server = SandboxServer(SandboxConfig(data_dir=data_dir, seed_users=seed_users), port=0)
        await asyncio.to_thread(server.start)
        session = await make_session(server.base_url, data_dir, root, start=start)
        try:
            yield session, server
        finally:
            await session.aclose()
            await asyncio.to_thread(server.stop)
