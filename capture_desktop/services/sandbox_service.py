"""The embedded Capture sandbox: start and stop it, and give it connection profiles.

The server is the core's ``SandboxServer`` (uvicorn in a daemon thread with its own loop), so
a busy GUI never stalls it and it never stalls the GUI; starting and stopping are pushed to a
worker thread as well. Its data lives in ``<user data dir>/sandbox``. One profile is made per
demo client from ``clients.json``: "Sandbox" uses the owner client (everything allowed), the
others ("Sandbox · direct_read_access", ...) let QA try what each feature permits. Their
secrets go to the keyring like any other profile's.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    import asyncio

    from capture_desktop.services.session import Session
    from capture_desktop.services.settings import Settings
    from capture_desktop.store.profiles import Profile

log = logging.getLogger("capture_desktop.services.sandbox")

SANDBOX_PROFILE = "Sandbox"
_DEFAULT_FEATURE = "owner"


def profile_name_for(features: list[str]) -> str:
    if _DEFAULT_FEATURE in features:
        return SANDBOX_PROFILE
    return f"{SANDBOX_PROFILE} · {features[0] if features else 'no features'}"


class SandboxService(QObject):
    """Owns the one embedded sandbox server of this app instance.

    It is given to the ``Session`` (``Session(sandbox=...)``); the methods that fill or open
    profiles take the session they work on.
    """

    started = Signal(str)  # base URL
    stopped = Signal()

    def __init__(
        self,
        data_dir: Path | None = None,
        parent: QObject | None = None,
        *,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        # SandboxConfig fields to set (tests and QA: short lifetimes, faults).
        self.overrides = dict(overrides or {})
        self._server: Any = None
        self._lock_: asyncio.Lock | None = None

    @property
    def data_dir(self) -> Path:
        if self._data_dir is None:
            from capture_desktop.store import paths

            self._data_dir = paths.data_dir() / "sandbox"
        return self._data_dir

    @property
    def _lock(self) -> asyncio.Lock:
        import asyncio  # lazily: not needed before the window paints

        if self._lock_ is None:
            self._lock_ = asyncio.Lock()
        return self._lock_

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def base_url(self) -> str | None:
        return str(self._server.base_url) if self._server is not None else None

    async def ensure_running(self, settings: Settings) -> str:
        """Start the sandbox unless it runs (on ``settings``' port and token lifetime); return
        its base URL."""
        import asyncio

        async with self._lock:
            if self._server is None:
                from capture_desktop.sandbox import SandboxConfig, SandboxServer

                self.data_dir.mkdir(parents=True, exist_ok=True)
                values: dict[str, Any] = {
                    "access_token_lifetime": int(settings.sandbox_access_token_lifetime),
                    **self.overrides,
                }
                config = SandboxConfig(data_dir=self.data_dir, **values)
                server = SandboxServer(config, port=int(settings.sandbox_port))
                try:
                    await asyncio.to_thread(server.start)
                except OSError:
                    # The remembered port is taken: any free port will do.
                    server = SandboxServer(config, port=0)
                    await asyncio.to_thread(server.start)
                self._server = server
                log.info("sandbox listening at %s", server.base_url)
                self.started.emit(str(server.base_url))
            return str(self._server.base_url)

    async def stop(self) -> None:

        import asyncio

        async with self._lock:
            server, self._server = self._server, None
        if server is not None:
            await asyncio.to_thread(server.stop)
            self.stopped.emit()

    def stop_blocking(self) -> None:
        """For shutdown paths without a loop: stop the thread and wait for it."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()

    def clients(self) -> list[dict[str, Any]]:
        from capture_desktop.sandbox import load_clients

        return load_clients(self.data_dir)

    async def secret_for(self, client_id: str) -> str | None:
        """The demo client's secret from clients.json (used only when no keyring exists)."""
        import asyncio

        clients = await asyncio.to_thread(self.clients)
        for client in clients:
            if client.get("client_id") == client_id:
                return str(client["client_secret"])
        return None

    async def sync_profiles(self, session: Session) -> list[Profile]:
        """Create or update one profile per demo client in ``session`` (secrets to the
        keyring)."""
        import asyncio

        from capture_desktop.store.profiles import Profile
        from capture_desktop.store.secret_errors import SecretStoreUnavailable

        base_url = await self.ensure_running(session.settings)
        port = int(base_url.rsplit(":", 1)[1])
        if session.settings.sandbox_port != port:
            # Keep the port so profiles and registered redirect settings stay stable.
            session.settings.sandbox_port = port
        store = session.profile_store
        made: list[Profile] = []
        clients = await asyncio.to_thread(self.clients)
        for client in clients:
            features = list(client.get("features") or [])
            name = profile_name_for(features)
            profile = Profile(
                name=name,
                base_url=base_url,
                client_id=str(client["client_id"]),
                auth_method="basic",
                type_name="user",
                environment="sandbox",
                sandbox=True,
            )
            existing = store.get(name) if name in store.names() else None
            try:
                secret_missing = not await session.has_client_secret(name)
                if existing != profile or secret_missing:
                    await session.save_profile(
                        profile, str(client["client_secret"]), reactivate=False
                    )
            except SecretStoreUnavailable:
                # No keyring: keep the profile; its secret is read from clients.json.
                if existing != profile:
                    await session.save_profile(profile, None, reactivate=False)
            session.remember_features(name, features)
            made.append(profile)
        return made

    async def open_sandbox_profile(self, session: Session) -> Profile:
        """Start the sandbox, make its profiles in ``session`` and switch to the owner one."""
        profiles = await self.sync_profiles(session)
        chosen = next((p for p in profiles if p.name == SANDBOX_PROFILE), profiles[0])
        await session.activate(chosen.name)
        log.info("sandbox profile %r is active", chosen.name)
        return chosen
